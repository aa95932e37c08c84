"""Outbox messages written as bytes for SMTP, read back by Python's own email parser."""

import email
import email.policy
from datetime import UTC, datetime

import pytest

from registrations.interfaces import mime
from registrations.interfaces.mime import Attachment

DATE = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:\xe6\xb9\x98\xe6\xb1\x9f\xe8\xae\xba\xe5\x9d\x9b\r\nEND:VCALENDAR\r\n"
PNG = bytes(range(256)) * 4


def parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def render(**overrides):
    values = {
        "sender": "湘江论坛组委会 <forum@example.org>",
        "recipient": "wang@example.cn",
        "subject": "邀请函：2027一带一路湘江论坛",
        "body": "尊敬的王小明：\n\n诚挚邀请您出席论坛。\nhttps://events.example.org/zh-hans/rsvp/abc/\n",
        "headers": {"Message-ID": "<outbox-1.20261201@example.org>", "Content-Language": "zh-hans"},
        "date": DATE,
    }
    values.update(overrides)
    return mime.render(**values)


def test_a_message_with_attachments_reads_back_exactly():
    data = render(attachments=[Attachment("forum.ics", ICS, "text/calendar"), Attachment("pass.png", PNG, "image/png")])
    message = parse(data)
    assert str(message["From"]) == "湘江论坛组委会 <forum@example.org>"
    assert message["From"].addresses[0].addr_spec == "forum@example.org"
    assert str(message["To"]) == "wang@example.cn"
    assert str(message["Subject"]) == "邀请函：2027一带一路湘江论坛"
    assert message["Date"].datetime == DATE
    assert message["Message-ID"] == "<outbox-1.20261201@example.org>"
    assert message["Content-Language"] == "zh-hans"
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(("plain",))
    # Text travels in MIME's canonical form, with CRLF line ends.
    assert (
        body.get_content().replace("\r\n", "\n")
        == "尊敬的王小明：\n\n诚挚邀请您出席论坛。\nhttps://events.example.org/zh-hans/rsvp/abc/\n"
    )
    [calendar, image] = list(message.iter_attachments())
    assert (calendar.get_content_type(), calendar.get_filename(), calendar.get_content().encode()) == (
        "text/calendar",
        "forum.ics",
        ICS,
    )
    assert (image.get_content_type(), image.get_filename(), image.get_content()) == ("image/png", "pass.png", PNG)
    assert all(not part.defects for part in message.walk())
    assert data.isascii()
    assert max(len(line) for line in data.split(b"\r\n")) <= 78
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends with CRLF


def test_a_message_without_attachments_is_a_single_text_part():
    message = parse(render(body="Dear Ms Smith,\nWelcome.\n", subject="Invitation", sender="forum@example.org"))
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == "Dear Ms Smith,\r\nWelcome.\r\n"
    assert str(message["From"]) == "forum@example.org"
    assert not message.defects


def test_a_long_subject_is_folded_and_reads_back_whole():
    subject = "Invitation: " + " ".join(["the 2027 Belt and Road Xiangjiang Forum"] * 4)
    chinese = "邀请函：" + "一带一路湘江论坛" * 12
    for text in (subject, chinese):
        data = render(subject=text)
        assert str(parse(data)["Subject"]) == text
        assert max(len(line) for line in data.split(b"\r\n")) <= 78


def test_sender_names_with_special_characters_are_quoted():
    message = parse(render(sender='"Forum Office, Hunan" <forum@example.org>'))
    assert message["From"].addresses[0].display_name == "Forum Office, Hunan"
    assert message["From"].addresses[0].addr_spec == "forum@example.org"


def test_a_non_ascii_filename_is_encoded():
    [part] = list(parse(render(attachments=[Attachment("论坛.ics", ICS, "text/calendar")])).iter_attachments())
    assert part.get_filename() == "论坛.ics"


def test_an_international_domain_is_encoded_for_smtp():
    assert mime.address("info@湖南.中国") == "info@xn--6kr114d.xn--fiqs8s"
    assert str(parse(render(recipient="info@湖南.中国"))["To"]) == "info@xn--6kr114d.xn--fiqs8s"


@pytest.mark.parametrize(
    "value",
    ["not-an-address", "@example.org", "guest@", "two words@example.org", "王@example.org", "a@b.org\r\nBcc: x@y.org"],
)
def test_addresses_no_mail_server_takes_are_refused(value):
    with pytest.raises(ValueError):  # noqa: PT011 - the mailer treats every ValueError as a permanent failure
        mime.address(value)


def test_a_line_break_in_a_header_is_refused():
    with pytest.raises(ValueError, match="Line break in the Subject header"):
        render(subject="Invitation\r\nBcc: everyone@example.org")


def test_attachments_are_encoded_once_per_cache():
    parts = {}
    calendar = Attachment("forum.ics", ICS, "text/calendar")
    first = render(attachments=[calendar], parts=parts)
    second = render(attachments=[calendar], parts=parts, recipient="li@example.cn")
    assert len(parts) == 1
    assert [p.get_content() for p in parse(first).iter_attachments()] == [
        p.get_content() for p in parse(second).iter_attachments()
    ]
