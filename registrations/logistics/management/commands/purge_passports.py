"""Delete the passport data of events that ended more than the retention period ago (run daily from cron)."""

from django.core.management.base import BaseCommand, CommandError

from registrations.logistics.domain.passports import purge_passports, retention_days


class Command(BaseCommand):
    help = "Delete guests' passport data a number of days after their event ended (default: the office's setting)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Days after the event's end (default: Settings → Visa letters).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be purged, delete nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 0:
            raise CommandError("--days cannot be negative.")
        days = retention_days() if days is None else days
        purged = purge_passports(days=days, dry_run=dry_run)
        total = sum(purged.values())
        verb = "would be purged" if dry_run else "purged"
        self.stdout.write(
            f"Passport data of {total} guest(s) at {len(purged)} event(s) {verb} (older than {days} days)."
        )
