from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from events.models import ContentVersion, EventIndexPage, HomePage

pytestmark = pytest.mark.django_db


def test_setup_site_builds_the_tree_once_and_sets_the_address():
    call_command("setup_site", "--hostname", "events.fao.hunan.gov.cn", "--port", "443", stdout=StringIO())
    pages = Page.objects.count()
    version = ContentVersion.current()
    call_command("setup_site", stdout=StringIO())
    assert Page.objects.count() == pages
    assert ContentVersion.current() > version  # pages cached by the previous release are stale
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("events.fao.hunan.gov.cn", 443)
    assert site.root_page.specific.__class__ is HomePage
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == ["en", "zh-hans"]
    assert EventIndexPage.objects.count() == 2
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()
