"""The bytes of an outbox message as the mail server receives them (RFC 5322 and MIME).

Python's email package takes about 3 ms of CPU to build and flatten one message with its
modern policy, most of it parsing and re-folding headers; Django's mailer goes that way.
A mass mailing of ten thousand invitations then costs a worker half a minute for
formatting alone. Yet the messages of a mailing differ only in a few headers and the
body, and their attachment (the event's .ics) is the same for all guests of one language.
So the SMTP path writes them here from parts: headers encoded with `email.header`
(RFC 2047), the body and attachments in base64, and an attachment's encoded form kept
for the next message. Mailers that are not SMTP (the console, tests' memory) get a
Django `EmailMessage` with the same content instead.
"""

import base64
import secrets
from dataclasses import dataclass
from email.header import Header
from email.utils import encode_rfc2231, format_datetime, formataddr, parseaddr
from functools import lru_cache

CRLF = "\r\n"
# Header lines are folded to this length (RFC 5322 recommends 78 characters).
LINE = 76


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str  # "text/calendar", "image/png"...


def _split(value: str) -> tuple[str, str]:
    """(name, addr) of "Name <addr>"; a bare address (the recipients in the outbox) needs no parsing."""
    if any(char in value for char in "\r\n"):
        raise ValueError("Line break in an email address")
    if not any(char in value for char in '<"('):
        return "", value.strip()
    return parseaddr(value, strict=True)


# Senders repeat in every message of a mailing: their parsed forms are kept.
@lru_cache(maxsize=512)
def address(value: str) -> str:
    """The addr-spec of "Name <addr>" or "addr", ready for SMTP: ASCII, the domain IDNA-encoded.

    ValueError for what no mail server can take (no @, spaces, line breaks, a non-ASCII
    local part): the message then fails for good instead of being retried.
    """
    addr = _split(value)[1]
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain or any(char.isspace() or char in "<>()," for char in addr):
        raise ValueError(f"Invalid email address: {value!r}")
    if not local.isascii():
        raise ValueError(f"Email address with a non-ASCII local part: {value!r}")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"Invalid domain in email address: {value!r}") from None
    return f"{local}@{domain}"


@lru_cache(maxsize=512)
def mailbox(value: str) -> str:
    """ "Name <addr>" for a header: the name quoted or RFC 2047-encoded, the address checked."""
    return formataddr((_split(value)[0], address(value)), charset="utf-8")


def header(name: str, value: str) -> str:
    """One header line, folded; non-ASCII text as RFC 2047 encoded words."""
    if any(char in value for char in "\r\n"):
        raise ValueError(f"Line break in the {name} header")
    if value.isascii() and len(name) + 2 + len(value) <= LINE:
        return f"{name}: {value}"
    charset = "us-ascii" if value.isascii() else "utf-8"
    return f"{name}: {Header(value, charset, maxlinelen=LINE, header_name=name).encode(linesep=CRLF)}"


def _base64(content: bytes) -> str:
    return base64.encodebytes(content).decode("ascii").replace("\n", CRLF)


def text_part(body: str) -> str:
    # MIME's canonical form of text has CRLF line ends.
    text = body.replace("\r\n", "\n").replace("\n", CRLF)
    return (
        f'Content-Type: text/plain; charset="utf-8"{CRLF}'
        f"Content-Transfer-Encoding: base64{CRLF}{CRLF}"
        f"{_base64(text.encode('utf-8'))}"
    )


def attachment_part(attachment: Attachment) -> str:
    if attachment.filename.isascii() and '"' not in attachment.filename and "\\" not in attachment.filename:
        name, filename = f'name="{attachment.filename}"', f'filename="{attachment.filename}"'
    else:
        encoded = encode_rfc2231(attachment.filename, "utf-8")
        name, filename = f"name*={encoded}", f"filename*={encoded}"
    charset = '; charset="utf-8"' if attachment.mimetype.startswith("text/") else ""
    return (
        f"Content-Type: {attachment.mimetype}{charset}; {name}{CRLF}"
        f"Content-Transfer-Encoding: base64{CRLF}"
        f"Content-Disposition: attachment; {filename}{CRLF}{CRLF}"
        f"{_base64(attachment.content)}"
    )


def render(
    *, sender: str, recipient: str, subject: str, body: str, headers: dict, date, attachments=(), parts=None
) -> bytes:
    """The whole message. `parts` (any dict) keeps attachments' encoded form between calls."""
    lines = [
        header("From", mailbox(sender)),
        header("To", mailbox(recipient)),
        header("Subject", subject),
        header("Date", format_datetime(date)),
        *(header(name, value) for name, value in headers.items()),
        "MIME-Version: 1.0",
    ]
    if not attachments:
        return (CRLF.join(lines) + CRLF + text_part(body)).encode("ascii")
    # Random, so it never occurs inside a part.
    boundary = f"=_{secrets.token_hex(12)}"
    lines.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
    encoded = []
    for attachment in attachments:
        key = (attachment.filename, attachment.mimetype, attachment.content)
        part = parts.get(key) if parts is not None else None
        if part is None:
            part = attachment_part(attachment)
            if parts is not None:
                parts[key] = part
        encoded.append(part)
    delimiter = f"{CRLF}--{boundary}{CRLF}"
    message = (
        CRLF.join(lines)
        + CRLF
        + CRLF
        + f"--{boundary}{CRLF}"
        + delimiter.join([text_part(body), *encoded])
        + f"{CRLF}--{boundary}--{CRLF}"
    )
    return message.encode("ascii")
