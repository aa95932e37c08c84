"""The translation catalogues are complete, keep their placeholders, and are compiled."""

import re
from pathlib import Path

import polib
import pytest
from django.utils.translation import gettext, override

LOCALE_DIR = Path(__file__).resolve().parent.parent / "site" / "locale"
CATALOGUES = [LOCALE_DIR / lang / "LC_MESSAGES" / "django.po" for lang in ("zh_Hans", "en")]

# %(name)s-style and bare %s/%d conversions, and {name} fields; "%%" is matched only to be dropped.
PLACEHOLDER = re.compile(r"%%|%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdif]|\{\w*\}")


def placeholders(text):
    return {p for p in PLACEHOLDER.findall(text) if p != "%%"}


def label(entry):
    return f"{entry.msgctxt!r} {entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)


def translations(catalogue):
    """(msgctxt, msgid) -> translation, for the entries msgfmt compiles."""
    return {
        (e.msgctxt, e.msgid): tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
        for e in catalogue
        if e.msgid and not e.obsolete and "fuzzy" not in e.flags
    }


@pytest.fixture(params=CATALOGUES, ids=lambda path: path.parts[-3])
def po(request):
    return polib.pofile(str(request.param))


def test_every_entry_is_translated(po):
    assert not po.metadata_is_fuzzy, f"{po.fpath}: header is fuzzy"
    for entry in po:
        assert not entry.obsolete, f"{po.fpath}: obsolete entry {label(entry)}"
        assert "fuzzy" not in entry.flags, f"{po.fpath}: fuzzy entry {label(entry)}"
        assert entry.translated(), f"{po.fpath}: untranslated entry {label(entry)}"


def test_placeholders_are_kept(po):
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", po.metadata["Plural-Forms"]).group(1))
    for entry in po:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, f"{po.fpath}: {label(entry)} needs {nplurals} plural forms"
            for i, text in entry.msgstr_plural.items():
                # With one form it stands for every count; with several, form 0 is the singular.
                source = entry.msgid if i == 0 and nplurals > 1 else entry.msgid_plural
                found, wanted = placeholders(text), placeholders(source)
                assert found == wanted, f"{po.fpath}: {label(entry)} msgstr[{i}] has {found}, not {wanted}"
        else:
            found, wanted = placeholders(entry.msgstr), placeholders(entry.msgid)
            assert found == wanted, f"{po.fpath}: {label(entry)} has {found}, not {wanted}"


def test_compiled_catalogue_matches(po):
    mo_path = Path(po.fpath).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run manage.py compilemessages"
    expected, compiled = translations(po), translations(polib.mofile(str(mo_path)))
    stale = sorted(str(key) for key in expected.keys() ^ compiled.keys())
    stale += sorted(str(key) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    assert not stale, f"{mo_path} is out of date (run manage.py compilemessages): {stale}"


def test_django_uses_the_catalogues():
    with override("zh-hans"):
        assert gettext("Add to calendar") == "添加到日历", "zh-hans: 'Add to calendar'"
    with override("en"):
        assert gettext("Add to calendar") == "Add to calendar", "en: 'Add to calendar'"
