"""Try failed messages again now, instead of waiting for their next scheduled attempt."""

from django.core.management.base import BaseCommand

from registrations.models import Message
from registrations.tasks import MAX_ATTEMPTS, deliver, send_message


class Command(BaseCommand):
    help = (
        f"Try failed messages again now. Without --all, only those with attempts left (fewer than "
        f"{MAX_ATTEMPTS}); with --all, also those that gave up (after the mail settings were fixed, say)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", dest="everything", help="also messages that gave up")
        parser.add_argument("--event", type=int, metavar="ID", help="only messages about this event (EventConfig id)")
        parser.add_argument("--inline", action="store_true", help="send from this process, not through the queue")

    def handle(self, *, everything, event, inline, **options):
        failed = Message.objects.filter(status=Message.Status.FAILED).order_by("pk")
        if not everything:
            failed = failed.filter(attempts__lt=MAX_ATTEMPTS)
        if event is not None:
            failed = failed.filter(registration__event_id=event)
        # The next attempt's number: a scheduled retry of the same attempt is then skipped.
        pending = list(failed.values_list("pk", "attempts"))
        if inline:
            outcomes = [deliver(pk, attempt=attempts + 1) for pk, attempts in pending]
            self.stdout.write(f"{outcomes.count('sent')} of {len(outcomes)} failed messages sent.")
            return
        for pk, attempts in pending:
            send_message.enqueue(pk, attempt=attempts + 1)
        self.stdout.write(f"{len(pending)} failed messages handed to the task queue.")
