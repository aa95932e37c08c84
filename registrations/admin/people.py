"""The directory: everyone the office has ever invited, shared by all events.

Any staff member with a role at some event may look people up; managers and registration
staff keep entries up to date; only superusers remove an entry, and only one that no
registration refers to.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Concat
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from registrations import names
from registrations.models import Person
from registrations.permissions import can_edit_directory, has_any_role

# Every field a name can be typed into, in any script.
NAME_FIELDS = (
    "family_name",
    "given_name",
    "romanised_family_name",
    "romanised_given_name",
    "chinese_name",
)
SEARCH_FIELDS = (*NAME_FIELDS, "email", "organisation")


def search_people(queryset, query: str, prefix: str = ""):
    """Filter by a query in any script: `icontains`, since full-text search cannot split Chinese.

    Each word must match some name, email or organisation field, so "Anna Smith" and
    "smith anna" both find Anna Smith. A Chinese name is written without a space, so a
    query of one word also matches family and given name written together ("张伟").
    """
    words = query.split()
    if not words:
        return queryset
    condition = Q()
    for word in words:
        any_field = Q()
        for field in SEARCH_FIELDS:
            any_field |= Q(**{f"{prefix}{field}__icontains": word})
        condition &= any_field
    if len(words) == 1 and names.is_cjk(words[0]):
        queryset = queryset.annotate(_whole_name=Concat(f"{prefix}family_name", f"{prefix}given_name"))
        condition |= Q(_whole_name__icontains=words[0])
    return queryset.filter(condition)


class DirectoryPermissionPolicy(BasePermissionPolicy):
    """Who may use the directory: decided by event roles, not by model permissions."""

    def user_has_permission(self, user, action):
        if action in ("view", "choose"):
            return has_any_role(user)
        if action in ("add", "change"):
            return can_edit_directory(user)
        if action == "delete":
            return bool(user.is_active and user.is_superuser)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return Person.objects.all()
        return Person.objects.none()

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if set(actions) <= {"delete"}:
            return users.filter(is_superuser=True)
        return users.filter(Q(is_superuser=True) | Q(event_roles__isnull=False)).distinct()


class PersonIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        return search_people(queryset, self.search_query) if self.is_searching else queryset


class PersonDeleteView(generic.DeleteView):
    def form_valid(self, form):
        if self.object.registrations.exists():
            messages.error(
                self.request,
                _("%(person)s is registered for an event and stays in the directory.") % {"person": self.object},
            )
            return redirect(self.edit_url_name, self.object.pk)
        return super().form_valid(form)


class NameColumn(TitleColumn):
    """The name in the person's own script, with the romanised name under it."""

    cell_template_name = "registrations/admin/includes/person_name_cell.html"

    class Media:
        css = {"all": ["registrations/admin/backoffice.css"]}

    def get_cell_context_data(self, instance, parent_context):
        return {**super().get_cell_context_data(instance, parent_context), "person": instance}


class DirectoryViewSet(ModelViewSet):
    model = Person
    icon = "group"
    menu_label = gettext_lazy("Directory")
    name = "directory"
    url_prefix = "registrations/directory"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = PersonIndexView
    delete_view_class = PersonDeleteView
    list_per_page = 50
    search_fields = list(SEARCH_FIELDS)
    list_filter = ["country", "language"]
    form_fields = list(Person.DIRECTORY_FIELDS)

    @property
    def list_display(self):
        return [
            NameColumn("display_name", label=_("Name"), sort_key="family_name", url_name=self.get_url_name("edit")),
            Column("organisation", label=_("Organisation"), sort_key="organisation"),
            Column("country", label=_("Country or region"), accessor="country.name", sort_key="country"),
            Column("email", label=_("Email"), sort_key="email"),
        ]


directory_viewset = DirectoryViewSet()
