"""Admin screens for importing guest lists (upload, column mapping, preview, apply).

Each screen only parses input and calls `registrations.domain.imports`; the rules live there.
"""

import functools
import secrets
from pathlib import Path

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks

from registrations.domain.errors import RegistrationError
from registrations.domain.imports import apply_import, preview_import
from registrations.interfaces.importers import (
    FIELDS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportFileError,
    propose_mapping,
    read_sheet,
    read_upload,
)
from registrations.models import EventConfig, EventRole, ImportUpload

TEMPLATES = "registrations/admin/imports/"
EXTENSIONS = (".xlsx", ".csv", ".txt")
MANAGING_ROLES = (EventRole.Role.MANAGER, EventRole.Role.REGISTRATION)


def user_can_manage_guests(user, config: EventConfig) -> bool:
    """Superusers, and the event's managers and registration staff, may import its guests."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return EventRole.objects.filter(user=user, event=config, role__in=MANAGING_ROLES).exists()


def for_guest_managers(view):
    """Give the view the event of its URL; anyone who may not manage its guests gets a 403 page.

    (Wagtail would turn a PermissionDenied into a redirect to the dashboard.)
    """

    @functools.wraps(view)
    def wrapper(request, config_id, **kwargs):
        config = get_object_or_404(EventConfig.objects.select_related("event"), pk=config_id)
        if not user_can_manage_guests(request.user, config):
            return TemplateResponse(request, TEMPLATES + "forbidden.html", {"config": config}, status=403)
        return view(request, config, **kwargs)

    return wrapper


def _upload(config, upload_id) -> ImportUpload:
    return get_object_or_404(ImportUpload.objects.select_related("event"), pk=upload_id, event=config)


# Forms -------------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Guest list"),
        help_text=gettext_lazy(
            "An Excel workbook (.xlsx, first sheet) or a CSV file, with the column names in the first row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB. Split it into smaller files.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        upload.seek(0)
        try:
            self.sheet = read_sheet(upload.read(), name=upload.name)
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from None
        upload.seek(0)
        return upload


class MappingForm(forms.Form):
    """One select per column of the file, and what to do with rows that name no category."""

    default_category = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Category for rows without one"),
        empty_label=gettext_lazy("— none: every row names its category —"),
    )
    invite = forms.BooleanField(
        required=False,
        initial=True,
        label=gettext_lazy("Invite the guests"),
        help_text=gettext_lazy(
            "Each guest not yet registered is invited and receives an invitation email in their language. "
            "Untick to add the people to the directory only."
        ),
    )

    def __init__(self, *args, sheet, config, mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.fields["default_category"].queryset = config.categories.all()
        choices = [("", _("— leave out —")), *((name, str(label)) for name, label in FIELDS)]
        samples = sheet.samples()
        self.columns = []
        for index, column in enumerate(sheet.header):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(choices=choices, required=False, label=column)
            self.initial.setdefault(name, mapping.get(column, ""))
            self.columns.append((column, name, samples.get(column, [])))

    @property
    def column_rows(self):
        return [(column, self[name], sample) for column, name, sample in self.columns]

    def clean(self):
        cleaned = super().clean()
        taken = {}
        for column, name, _sample in self.columns:
            field = cleaned.get(name)
            if field and field in taken:
                self.add_error(name, _("Column “%(other)s” already holds this field.") % {"other": taken[field]})
            elif field:
                taken[field] = column
        return cleaned

    @property
    def mapping(self) -> dict[str, str]:
        return {column: self.cleaned_data.get(name) or "" for column, name, _sample in self.columns}


# Views -------------------------------------------------------------------------------------------


def index(request):
    """The events whose guest lists this user may import."""
    configs = EventConfig.objects.select_related("event").order_by("-event__start")
    if not request.user.is_superuser:
        configs = configs.filter(roles__user=request.user, roles__role__in=MANAGING_ROLES).distinct()
    return TemplateResponse(request, TEMPLATES + "index.html", {"configs": configs})


@for_guest_managers
def upload(request, config):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        original_name = file.name
        # A guest list holds personal data: stored under a name nobody can guess.
        file.name = secrets.token_urlsafe(18) + Path(original_name).suffix.lower()[:8]
        created = ImportUpload.objects.create(
            event=config,
            uploaded_by=request.user,
            file=file,
            original_name=original_name[:255],
            mapping={"columns": propose_mapping(form.sheet.header), "invite": True},
        )
        return redirect("registrations_imports:mapping", config_id=config.pk, upload_id=created.pk)
    recent = config.imports.select_related("uploaded_by").order_by("-created_at")[:10]
    context = {"config": config, "form": form, "recent": recent, "max_rows": MAX_ROWS}
    return TemplateResponse(request, TEMPLATES + "upload.html", context)


@for_guest_managers
def mapping(request, config, upload_id):
    upload = _upload(config, upload_id)
    if upload.applied_at:
        return redirect("registrations_imports:result", config_id=config.pk, upload_id=upload.pk)
    try:
        sheet = read_upload(upload)
    except ImportFileError as error:
        messages.error(request, error.message)
        return redirect("registrations_imports:upload", config_id=config.pk)
    saved = upload.mapping or {}
    form = MappingForm(
        request.POST or None,
        sheet=sheet,
        config=config,
        mapping=saved.get("columns") or propose_mapping(sheet.header),
        initial={"default_category": saved.get("default_category"), "invite": saved.get("invite", True)},
    )
    if request.method == "POST" and form.is_valid():
        category = form.cleaned_data["default_category"]
        upload.mapping = {
            "columns": form.mapping,
            "default_category": category.pk if category else None,
            "invite": form.cleaned_data["invite"],
        }
        upload.save(update_fields=["mapping"])
        return redirect("registrations_imports:preview", config_id=config.pk, upload_id=upload.pk)
    context = {"config": config, "upload": upload, "form": form, "row_count": len(sheet.rows)}
    return TemplateResponse(request, TEMPLATES + "mapping.html", context)


def _options(config, upload):
    saved = upload.mapping or {}
    category_id = saved.get("default_category")
    category = config.categories.filter(pk=category_id).first() if category_id else None
    return saved.get("columns") or {}, category, bool(saved.get("invite", True))


@for_guest_managers
def preview(request, config, upload_id):
    upload = _upload(config, upload_id)
    if upload.applied_at:
        return redirect("registrations_imports:result", config_id=config.pk, upload_id=upload.pk)
    columns, category, invite = _options(config, upload)
    try:
        result = preview_import(upload=upload, mapping=columns, default_category=category)
    except ImportFileError as error:
        messages.error(request, error.message)
        return redirect("registrations_imports:upload", config_id=config.pk)
    labels = dict(FIELDS)
    context = {
        "config": config,
        "upload": upload,
        "preview": result,
        "invite": invite,
        "default_category": category,
        "mapped": [(column, labels[field]) for column, field in result.mapping.items() if field in labels],
    }
    return TemplateResponse(request, TEMPLATES + "preview.html", context)


@require_POST
@for_guest_managers
def apply(request, config, upload_id):
    upload = _upload(config, upload_id)
    columns, category, invite = _options(config, upload)
    try:
        apply_import(upload=upload, mapping=columns, by=request.user, invite=invite, default_category=category)
    except RegistrationError as error:
        messages.error(request, error.message)
        if error.code == "import_applied":
            return redirect("registrations_imports:result", config_id=config.pk, upload_id=upload.pk)
        return redirect("registrations_imports:preview", config_id=config.pk, upload_id=upload.pk)
    return redirect("registrations_imports:result", config_id=config.pk, upload_id=upload.pk)


@for_guest_managers
def result(request, config, upload_id):
    upload = _upload(config, upload_id)
    if not upload.applied_at:
        return redirect("registrations_imports:preview", config_id=config.pk, upload_id=upload.pk)
    summary = (upload.mapping or {}).get("result") or {}
    categories = {category.code: category for category in config.categories.all()}
    per_category = [
        (categories[code].name if code in categories else code, count)
        for code, count in summary.get("per_category", {}).items()
    ]
    context = {"config": config, "upload": upload, "summary": summary, "per_category": per_category}
    return TemplateResponse(request, TEMPLATES + "result.html", context)


urlpatterns = [
    path("", index, name="index"),
    path("<int:config_id>/", upload, name="upload"),
    path("<int:config_id>/<int:upload_id>/mapping/", mapping, name="mapping"),
    path("<int:config_id>/<int:upload_id>/preview/", preview, name="preview"),
    path("<int:config_id>/<int:upload_id>/apply/", apply, name="apply"),
    path("<int:config_id>/<int:upload_id>/", result, name="result"),
]


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("registrations/imports/", include((urlpatterns, "registrations_imports")))]


@hooks.register("register_log_actions")
def register_import_actions(actions):
    label = gettext_lazy("Guest list imported")
    actions.register_action("registrations.import", label, label)


def upload_url(config: EventConfig) -> str:
    """Where an event's guest list import starts (for links from other screens)."""
    return reverse("registrations_imports:upload", kwargs={"config_id": config.pk})
