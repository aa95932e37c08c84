"""Showing translatable snippets in a page's language without a query per object.

Pages keep pointing at the snippet they were created with; a translated page
shows that snippet's translation in its own locale when there is one.
"""

from collections.abc import Iterable


def localized_map(objects: Iterable, locale) -> dict:
    """Map each object's pk to its translation in `locale` (or itself), in one query per model."""
    objects = [obj for obj in objects if obj is not None]
    result = {obj.pk: obj for obj in objects}
    foreign = [obj for obj in objects if obj.locale_id != locale.pk]
    if not foreign:
        return result
    model = type(foreign[0])
    translations = {
        t.translation_key: t
        for t in model.objects.filter(locale=locale, translation_key__in={obj.translation_key for obj in foreign})
    }
    for obj in foreign:
        result[obj.pk] = translations.get(obj.translation_key, obj)
    return result


def localized(obj, locale):
    """The translation of one object in `locale`, or the object itself."""
    if obj is None:
        return None
    return localized_map([obj], locale)[obj.pk]
