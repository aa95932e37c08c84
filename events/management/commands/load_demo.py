"""Load the demo content and print the local admin login; safe to run again and again."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from events.demo.loader import load

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the demo brands, venues, speakers and event pages (zh-hans and en) that are missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password-file",
            type=Path,
            default=Path(settings.BASE_DIR) / ".local" / "admin-password",
            help="Where the random password of the local 'admin' user is kept (default: .local/admin-password).",
        )
        parser.add_argument("--no-admin", action="store_true", help="Do not create or report the admin user.")

    def handle(self, *args, **options):
        report = load()
        self.stdout.write("Demo content:" if report.changed else "Demo content: already complete, nothing created.")
        for line in report.lines():
            self.stdout.write(line)
        from registrations.demo import load_registrations

        guests = load_registrations()
        self.stdout.write(f"  {'registrations':<22} {guests} created" if guests else "  registrations: already present")
        from registrations.logistics.demo import load_logistics

        travellers = load_logistics()
        self.stdout.write(
            f"  {'logistics':<22} {travellers} guests' travel created" if travellers else "  logistics: already present"
        )
        from registrations.logistics.protocol_demo import load_protocol

        protocol = load_protocol()
        self.stdout.write(f"  {'protocol':<22} {protocol} created" if protocol else "  protocol: already present")
        from registrations.checkin.demo import load_checkin
        from registrations.checkin.domain.devices import setup_url

        # Beside the admin password: .local/checkin-device-token by default.
        token_file = options["password_file"].parent / "checkin-device-token"
        points, token = load_checkin(token_file)
        self.stdout.write(
            f"  {'check-in':<22} {points} points created" if points else "  check-in: points already present"
        )
        port = os.environ.get("PORT", "8000")
        if token:
            self.stdout.write(
                f"Scanner: {setup_url(f'http://127.0.0.1:{port}', token)}  (demo device; token in {token_file})"
            )
        if not options["no_admin"]:
            password = ensure_admin(options["password_file"], self.stdout)
            if password:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Admin: http://127.0.0.1:{port}/admin/  user: {ADMIN_USERNAME}  password: {password}"
                    )
                )
            else:
                self.stdout.write(
                    self.style.WARNING(
                        f"Admin: http://127.0.0.1:{port}/admin/  user: {ADMIN_USERNAME}  password: changed since it "
                        f"was stored in {options['password_file']}; set a new one with "
                        f"`manage.py changepassword {ADMIN_USERNAME}`."
                    )
                )


def ensure_admin(password_file: Path, stdout) -> str | None:
    """The local admin's password: stored, or newly random when the user or the file is new.

    Returns None when the user's password was changed after it was stored: it is
    never reset behind the back of whoever changed it.
    """
    User = get_user_model()
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    stored = password_file.read_text(encoding="utf-8").strip() if password_file.exists() else ""
    if user is not None and stored:
        return stored if user.check_password(stored) else None

    password = secrets.token_urlsafe(18)
    password_file.parent.mkdir(parents=True, exist_ok=True)
    password_file.touch(mode=0o600, exist_ok=True)
    password_file.chmod(0o600)
    with transaction.atomic():
        if user is None:
            User.objects.create_superuser(username=ADMIN_USERNAME, email="", password=password)
            stdout.write(f"  admin user             created; password stored in {password_file}")
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
            stdout.write(f"  admin user             new password (none was stored), kept in {password_file}")
        password_file.write_text(password + "\n", encoding="utf-8")
    return password
