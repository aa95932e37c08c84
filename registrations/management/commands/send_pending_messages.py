"""Send messages whose task was lost, now. The outbox sweep does the same by itself every
OUTBOX_SWEEP_SECONDS while anything is pending; this command is for after an outage, by hand."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from registrations.tasks import sweep


class Command(BaseCommand):
    help = (
        "Send messages still queued after --older-than minutes (their task was lost to a crash or a "
        "queue outage), attempts left unfinished by a worker that died, and retries whose task was lost "
        "(after --stuck-after minutes)."
    )

    def add_arguments(self, parser):
        default = int(getattr(settings, "OUTBOX_STUCK_SECONDS", 180)) / 60
        parser.add_argument("--older-than", type=float, default=default, metavar="MINUTES")
        parser.add_argument("--stuck-after", type=float, default=default, metavar="MINUTES")
        parser.add_argument("--inline", action="store_true", help="send from this process, not through the queue")

    def handle(self, *, older_than, stuck_after, inline, **options):
        count = sweep(
            lost_after=timedelta(minutes=older_than), stuck_after=timedelta(minutes=stuck_after), inline=inline
        )
        where = "sent from this process" if inline else "handed to the task queue"
        self.stdout.write(f"{count} pending messages {where}.")
