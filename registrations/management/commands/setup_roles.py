"""Create the four staff groups and put every holder of an event role in its group."""

from django.core.management.base import BaseCommand

from registrations.domain.backoffice import sync_staff_groups
from registrations.permissions import GROUPS


class Command(BaseCommand):
    help = "Create the staff groups (Event managers, Registration staff, ...) that let staff into the admin."

    def handle(self, *args, **options):
        added = sync_staff_groups()
        self.stdout.write(f"Groups ready: {', '.join(GROUPS.values())}; {added} role holder(s) added to a group.")
