"""The public pages in headless Chromium: accessibility, language switcher, filters, calendar, CSP, looks.

Each test loads the demo once (see `demo_site` in conftest.py) and goes over all the pages,
languages and widths it checks inside that one test, to keep the folder fast.
"""

import io
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from wagtail.models import Locale

from events.models import Brand, EventPage

from .conftest import AXE_JS, LANGUAGES, SCREENSHOTS, VIEWPORTS

pytestmark = pytest.mark.browser

PAGES = ("home", "index", "event")
BLOCKING_IMPACTS = {"serious", "critical"}
# Collects the page's CSP violations from the very start; Playwright's init scripts run
# outside the page's Content-Security-Policy, so this needs no `bypass_csp`.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
                               line: e.lineNumber, sample: e.sample});
});
"""


def upcoming_event(language):
    now = timezone.now()
    return EventPage.objects.live().filter(locale__language_code=language, start__gt=now).order_by("start").first()


def page_paths():
    """{language: {"home": path, "index": path, "event": path}}, the event being the next upcoming one."""
    zh_event = upcoming_event("zh-hans")
    assert zh_event is not None, "the demo has no upcoming event"
    paths = {}
    for language in LANGUAGES:
        event = zh_event.get_translation(Locale.objects.get(language_code=language))
        paths[language] = {"home": f"/{language}/", "index": f"/{language}/events/", "event": event.url}
    return paths


def open_page(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.ok, f"{url}: HTTP {response.status}"
    page.evaluate("document.fonts.ready.then(() => true)")
    return response


def format_violations(where, violations):
    lines = []
    for violation in violations:
        impact, rule = violation["impact"], violation["id"]
        lines.append(f"{where}: [{impact}] {rule}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:8]:
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            lines.append(f"    {target}  {node['html'][:160]}\n      {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more nodes")
    return lines


def test_axe_finds_no_serious_or_critical_violations(demo_site, new_context):
    # The site's CSP (script-src 'self') refuses inline scripts, and add_script_tag(path=...)
    # injects axe's source as an inline <script>: bypass the CSP in this context only. The
    # CSP itself is checked, in a context that honours it, by the console/CSP test below.
    context = new_context(bypass_csp=True)
    page = context.new_page()
    failures = []
    checked = 0
    for paths in page_paths().values():
        for name in PAGES:
            for width_name, viewport in VIEWPORTS.items():
                page.set_viewport_size(viewport)
                open_page(page, demo_site.url + paths[name])
                page.add_script_tag(path=str(AXE_JS))
                results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
                failures += format_violations(f"{paths[name]} at {width_name}", blocking)
                checked += 1
    assert checked == len(LANGUAGES) * len(PAGES) * len(VIEWPORTS)
    assert not failures, "axe-core found serious or critical violations:\n" + "\n".join(failures)


def test_language_switcher_keeps_the_event(demo_site, page):
    paths = page_paths()
    slug = paths["zh-hans"]["event"].rstrip("/").rsplit("/", 1)[-1]
    open_page(page, demo_site.url + paths["zh-hans"]["event"])
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    title_zh = page.locator("h1").inner_text()

    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(rf"/en/events/{re.escape(slug)}/$"))
    assert page.url == f"{demo_site.url}/en/events/{slug}/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() != title_zh
    # The current language is marked, not linked.
    current = page.locator(".language-switcher [aria-current]")
    assert current.inner_text() == "English"

    page.locator(".language-switcher").get_by_role("link", name="中文").click()
    page.wait_for_url(re.compile(rf"/zh-hans/events/{re.escape(slug)}/$"))
    assert page.url == f"{demo_site.url}/zh-hans/events/{slug}/"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == title_zh


def test_index_filters_by_series(demo_site, page):
    for language in LANGUAGES:
        brand = Brand.objects.get(slug="sister-city-week", locale__language_code=language)
        others = set(
            Brand.objects.filter(locale__language_code=language).exclude(pk=brand.pk).values_list("name", flat=True)
        )
        expected = EventPage.objects.live().filter(locale__language_code=language, brand__slug=brand.slug).count()
        assert expected >= 2

        open_page(page, f"{demo_site.url}/{language}/events/")
        cards = page.locator(".card-grid .event-card")
        assert cards.count() > expected, "the unfiltered index should show more than one series"
        shown = {text.strip() for text in page.locator(".event-card__brand").all_text_contents()}
        assert brand.name in shown
        assert shown & others

        page.locator("#filter-brand").select_option("sister-city-week")
        page.locator("form.filters button[type=submit]").click()
        page.wait_for_url(re.compile(r"[?&]brand=sister-city-week"))
        assert cards.count() == expected
        assert {text.strip() for text in page.locator(".event-card__brand").all_text_contents()} == {brand.name}
        assert page.locator("#filter-brand").input_value() == "sister-city-week"


def test_add_to_calendar_link_serves_icalendar(demo_site, page):
    for paths in page_paths().values():
        open_page(page, demo_site.url + paths["event"])
        link = page.locator(".event-actions a[href$='.ics']")
        assert link.count() == 1
        href = link.get_attribute("href")
        assert href == paths["event"] + "calendar.ics"
        assert link.get_attribute("download") is not None
        response = page.request.get(demo_site.url + href)
        assert response.status == 200
        assert response.headers["content-type"].startswith("text/calendar")
        body = response.text()
        assert body.startswith("BEGIN:VCALENDAR")
        assert "BEGIN:VEVENT" in body
        assert "TZID=Asia/Shanghai" in body


def test_no_console_errors_or_csp_violations(demo_site, page):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}"),
    )
    page.add_init_script(CSP_LISTENER)
    for language, paths in page_paths().items():
        for name in PAGES:
            url = demo_site.url + paths[name]
            open_page(page, url)
            page.wait_for_load_state("networkidle")
            for violation in page.evaluate("window.__cspViolations"):
                problems.append(f"CSP violation on {paths[name]} ({language}): {violation}")
    assert not problems, "\n".join(problems)

    # The listener does hear a violation: an inline script is refused and reported.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__cspViolations[0].directive").startswith("script-src")


def test_screenshots(demo_site, new_context):
    """Full-page screenshots for people to look at, in tests/artifacts/screenshots/ (git-ignored).

    Also what a person would check first on them: no horizontal scrolling, no broken
    image, the event page in its brand's colours with its logo, and the text on the hero
    banners readable (axe cannot see through the banner image, and reports those as
    "incomplete": here the contrast is measured on the pixels behind the text).
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context()
    page = context.new_page()
    primary = css_rgb(upcoming_event("zh-hans").brand.primary_colour)
    shots = []
    overflow = []
    low_contrast = []
    for language, paths in page_paths().items():
        for width_name, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            for name in PAGES:
                where = f"{paths[name]} at {width_name}"
                open_page(page, demo_site.url + paths[name])
                page.wait_for_load_state("networkidle")
                assert page.evaluate(BROKEN_IMAGES) == [], f"{where}: images that did not load"
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > viewport["width"]:
                    overflow.append(f"{where}: {scroll_width}px wide")
                if name == "event":
                    # The event wears its brand: colours from /brand/<id>.css, logo in the hero.
                    assert page.evaluate(BACKGROUND, ".event-hero") == primary, where
                    assert page.evaluate(BACKGROUND, ".site-header") == primary, where
                    assert page.locator("img.event-hero__logo").count() == 1, where
                path = SCREENSHOTS / f"{name}-{language}-{width_name}.png"
                path.unlink(missing_ok=True)
                page.screenshot(path=str(path), full_page=True)
                shots.append((path, viewport))
                if name in ("home", "event"):
                    low_contrast += [f"{where}: {problem}" for problem in hero_contrast_problems(page)]

    assert len(shots) == len(LANGUAGES) * len(VIEWPORTS) * len(PAGES)
    for path, viewport in shots:
        check_screenshot(path, viewport)
    assert not overflow, "horizontal overflow: " + "; ".join(overflow)
    assert not low_contrast, "text on the hero banner below WCAG AA contrast:\n" + "\n".join(low_contrast)


BROKEN_IMAGES = "Array.from(document.images).filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src)"
BACKGROUND = "(selector) => getComputedStyle(document.querySelector(selector)).backgroundColor"


def css_rgb(hex_colour):
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"


# The hero's text elements (buttons have their own solid background and are left out):
# their box relative to the hero, colour, size, weight and opacity.
HERO_TEXTS = """() => {
  const hero = document.querySelector(".hero, .event-hero");
  const origin = hero.getBoundingClientRect();
  const hasText = (e) => Array.from(e.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  return Array.from(hero.querySelectorAll("*")).filter((e) => !e.closest(".button") && hasText(e)).map((e) => {
    const box = e.getBoundingClientRect(), style = getComputedStyle(e);
    let opacity = 1;
    for (let x = e; x && x !== hero; x = x.parentElement) opacity *= parseFloat(getComputedStyle(x).opacity);
    return {text: e.textContent.trim().slice(0, 40), x: box.x - origin.x, y: box.y - origin.y, width: box.width,
            height: box.height, color: style.color, size: parseFloat(style.fontSize),
            weight: parseInt(style.fontWeight, 10), opacity};
  });
}"""
HIDE_HERO_TEXT = """() => document.querySelectorAll(".hero__text, .event-hero__text")
  .forEach((e) => { e.style.visibility = "hidden"; })"""


def hero_contrast_problems(page):
    """Each hero text whose contrast with the worst pixel behind it is below WCAG AA.

    The text is hidden and the hero photographed: what is left behind each text's box is
    its background (brand colour, banner image and scrim together). Changes the page.
    """
    texts = page.evaluate(HERO_TEXTS)
    page.evaluate(HIDE_HERO_TEXT)
    hero = page.locator(".hero, .event-hero").first
    background = Image.open(io.BytesIO(hero.screenshot(animations="disabled"))).convert("RGB")
    problems = []
    for text in texts:
        colour = tuple(int(float(v)) for v in re.findall(r"[\d.]+", text["color"])[:3])
        box = (int(text["x"]), int(text["y"]), int(text["x"] + text["width"]), int(text["y"] + text["height"]))
        pixels = set(background.crop(box).get_flattened_data())
        if not pixels:
            continue
        alpha = text["opacity"]
        worst = min(
            contrast_ratio(tuple(alpha * c + (1 - alpha) * p for c, p in zip(colour, pixel, strict=True)), pixel)
            for pixel in pixels
        )
        large = text["size"] >= 24 or (text["size"] >= 18.66 and text["weight"] >= 700)
        needed = 3.0 if large else 4.5
        if worst < needed:
            problems.append(f"{text['text']!r}: {worst:.2f}:1, needs {needed}:1")
    return problems


def relative_luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(a, b):
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def check_screenshot(path: Path, viewport):
    assert path.is_file(), f"{path} was not written"
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.width == viewport["width"]
        assert image.height >= viewport["height"]
        rgb = image.convert("RGB")
        assert any(low != high for low, high in rgb.getextrema()), f"{path} is all one colour"
        # A page with text, pictures and a header has many colours; a blank or broken one has few.
        colours = rgb.resize((rgb.width // 4, rgb.height // 4)).getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 32, f"{path} has only {len(colours)} colours"
