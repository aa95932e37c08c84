"""Prepare a fresh or upgraded installation: page tree, site address, fresh page cache.

Run after `migrate` on every deployment. Idempotent.
"""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from events.models import ContentVersion
from events.setup import ensure_site_structure


class Command(BaseCommand):
    help = "Create the home and event index pages in every language, set the site's address, refresh cached pages."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", help="Public host name, e.g. events.fao.hunan.gov.cn")
        parser.add_argument("--port", type=int, help="Public port: 443 behind TLS, 80 otherwise")

    def handle(self, *args, hostname=None, port=None, **options):
        homes = ensure_site_structure()
        from registrations.permissions import ensure_staff_groups

        ensure_staff_groups()
        site = Site.objects.get(is_default_site=True)
        if hostname:
            site.hostname = hostname
        if port:
            site.port = port
        site.save()
        # Pages cached by the previous release were rendered with its templates.
        ContentVersion.bump()
        languages = ", ".join(f"{code}: {home.url}" for code, home in homes.items())
        self.stdout.write(f"Site {site.hostname}:{site.port} ready ({languages}).")
