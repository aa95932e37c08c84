from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Locale, Page

register = template.Library()

LANGUAGE_NAMES = {"zh-hans": "中文", "en": "English"}


def _home_url(locale):
    home = Page.objects.filter(depth=2, locale=locale).live().first()
    return home.url if home else f"/{locale.language_code}/"


@register.simple_tag(takes_context=True)
def language_links(context):
    """For each language: its name, code, the same page's address in it, and whether it is current."""
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().public().select_related("locale")
        }
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url, exists = translations[code].url, True
        elif page is not None:
            locale = Locale.objects.filter(language_code=code).first()
            url, exists = (_home_url(locale) if locale else f"/{code}/"), False
        else:
            url, exists = translate_url(request.get_full_path(), code), True
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": url,
                "current": code == current,
                "exists": exists,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def absolute(context, url):
    return context["request"].build_absolute_uri(url)


@register.simple_tag
def brand_stylesheet(brand):
    if brand is None:
        return ""
    version = f"{brand.primary_colour}{brand.accent_colour}".replace("#", "")
    return f"{reverse('brand_stylesheet', args=[brand.pk])}?v={version}"


@register.simple_tag
def event_index_url():
    from events.models import EventIndexPage

    index = EventIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    return index.url if index else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def brand_calendar_url(index_page, brand):
    return index_page.brand_calendar_url(brand)
