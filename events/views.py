"""Views outside the page tree: search, brand colours, robots.txt, health, error pages."""

import re

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Site

from events.models import Brand, EventPage

SEARCH_QUERY_MAX = 200
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX]
    results = EventPage.objects.none()
    if query:
        events = EventPage.objects.live().public().filter(locale=Locale.get_active()).select_related("brand")
        if CJK.search(query):
            # Chinese has no spaces between words, so the full-text index cannot find a word
            # inside a sentence; a substring match over the visible text can.
            text = Q(title__icontains=query) | Q(summary__icontains=query) | Q(search_description__icontains=query)
            results = events.filter(text).order_by("-start")
        else:
            results = events.search(query)
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return render(request, "events/search.html", {"query": query, "results": page})


@require_GET
def page_calendar(request, page_path, brand_slug=None):
    """The `.ics` beside an event page (the event and its agenda) or an event index (a feed).

    Wagtail's page URLs have no dots, so calendars get their own route to the page.
    """
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page.localized.specific
    page, _args, _kwargs = root.route(request, [part for part in page_path.split("/") if part])
    page = page.specific
    if not hasattr(page, "calendar_response") or page.get_view_restrictions().exists():
        raise Http404
    request.page_cacheable = True
    return page.calendar_response(request, brand_slug=brand_slug)


@require_GET
@cache_control(public=True, max_age=86400)
def brand_stylesheet(request, pk):
    """A brand's colours as CSS custom properties, so pages need no inline style."""
    brand = Brand.objects.filter(pk=pk).first()
    if brand is None:
        raise Http404
    css = f":root {{\n  --brand-primary: {brand.primary_colour};\n  --brand-accent: {brand.accent_colour};\n}}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /*/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def healthz(request):
    """For the load balancer: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors, no database: the failure may be the database itself.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"LANGUAGE_CODE": settings.LANGUAGE_CODE}))
