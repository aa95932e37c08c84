"""Interpreters: the roster, assignments to sessions, meetings and delegations, and their warnings."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.domain.errors import RegistrationError
from registrations.logistics.models import Interpreter, InterpreterAssignment, Meeting
from registrations.logistics.models.interpreters import LANGUAGES, language_name, normalise_pair, pair_label
from registrations.models import ATTENDING, HOLDING_PLACE, Delegation, EventConfig, Registration

# The language a country's guests are interpreted into, when their own preference is not given.
COUNTRY_LANGUAGES = {
    "GB": "en", "US": "en", "AU": "en", "CA": "en", "NZ": "en", "IE": "en", "ZA": "en", "KE": "en",
    "NG": "en", "GH": "en", "IN": "en", "PK": "en", "SG": "en", "PH": "en", "UG": "en", "TZ": "sw",
    "RU": "ru", "BY": "ru", "KZ": "ru", "KG": "ru", "TJ": "ru", "UZ": "ru", "FR": "fr", "BE": "fr",
    "SN": "fr", "CI": "fr", "CM": "fr", "MA": "ar", "DZ": "ar", "TN": "ar", "EG": "ar", "SA": "ar",
    "AE": "ar", "QA": "ar", "KW": "ar", "JO": "ar", "IQ": "ar", "DE": "de", "AT": "de", "CH": "de",
    "ES": "es", "MX": "es", "AR": "es", "CL": "es", "CO": "es", "PE": "es", "CU": "es", "VE": "es",
    "PT": "pt", "BR": "pt", "AO": "pt", "MZ": "pt", "JP": "ja", "KR": "ko", "KP": "ko", "IT": "it",
    "HU": "hu", "PL": "pl", "VN": "vi", "TH": "th", "MY": "ms", "ID": "id", "TR": "tr", "IR": "fa",
    "NL": "nl", "CZ": "cs",
}  # fmt: skip
# Guests who speak Chinese need no interpreter.
CHINESE = {"zh", "zh-hans", "zh-hant", "zh-cn", "zh-tw", "zh-hk"}
CHINESE_COUNTRIES = {"CN", "HK", "MO", "TW"}


def guest_language(*, language: str = "", country: str = "") -> str | None:
    """The language a guest is interpreted into: their preferred one if we interpret it, else their country's."""
    code = (language or "").lower()
    if code in CHINESE or code.split("-")[0] == "zh":
        return None
    base = code.split("-")[0]
    if base in LANGUAGES:
        return base
    if country in CHINESE_COUNTRIES:
        return None
    return COUNTRY_LANGUAGES.get(country)


def parse_pairs(text: str) -> list[str]:
    """'zh-en, zh<->ru' → ['en-zh', 'ru-zh']; RegistrationError naming what it cannot read."""
    pairs = set()
    for part in text.replace("，", ",").replace("、", ",").replace(";", ",").split(","):
        if not part.strip():
            continue
        try:
            pairs.add(normalise_pair(part))
        except ValueError:
            raise RegistrationError(
                "language_pair", _("“%(pair)s” is not a language pair such as zh-en.") % {"pair": part.strip()}
            ) from None
    if not pairs:
        raise RegistrationError("language_pair", _("Give at least one language pair, such as zh-en."))
    return sorted(pairs)


@transaction.atomic
def save_interpreter(
    *, event: EventConfig, interpreter: Interpreter | None = None, name: str, pairs: list[str], by=None, **contact
) -> Interpreter:
    if interpreter is not None and interpreter.event_id != event.pk:
        raise RegistrationError("wrong_event", _("This interpreter works at another event."))
    interpreter = interpreter or Interpreter(event=event)
    interpreter.name = name.strip()
    interpreter.language_pairs = sorted({normalise_pair(pair) for pair in pairs})
    for key in ("phone", "email", "notes"):
        setattr(interpreter, key, contact.get(key) or "")
    created = interpreter.pk is None
    interpreter.save()
    log(instance=interpreter, action="wagtail.create" if created else "wagtail.edit", user=by)
    return interpreter


@transaction.atomic
def delete_interpreter(*, interpreter: Interpreter, by=None) -> None:
    log(instance=interpreter, action="wagtail.delete", user=by)
    interpreter.delete()


@transaction.atomic
def save_meeting(*, event: EventConfig, meeting: Meeting | None = None, participants=(), by=None, **fields) -> Meeting:
    if meeting is not None and meeting.event_id != event.pk:
        raise RegistrationError("wrong_event", _("This meeting belongs to another event."))
    delegation = fields.get("delegation")
    if delegation is not None and delegation.event_id != event.pk:
        raise RegistrationError("wrong_event", _("This delegation belongs to another event."))
    participants = list(participants)
    if any(p.event_id != event.pk for p in participants):
        raise RegistrationError("wrong_event", _("Some of these guests are not registered for this event."))
    if fields["end"] <= fields["start"]:
        raise RegistrationError("times", _("A meeting ends after it starts."))
    meeting = meeting or Meeting(event=event)
    for key, value in fields.items():
        setattr(meeting, key, value)
    created = meeting.pk is None
    meeting.save()
    meeting.participants.set(participants)
    # Interpreters at the meeting follow its new times.
    meeting.assignments.update(start=meeting.start, end=meeting.end)
    log(instance=meeting, action="wagtail.create" if created else "wagtail.edit", user=by)
    return meeting


@transaction.atomic
def delete_meeting(*, meeting: Meeting, by=None) -> None:
    log(instance=meeting, action="wagtail.delete", user=by)
    meeting.delete()


@transaction.atomic
def assign_interpreter(
    *,
    interpreter: Interpreter,
    language_pair: str,
    session=None,
    meeting: Meeting | None = None,
    delegation: Delegation | None = None,
    principal: Registration | None = None,
    start=None,
    end=None,
    by=None,
) -> InterpreterAssignment:
    """Put an interpreter at a session, a meeting or with a delegation (then from `start` to `end`).

    A double booking is allowed (plans change) but shows among the warnings.
    """
    event = interpreter.event
    subjects = [s for s in (session, meeting, delegation) if s is not None]
    if len(subjects) != 1:
        raise RegistrationError("subject", _("Assign the interpreter to one session, meeting or delegation."))
    try:
        pair = normalise_pair(language_pair)
    except ValueError:
        raise RegistrationError("language_pair", _("Choose a language pair.")) from None
    if pair not in interpreter.language_pairs:
        raise RegistrationError(
            "language_pair",
            _("%(name)s does not work between %(pair)s.") % {"name": interpreter.name, "pair": pair_label(pair)},
        )
    if session is not None:
        if session.page_id != event.event_id:
            raise RegistrationError("wrong_event", _("This session belongs to another event."))
        start, end = session.start, session.end
    elif meeting is not None:
        if meeting.event_id != event.pk:
            raise RegistrationError("wrong_event", _("This meeting belongs to another event."))
        start, end = meeting.start, meeting.end
    else:
        if delegation.event_id != event.pk:
            raise RegistrationError("wrong_event", _("This delegation belongs to another event."))
        start, end = start or event.event.start, end or event.event.end
    if start is None or end is None or end <= start:
        raise RegistrationError("times", _("An assignment ends after it starts."))
    if principal is not None and principal.event_id != event.pk:
        raise RegistrationError("wrong_event", _("This guest is not registered for this event."))
    assignment = InterpreterAssignment.objects.create(
        interpreter=interpreter,
        session=session,
        meeting=meeting,
        delegation=delegation,
        principal=principal,
        language_pair=pair,
        start=start,
        end=end,
    )
    log(instance=assignment, action="wagtail.create", user=by)
    return assignment


@transaction.atomic
def unassign_interpreter(*, assignment: InterpreterAssignment, by=None) -> None:
    log(instance=assignment, action="wagtail.delete", user=by)
    assignment.delete()


def assignments_of(config: EventConfig) -> list[InterpreterAssignment]:
    """The event's assignments in time order, sessions titled in the active language (one query for all)."""
    assignments = list(
        InterpreterAssignment.objects.filter(interpreter__event=config)
        .select_related("interpreter", "session__room", "meeting", "delegation", "principal__person")
        .order_by("start", "interpreter__name", "pk")
    )
    titles = local_session_titles([a.session for a in assignments if a.session_id])
    for assignment in assignments:
        if assignment.session_id:
            assignment.session_title = titles[assignment.session_id]
    return assignments


# Warnings ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Warning:
    code: str  # "double_booked", "no_interpreter"
    message: str
    interpreter: Interpreter | None = None
    delegation: Delegation | None = None
    assignments: tuple = ()


def _same_party(a: InterpreterAssignment, b: InterpreterAssignment) -> bool:
    """Two assignments that keep the interpreter in one place: the same session, meeting or delegation
    (say, for two language pairs), or a delegation and a meeting of that same delegation."""
    if (a.session_id, a.meeting_id, a.delegation_id) == (b.session_id, b.meeting_id, b.delegation_id):
        return True
    delegations = {a.delegation_id, b.delegation_id} - {None}
    meeting_delegations = {m.delegation_id for m in (a.meeting, b.meeting) if m is not None} - {None}
    return len(delegations) == 1 and bool(delegations & meeting_delegations)


def double_bookings(config: EventConfig, assignments=None) -> list[Warning]:
    """Each pair of one interpreter's assignments whose times overlap."""
    assignments = list(assignments if assignments is not None else assignments_of(config))
    by_interpreter: dict[int, list] = {}
    for assignment in assignments:
        by_interpreter.setdefault(assignment.interpreter_id, []).append(assignment)
    warnings = []
    for own in by_interpreter.values():
        own.sort(key=lambda a: (a.start, a.pk))
        for i, first in enumerate(own):
            for second in own[i + 1 :]:
                if second.start >= first.end:
                    break
                if _same_party(first, second):
                    continue
                warnings.append(
                    Warning(
                        code="double_booked",
                        message=_("%(name)s is booked twice at once: %(first)s and %(second)s.")
                        % {
                            "name": first.interpreter.name,
                            "first": subject_label(first),
                            "second": subject_label(second),
                        },
                        interpreter=first.interpreter,
                        assignments=(first, second),
                    )
                )
    return warnings


def delegation_languages(config: EventConfig) -> dict[int, set[str]]:
    """The languages each delegation of the event needs: its members' (or else its country's)."""
    needed: dict[int, set[str]] = {}
    members = Registration.objects.filter(event=config, delegation__isnull=False, status__in=HOLDING_PLACE).values_list(
        "delegation_id", "person__language", "person__country"
    )
    for delegation_id, language, country in members:
        code = guest_language(language=language, country=country)
        if code:
            needed.setdefault(delegation_id, set()).add(code)
    for delegation in Delegation.objects.filter(event=config).exclude(pk__in=list(needed)):
        code = guest_language(country=delegation.country.code)
        if code:
            needed[delegation.pk] = {code}
    return needed


def uncovered_delegations(config: EventConfig, assignments=None) -> list[Warning]:
    """Each delegation with a language that no interpreter assigned to it (or its meetings) covers with Chinese."""
    assignments = list(assignments if assignments is not None else assignments_of(config))
    covered: dict[int, set[str]] = {}
    for assignment in assignments:
        delegation_id = assignment.delegation_id or (assignment.meeting.delegation_id if assignment.meeting else None)
        if delegation_id is None and assignment.principal_id:
            delegation_id = assignment.principal.delegation_id
        if delegation_id is None:
            continue
        first, _sep, second = assignment.language_pair.partition("-")
        if "zh" in (first, second):
            covered.setdefault(delegation_id, set()).add(second if first == "zh" else first)
    delegations = {d.pk: d for d in Delegation.objects.filter(event=config)}
    warnings = []
    for delegation_id, languages in sorted(delegation_languages(config).items()):
        delegation = delegations[delegation_id]
        for code in sorted(languages - covered.get(delegation_id, set())):
            warnings.append(
                Warning(
                    code="no_interpreter",
                    message=_(
                        "%(delegation)s needs %(language)s: no interpreter for Chinese and %(language)s is assigned."
                    )
                    % {"delegation": delegation.name, "language": language_name(code)},
                    delegation=delegation,
                )
            )
    return warnings


def warnings_for(config: EventConfig) -> list[Warning]:
    assignments = list(assignments_of(config))
    return double_bookings(config, assignments) + uncovered_delegations(config, assignments)


def subject_label(assignment: InterpreterAssignment) -> str:
    """What the interpreter is assigned to, in the active language where the agenda is translated."""
    if assignment.session_id:
        return getattr(assignment, "session_title", None) or local_session_title(assignment.session)
    if assignment.meeting_id:
        return assignment.meeting.title
    return _("with %(delegation)s") % {"delegation": assignment.delegation.name}


def local_session_titles(sessions) -> dict[int, str]:
    """Each session's title in the active language, where the agenda is translated: {session id: title}."""
    from django.utils.translation import get_language
    from wagtail.models import Locale

    from events.localize import localized_map

    sessions = list(sessions)
    if not sessions:
        return {}
    try:
        locale = Locale.objects.get_for_language(get_language() or "zh-hans")
    except Locale.DoesNotExist:
        return {session.pk: session.title for session in sessions}
    translated = localized_map(sessions, locale)
    return {session.pk: translated[session.pk].title for session in sessions}


def local_session_title(session) -> str:
    return local_session_titles([session])[session.pk]


def attending_of_delegation(delegation: Delegation):
    return delegation.members.filter(status__in=ATTENDING)
