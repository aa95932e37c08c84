"""Snippets shared by event pages: brands, venues with their rooms, speakers."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #B22234."))


class Brand(TranslatableMixin, index.Indexed, models.Model):
    """An event family with its own look and sender identity, such as the Xiangjiang Forum."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    slug = models.SlugField(
        _("slug"), max_length=60, help_text=_("Used in feed addresses; keep it the same in every language.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(_("primary colour"), max_length=7, default="#9E1B32", validators=[hex_colour])
    accent_colour = models.CharField(_("accent colour"), max_length=7, default="#C9A227", validators=[hex_colour])
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    about = RichTextField(_("about"), blank=True, features=["bold", "italic", "link"])
    sender_name = models.CharField(_("sender name"), max_length=200, help_text=_("The name emails come from."))
    sender_email = models.EmailField(_("sender address"))

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("slug"), FieldPanel("tagline")],
            heading=_("Name"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")])],
            heading=_("Look"),
        ),
        FieldPanel("about"),
        MultiFieldPanel([FieldPanel("sender_name"), FieldPanel("sender_email")], heading=_("Sender identity")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Venue(TranslatableMixin, ClusterableModel):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("city"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Map coordinates")),
        InlinePanel("rooms", heading=_("Rooms"), label=_("room")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["city", "name"]

    def __str__(self):
        return f"{self.name}, {self.city}"

    @property
    def location(self) -> str:
        """One line for pages, calendars and maps, punctuated as the venue's language writes it."""
        separator = "，" if self.locale.language_code.startswith("zh") else ", "
        return separator.join(part for part in (self.name, self.address, self.city) if part)


class Room(TranslatableMixin, Orderable):
    venue = ParentalKey(Venue, related_name="rooms", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("capacity")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self):
        return self.name


class Speaker(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position and organisation"), max_length=300, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    biography = RichTextField(_("biography"), blank=True, features=["bold", "italic", "link"])

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("photo"), FieldPanel("biography")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name
