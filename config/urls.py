from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from events import views as event_views
from events.sitemaps import AllLanguagesSitemap
from registrations import views as registration_views

handler404 = "events.views.page_not_found"
handler500 = "events.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}, name="sitemap"),
    path("robots.txt", event_views.robots_txt, name="robots_txt"),
    path("healthz", event_views.healthz, name="healthz"),
    path("api/checkin/", include("registrations.checkin.api_urls")),
    path("checkin/", include("registrations.checkin.urls")),
    path("brand/<int:pk>.css", event_views.brand_stylesheet, name="brand_stylesheet"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

urlpatterns += i18n_patterns(
    path("search/", event_views.search, name="search"),
    path("", include("registrations.urls")),
    path("", include("registrations.logistics.urls")),
    path("", include("registrations.checkin.pass_urls")),
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)*)calendar(?:/(?P<brand_slug>[\w\-]+))?\.ics$",
        event_views.page_calendar,
        name="page_calendar",
    ),
    re_path(r"^(?P<page_path>(?:[\w\-]+/)*)register/$", registration_views.apply_for_event, name="apply"),
    path("", include(wagtail_urls)),
)

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
