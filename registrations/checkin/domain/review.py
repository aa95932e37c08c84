"""Scans flagged for review (offline duplicates, forced admissions): a supervisor looks and marks them reviewed."""

from django.db import transaction
from wagtail.log_actions import log

from registrations.checkin.models import Scan


@transaction.atomic
def mark_reviewed(*, scan: Scan, by=None) -> Scan:
    """The scan leaves the list to review; marking it again changes nothing and logs nothing."""
    scan = Scan.objects.select_for_update().get(pk=scan.pk)
    if scan.needs_review:
        scan.needs_review = False
        scan.save(update_fields=["needs_review"])
        log(
            instance=scan,
            action="checkin.scan_reviewed",
            user=by,
            data={"result": scan.result, "registration": scan.registration_id, "point": scan.point_id},
        )
    return scan
