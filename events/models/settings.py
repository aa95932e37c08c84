from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="site")
class OfficeSettings(BaseGenericSetting):
    """The office behind every event: shown in the footer, on letters and in emails."""

    name_zh = models.CharField(_("name in Chinese"), max_length=200, default="湖南省人民政府外事办公室")
    name_en = models.CharField(
        _("name in English"), max_length=200, default="Foreign Affairs Office of Hunan Provincial People's Government"
    )
    address_zh = models.CharField(_("address in Chinese"), max_length=300, blank=True)
    address_en = models.CharField(_("address in English"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel([FieldPanel("name_zh"), FieldPanel("name_en")], heading=_("Name")),
        MultiFieldPanel([FieldPanel("address_zh"), FieldPanel("address_en")], heading=_("Address")),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("logo"),
    ]

    class Meta:
        verbose_name = _("office")

    def name(self, language_code: str) -> str:
        return self.name_zh if language_code.startswith("zh") else self.name_en

    def address(self, language_code: str) -> str:
        return self.address_zh if language_code.startswith("zh") else self.address_en
