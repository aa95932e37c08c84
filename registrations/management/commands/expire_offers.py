"""Withdraw lapsed offers of a place and pass them on to the waiting list: run it from cron."""

from django.core.management.base import BaseCommand

from registrations.domain.actions import expire_offers


class Command(BaseCommand):
    help = "Withdraw offers of a place that were not accepted in time; the places go to the next in line."

    def handle(self, **options):
        count = expire_offers()
        self.stdout.write(f"{count} lapsed offers withdrawn.")
