"""Views outside the page tree: search, brand colours, robots.txt, health, error pages."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from events.models import Brand, EventPage

SEARCH_QUERY_MAX = 200


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX]
    results = EventPage.objects.none()
    if query:
        locale = Locale.get_active()
        results = (
            EventPage.objects.live().public().filter(locale=locale).select_related("brand", "venue").search(query)
        )
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return render(request, "events/search.html", {"query": query, "results": page})


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
