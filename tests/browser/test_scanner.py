"""The gate scanner in headless Chromium with a fake camera filming a real pass.

Online, the camera's pass is checked in (a Scan in the database, the green screen with the
name). Offline, three guests are checked in and wait in the queue; back online they are
uploaded. A tampered pass is red offline (signature checked here), a pass already scanned amber.
Screenshots at 390×844 in both languages: tests/artifacts/screenshots/checkin-*.png.
"""

import base64
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image
from playwright.sync_api import expect

from events.models import EventPage
from registrations.checkin import api as checkin_api
from registrations.checkin.domain import gate as gate_domain
from registrations.checkin.domain.devices import create_device
from registrations.checkin.domain.passes import pass_code, read_code
from registrations.checkin.interfaces.qr import qr_png
from registrations.checkin.models import CheckinPoint, Scan
from registrations.domain.events import config_for
from registrations.models import ATTENDING, Registration

from .conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 640, 480
WAIT = 15_000  # ms; the first frame decoded loads the WebAssembly decoder


def write_y4m(path, png: bytes, frames: int = 5) -> None:
    """A Y4M video (I420) of the QR code on white, which Chromium's fake camera plays in a loop."""
    qr = Image.open(io.BytesIO(png)).convert("L")
    side = min(WIDTH, HEIGHT) - 40
    qr = qr.resize((side, side), Image.NEAREST)
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(qr, ((WIDTH - side) // 2, (HEIGHT - side) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (WIDTH * HEIGHT // 4)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)


def tampered(code: str) -> str:
    """The same pass with its registration id changed: still well formed, no longer signed."""
    _payload, body, signature = read_code(code)
    raw = bytearray(body + signature)
    raw[8] ^= 0x01
    return base64.b32encode(bytes(raw)).decode().rstrip("=")


@pytest.fixture
def gate(demo_site):
    # The live server keeps points, keys and devices in memory for seconds; an earlier test's
    # event had other keys under the same ids.
    checkin_api._devices.clear()
    gate_domain.clear_caches()
    page = (
        EventPage.objects.live()
        .filter(brand__slug="xiangjiang-forum", locale__language_code="zh-hans", end__gt=timezone.now())
        .order_by("start")
        .first()
    )
    config = config_for(page)
    guests = list(
        Registration.objects.filter(event=config, status__in=ATTENDING).select_related("person").order_by("pk")[:6]
    )
    assert len(guests) == 6, "the demo forum needs six attending guests"
    north = CheckinPoint.objects.create(event=config, name_zh="北门", name_en="North gate", sort_order=1)
    vip = CheckinPoint.objects.create(
        event=config, name_zh="贵宾通道", name_en="VIP entrance", sort_order=2, multiple_entry=True
    )
    vip.categories.set([guests[0].category])  # the first guest's category only
    _device, token = create_device(config=config, name="Gate phone 1")
    return {"url": demo_site.url, "config": config, "guests": guests, "north": north, "vip": vip, "token": token}


@pytest.fixture
def camera_browser(playwright, tmp_path, gate):
    """Chromium whose camera films the first guest's pass."""
    video = tmp_path / "pass.y4m"
    write_y4m(video, qr_png(pass_code(gate["guests"][0])))
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    yield browser
    browser.close()


def phone(browser, locale):
    context = browser.new_context(viewport=PHONE, locale=locale, permissions=["camera"], timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(WAIT)
    return context, page


def admin_scans_log(config) -> str | None:
    """The back office's scan log (the check-in desk) as a superuser sees it; None while it is not installed."""
    try:
        url = reverse("checkin_admin:scans", args=[config.pk])
    except NoReverseMatch:
        return None
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("desk", "desk@example.org", "a-test-password-only"))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def scans_of(registration):
    return list(Scan.objects.filter(registration=registration).order_by("pk").values_list("result", "offline"))


def dismiss(page):
    page.locator("#result").click(position={"x": 20, "y": 400})
    expect(page.locator("#result")).to_be_hidden()


def type_code(page, code):
    page.fill("#search", code)
    page.press("#search", "Enter")


def test_camera_check_in_then_three_offline_scans_are_queued_and_uploaded(camera_browser, gate):
    first, second, third, fourth, fifth = gate["guests"][:5]
    context, page = phone(camera_browser, "en-GB")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{gate['url']}/checkin/#device={gate['token']}")

    # The token left the address bar; the points of the device's event are offered.
    expect(page.locator("#points")).to_be_visible()
    assert "device=" not in page.url
    # (The demo may have points of its own at this event: only these two are asserted.)
    for name in ("North gate", "VIP entrance"):
        expect(page.locator("#point-list button", has_text=name)).to_have_count(1)
    page.screenshot(path=SCREENSHOTS / "checkin-points-en-phone.png")
    page.locator("#point-list button", has_text="North gate").click()

    # The fake camera films the first guest's pass: checked in, green, with their name.
    result = page.locator("#result")
    expect(result).to_have_attribute("data-colour", "green")
    expect(result).to_have_attribute("data-offline", "false")
    expect(page.locator("#result-name")).to_have_text(first.person.display_name)
    expect(page.locator("#result-title")).to_have_text("Welcome.")
    page.screenshot(path=SCREENSHOTS / "checkin-green-en-phone.png")
    assert scans_of(first) == [("ok", False)]
    dismiss(page)
    # The roster came down with the set-up, for offline use.
    expect(page.locator("#roster-state")).to_contain_text("guests")

    # Offline: three more guests, decided here and queued.
    context.set_offline(True)
    expect(page.locator("#net")).to_have_attribute("data-state", "offline")
    for guest in (second, third, fourth):
        type_code(page, pass_code(guest))
        expect(result).to_have_attribute("data-colour", "green")
        expect(result).to_have_attribute("data-offline", "true")
        expect(page.locator("#result-name")).to_have_text(guest.person.display_name)
        dismiss(page)
    expect(page.locator("#queue")).to_have_attribute("data-count", "3")
    expect(page.locator("#queue")).to_have_text("3 scans waiting to upload")
    page.screenshot(path=SCREENSHOTS / "checkin-scan-offline-en-phone.png")
    assert [scans_of(g) for g in (second, third, fourth)] == [[], [], []]

    # Back online, they are uploaded and the queue empties.
    context.set_offline(False)
    expect(page.locator("#queue")).to_have_attribute("data-count", "0")
    assert [scans_of(g) for g in (second, third, fourth)] == [[("ok", True)]] * 3
    log = admin_scans_log(gate["config"])
    if log is not None:  # the desk's screen, where it is merged
        for guest in (first, second, third, fourth):
            assert escape(guest.person.display_name) in log

    # Offline again: a tampered pass is red (the signature is checked here), a pass used already amber.
    context.set_offline(True)
    expect(page.locator("#net")).to_have_attribute("data-state", "offline")
    type_code(page, tampered(pass_code(fifth)))
    expect(result).to_have_attribute("data-colour", "red")
    expect(page.locator("#result-title")).to_have_text("This pass is forged or has been altered.")
    expect(page.locator("#result-name")).to_have_text("")
    page.screenshot(path=SCREENSHOTS / "checkin-red-en-phone.png")
    dismiss(page)
    type_code(page, pass_code(second))
    expect(result).to_have_attribute("data-colour", "amber")
    expect(page.locator("#result-title")).to_have_text(re.compile(r"^Already checked in at North gate at \d\d:\d\d\.$"))
    expect(page.locator("#result-name")).to_have_text(second.person.display_name)
    dismiss(page)
    expect(page.locator("#queue")).to_have_attribute("data-count", "2")

    context.set_offline(False)
    expect(page.locator("#queue")).to_have_attribute("data-count", "0")
    forged = Scan.objects.get(code=tampered(pass_code(fifth)))
    assert (forged.result, forged.reason, forged.offline) == ("unknown", "forged", True)
    assert scans_of(second) == [("ok", True), ("already", True)]
    assert scans_of(fifth) == []
    assert scans_of(first) == [("ok", False)]  # the pass still in front of the camera was read once
    assert errors == []
    context.close()


def test_in_chinese_search_undo_force_and_a_forged_pass_then_the_page_opens_offline(browser, gate):
    config = gate["config"]
    guest = next(
        r
        for r in Registration.objects.filter(event=config, status__in=ATTENDING).select_related("person")
        if r.person.badge_chinese_name and r.person.badge_chinese_name != r.person.display_name
    )
    other = next(g for g in gate["guests"] if g.pk != guest.pk)
    # No camera here: the page says so and the search still works.
    context = browser.new_context(viewport=PHONE, locale="zh-CN", permissions=["camera"], timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(WAIT)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{gate['url']}/checkin/#device={gate['token']}")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    for name in ("北门", "贵宾通道"):
        expect(page.locator("#point-list button", has_text=name)).to_have_count(1)
    page.screenshot(path=SCREENSHOTS / "checkin-points-zh-hans-phone.png")
    page.locator("#point-list button", has_text="北门").click()
    expect(page.locator("#camera-note")).to_contain_text("摄像头")

    # Found by name, checked in: green, the name in its own script and in Chinese.
    page.fill("#search", guest.person.family_name)
    page.press("#search", "Enter")
    page.locator(f'#results button[data-registration="{guest.pk}"]').click()
    result = page.locator("#result")
    expect(result).to_have_attribute("data-colour", "green")
    expect(page.locator("#result-title")).to_have_text("欢迎。")
    expect(page.locator("#result-name")).to_have_text(guest.person.display_name)
    expect(page.locator("#result-chinese")).to_have_text(guest.person.badge_chinese_name)
    page.screenshot(path=SCREENSHOTS / "checkin-green-zh-hans-phone.png")
    first = Scan.objects.get(registration=guest)
    assert (first.result, first.annulled_at) == ("ok", None)

    # Undone at once: the scan stays, annulled.
    page.locator("#result-undo").click()
    expect(result).to_be_hidden()
    expect(page.locator("#message")).to_have_text("签到已撤销。")
    first.refresh_from_db()
    assert first.annulled_at is not None

    # Scanned again: in. A third time: amber, and a supervisor admits after confirming.
    type_code(page, pass_code(guest))
    expect(result).to_have_attribute("data-colour", "green")
    dismiss(page)
    type_code(page, pass_code(guest))
    expect(result).to_have_attribute("data-colour", "amber")
    expect(page.locator("#result-title")).to_have_text(re.compile(r"^已于 \d\d:\d\d 在北门签到。$"))
    page.locator("#result-force").click()
    expect(page.locator("#confirm-force")).to_be_visible()
    page.locator("#confirm-force-yes").click()
    expect(result).to_have_attribute("data-colour", "green")
    expect(page.locator("#result-title")).to_have_text("已由主管放行。")
    dismiss(page)
    assert [
        (s.result, s.forced, s.annulled_at is not None) for s in Scan.objects.filter(registration=guest).order_by("pk")
    ] == [("ok", False, True), ("ok", False, False), ("already", False, False), ("ok", True, False)]

    # A pass altered by one bit: the server refuses it as forged.
    type_code(page, tampered(pass_code(other)))
    expect(result).to_have_attribute("data-colour", "red")
    expect(page.locator("#result-title")).to_have_text("此通行证系伪造或已被篡改。")
    page.screenshot(path=SCREENSHOTS / "checkin-red-zh-hans-phone.png")
    dismiss(page)

    # Installed: with no network the page opens from the service worker and still checks guests in.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    page.reload()
    expect(page.locator("#scan")).to_be_visible()
    expect(page.locator("#net")).to_have_attribute("data-state", "offline")
    expect(page.locator("#point-name")).to_have_text("北门")
    type_code(page, pass_code(other))
    expect(result).to_have_attribute("data-colour", "green")
    expect(result).to_have_attribute("data-offline", "true")
    dismiss(page)
    expect(page.locator("#queue")).to_have_attribute("data-count", "1")
    context.set_offline(False)
    expect(page.locator("#queue")).to_have_attribute("data-count", "0")
    assert scans_of(other) == [("ok", True)]  # the forged one named nobody

    # Offline at the VIP entrance, a guest of another category is refused here; a supervisor admits them.
    outsider = next(g for g in gate["guests"] if g.category_id != gate["guests"][0].category_id)
    context.set_offline(True)
    expect(page.locator("#net")).to_have_attribute("data-state", "offline")
    page.locator("#change-point").click()
    page.locator("#point-list button", has_text="贵宾通道").click()
    type_code(page, pass_code(outsider))
    expect(result).to_have_attribute("data-colour", "red")
    expect(result).to_have_attribute("data-result", "not_admitted")
    expect(page.locator("#result-title")).to_have_text("此处不予放行：该嘉宾类别不可通行。")
    expect(page.locator("#result-name")).to_have_text(outsider.person.display_name)
    page.locator("#result-force").click()
    page.locator("#confirm-force-yes").click()
    expect(result).to_have_attribute("data-colour", "green")
    expect(page.locator("#result-title")).to_have_text("已由主管放行。")
    dismiss(page)
    expect(page.locator("#queue")).to_have_attribute("data-count", "2")
    context.set_offline(False)
    expect(page.locator("#queue")).to_have_attribute("data-count", "0")
    at_vip = Scan.objects.filter(registration=outsider, point=gate["vip"]).order_by("pk")
    assert [(s.result, s.reason, s.forced, s.offline) for s in at_vip] == [
        ("not_admitted", "category", False, True),
        ("ok", "category", True, True),
    ]
    assert errors == []
    context.close()


READ_AND_VERIFY = """async ([png, keys, codes]) => {
  const pass = await import("/static/checkin/pass.js");
  const config = JSON.parse(document.getElementById("checkin-config").textContent);
  const zxing = await import(config.zxing);
  zxing.prepareZXingModule({ overrides: { locateFile: (path, prefix) => config.wasm } });
  const image = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
  const read = await zxing.readBarcodes(new Blob([image], { type: "image/png" }), { formats: ["QRCode"] });
  const answers = { decoded: read.map((r) => r.text) };
  for (const [name, code] of Object.entries(codes)) {
    const p = pass.readCode(code);
    if (!p) { answers[name] = null; continue; }
    const key = pass.base64urlDecode(keys[p.keyId]);
    answers[name] = {
      registration: p.registration, event: p.eventId, version: p.version, key: p.keyId,
      webcrypto: await pass.verify(key, p.signature, p.signed),
      noble: await pass.verify(key, p.signature, p.signed, { library: true }),
    };
  }
  return answers;
}"""


def test_the_vendored_decoder_reads_a_pass_and_both_verifiers_agree_with_the_server(browser, gate):
    from registrations.checkin.domain.passes import verifying_keys

    guest = gate["guests"][0]
    code = pass_code(guest)
    keys = {n: k.public_key for n, k in verifying_keys(gate["config"].pk).items()}
    page = browser.new_page()
    page.goto(f"{gate['url']}/checkin/")
    answers = page.evaluate(
        READ_AND_VERIFY,
        [
            base64.b64encode(qr_png(code)).decode(),
            keys,
            {"real": code, "tampered": tampered(code), "short": code[:-1], "lower": code.lower()},
        ],
    )
    pass_row = guest.checkin_pass
    expected = {
        "registration": guest.pk,
        "event": gate["config"].pk,
        "version": pass_row.version,
        "key": next(iter(keys)),
        "webcrypto": True,
        "noble": True,
    }
    assert answers["decoded"] == [code]
    assert answers["real"] == expected
    assert answers["lower"] == expected  # what a keyboard-wedge scanner may type
    # One bit of the registration id flipped (byte 8 of the pass is the id's second byte).
    assert answers["tampered"] == {**expected, "registration": guest.pk ^ 0x10000, "webcrypto": False, "noble": False}
    assert answers["short"] is None
    page.close()
