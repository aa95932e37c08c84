"""Send messages whose task was lost: run it from cron every few minutes, or after an outage."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from registrations.domain.messages import enqueue_messages
from registrations.models import Message
from registrations.tasks import deliver, send_message


class Command(BaseCommand):
    help = (
        "Send messages still queued after --older-than minutes (their task was lost to a crash or a "
        "queue outage), and attempts left unfinished by a worker that died (after --stuck-after minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=float, default=10, metavar="MINUTES")
        parser.add_argument("--stuck-after", type=float, default=60, metavar="MINUTES")
        parser.add_argument("--inline", action="store_true", help="send from this process, not through the queue")

    def handle(self, *, older_than, stuck_after, inline, **options):
        now = timezone.now()
        queued = Message.objects.filter(status=Message.Status.QUEUED).order_by("pk")
        # Never attempted: their task is gone (a second task for the same message would skip it).
        fresh = list(
            queued.filter(attempts=0, created_at__lte=now - timedelta(minutes=older_than)).values_list("pk", flat=True)
        )
        # Attempted, never finished: the worker died between claiming and recording the outcome.
        stuck = list(
            queued.filter(attempts__gt=0, created_at__lte=now - timedelta(minutes=stuck_after)).values_list(
                "pk", "attempts"
            )
        )
        if inline:
            outcomes = [deliver(pk) for pk in fresh] + [deliver(pk, attempt=n + 1) for pk, n in stuck]
            sent = outcomes.count("sent")
            self.stdout.write(f"{sent} of {len(outcomes)} pending messages sent.")
            return
        enqueue_messages(fresh)
        for pk, attempts in stuck:
            send_message.enqueue(pk, attempt=attempts + 1)
        self.stdout.write(f"{len(fresh) + len(stuck)} pending messages handed to the task queue.")
