"""The site's URLs, with media served from the MEDIA_ROOT in force at request time.

config.urls binds `document_root` to settings.MEDIA_ROOT when it is imported, so the
temporary MEDIA_ROOT that the browser tests set (for the demo's images and their
renditions) would not be served by the live server. This pattern comes first and reads
the setting on every request; everything else is config.urls as it is.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from config import urls as site_urls

handler404 = site_urls.handler404
handler500 = site_urls.handler500


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), *site_urls.urlpatterns]
