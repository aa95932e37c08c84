"""Public pages: the home page, the event index and one page per event edition."""

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from events import calendars
from events.blocks import BodyBlock
from events.localize import localized, localized_map
from events.models.snippets import Brand


class CacheablePageMixin:
    """Marks anonymous GET responses of this page as safe to keep in the page cache."""

    def serve(self, request, *args, **kwargs):
        request.page_cacheable = True
        return super().serve(request, *args, **kwargs)


class HomePage(CacheablePageMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("hero_image"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["events.EventIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        upcoming = (
            EventPage.objects.live()
            .public()
            .filter(locale=self.locale, end__gte=timezone.now())
            .select_related("brand", "venue", "hero_image")
            .order_by("start")[:6]
        )
        context["upcoming_events"] = list(upcoming)
        context["brands"] = localized_map([e.brand for e in context["upcoming_events"]], self.locale)
        context["event_index"] = EventIndexPage.objects.live().filter(locale=self.locale).first()
        return context


class EventIndexPage(CacheablePageMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)
    events_per_page = 12

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["events.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index page")

    def events(self):
        return EventPage.objects.child_of(self).live().public().select_related("brand", "venue", "hero_image")

    def filtered_events(self, params):
        """The events that the index's filters select, and the filters as understood."""
        events = self.events()
        brands = list(Brand.objects.filter(locale=self.locale).order_by("name"))
        chosen = {
            "brand": params.get("brand", ""),
            "year": params.get("year", ""),
            "when": params.get("when", ""),
        }
        brand = next((b for b in brands if b.slug == chosen["brand"]), None)
        if brand:
            events = events.filter(brand__translation_key=brand.translation_key)
        else:
            chosen["brand"] = ""
        if chosen["year"].isdigit():
            events = events.filter(edition_year=int(chosen["year"]))
        else:
            chosen["year"] = ""
        now = timezone.now()
        if chosen["when"] == "upcoming":
            events = events.filter(end__gte=now).order_by("start")
        elif chosen["when"] == "past":
            events = events.filter(end__lt=now).order_by("-start")
        else:
            chosen["when"] = ""
            events = events.order_by("-start")
        return events, brands, chosen

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events, brands, chosen = self.filtered_events(request.GET)
        paginator = Paginator(events, self.events_per_page)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            page = paginator.page(1)
        years = self.events().order_by("-edition_year").values_list("edition_year", flat=True).distinct()
        context.update(
            events=page,
            brands=brands,
            brand_by_key={b.translation_key: b for b in brands},
            years=list(years),
            chosen=chosen,
            filter_query={k: v for k, v in chosen.items() if v},
        )
        return context

    def calendar_response(self, request, brand_slug=None):
        """A subscribable feed of upcoming events, for all brands or for one."""
        events = self.events().filter(end__gte=timezone.now()).order_by("start")
        brand = None
        if brand_slug:
            brand = Brand.objects.filter(slug=brand_slug).order_by("-locale__language_code").first()
            if brand is None:
                raise Http404
            brand = localized(brand, self.locale)
            events = events.filter(brand__translation_key=brand.translation_key)
        name = f"{brand.name} · {self.title}" if brand else self.title
        return calendars.feed_response(request, events, name=name, locale=self.locale)

    @property
    def calendar_url(self):
        return f"{self.url}calendar.ics"

    def brand_calendar_url(self, brand):
        return f"{self.url}calendar/{brand.slug}.ics"


class EventPage(CacheablePageMixin, Page):
    """One edition of a branded event; its translations share one set of registrations."""

    class RegistrationMode(models.TextChoices):
        INVITATION = "invitation", _("By invitation only")
        OPEN = "open", _("Open registration")
        APPROVAL = "approval", _("Open, with approval")

    brand = models.ForeignKey("events.Brand", verbose_name=_("brand"), on_delete=models.PROTECT, related_name="+")
    edition_year = models.PositiveIntegerField(_("edition year"))
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        "events.Venue", verbose_name=_("venue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for listings and calendars."))
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    registration_mode = models.CharField(
        _("registration"), max_length=20, choices=RegistrationMode.choices, default=RegistrationMode.INVITATION
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: no limit."))
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("brand"),
                FieldPanel("edition_year"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("venue"),
            ],
            heading=_("Edition"),
        ),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("sessions", heading=_("Agenda"), label=_("session")),
    ]
    registration_panels = [
        FieldPanel("registration_mode"),
        FieldPanel("capacity"),
        FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("edition_year"),
        index.FilterField("start"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    # One event, one set of rules: publishing any translation sets these for all of them.
    SHARED_ACROSS_TRANSLATIONS = (
        "edition_year",
        "start",
        "end",
        "registration_mode",
        "capacity",
        "registration_opens",
        "registration_closes",
    )

    class Meta:
        verbose_name = _("event page")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["edition_year"])]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("An event cannot end before it starts.")
        if self.registration_opens and self.registration_closes and self.registration_closes < self.registration_opens:
            errors["registration_closes"] = _("Registration cannot close before it opens.")
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        # A translation's draft may predate the shared settings last published in another
        # language: editors always start from the settings in force.
        page = super().with_content_json(content)
        for field in self.SHARED_ACROSS_TRANSLATIONS:
            setattr(page, field, getattr(self, field))
        return page

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    def agenda(self):
        """Sessions in order, with rooms and speakers in this page's language, in four queries."""
        sessions = list(
            self.sessions.select_related("room").prefetch_related("speakers").order_by("start", "sort_order")
        )
        rooms = localized_map([s.room for s in sessions if s.room], self.locale)
        speakers = localized_map([sp for s in sessions for sp in s.speakers.all()], self.locale)
        for session in sessions:
            session.local_room = rooms.get(session.room_id)
            session.local_speakers = [speakers[sp.pk] for sp in session.speakers.all()]
        return sessions

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["agenda"] = self.agenda()
        context["local_brand"] = localized(self.brand, self.locale)
        context["local_venue"] = localized(self.venue, self.locale) if self.venue else None
        return context

    @property
    def calendar_url(self):
        return f"{self.url}calendar.ics"

    def calendar_response(self, request, brand_slug=None):
        if brand_slug:
            raise Http404
        return calendars.event_response(request, self)


class EventSession(TranslatableMixin, Orderable, ClusterableModel):
    """One item of an event's agenda."""

    page = ParentalKey(EventPage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    room = models.ForeignKey(
        "events.Room", verbose_name=_("room"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speakers = ParentalManyToManyField("events.Speaker", verbose_name=_("speakers"), blank=True, related_name="+")
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ul"])

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("room"),
        FieldPanel("speakers"),
        FieldPanel("description"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A session cannot end before it starts.")})
