"""Serving published pages from the cache, and the Content-Security-Policy.

Anonymous GETs of pages that mark themselves cacheable are stored whole, with
their headers, under a key that carries the ContentVersion. Any publish moves
that version, so no app server can serve a stale page after it.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware as BaseCSPMiddleware
from django.utils.csp import CSP, build_policy

from events.models import ContentVersion

SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/i18n/", "/api/")
# Headers of the origin response worth replaying; cookies never are.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Vary",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    str(CSP.HEADER_ENFORCE),
)


class PublishedPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._storable(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
            cache.set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _key(request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Editors see the user bar and drafts; they are never served from the cache.
            return None
        url = f"{request.get_host()}{request.get_full_path()}".encode()
        return f"page:{ContentVersion.current()}:{hashlib.sha256(url).hexdigest()}"

    @staticmethod
    def _storable(request, response):
        return (
            getattr(request, "page_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
        )


class ContentSecurityPolicyMiddleware(BaseCSPMiddleware):
    """Django's CSP, with the looser policy the Wagtail admin needs on its own pages."""

    def process_response(self, request, response):
        if request.path.startswith("/admin/") and str(CSP.HEADER_ENFORCE) not in response:
            response[str(CSP.HEADER_ENFORCE)] = build_policy(settings.SECURE_CSP_ADMIN, None)
        return super().process_response(request, response)
