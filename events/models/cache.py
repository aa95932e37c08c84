from django.db import models
from django.db.models import F


class ContentVersion(models.Model):
    """A counter that moves whenever published content changes.

    The page cache keys every entry with it, so a publish anywhere makes every
    cached page stale at once, in every app server, whatever the cache backend.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"content version {self.value}"

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("value", flat=True).first() or 0

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(value=F("value") + 1):
            cls.objects.get_or_create(pk=1, defaults={"value": 1})
