"""Sending reports by e-mail (R8: divisions send their compilation to Phòng Tổng hợp by mail).

SMTP settings come only from environment variables (set as CI secrets or on the clerk's
machine), never from the register, which is public:

    NHIEMVU_SMTP_HOST       server name (required to send)
    NHIEMVU_SMTP_PORT       default 587 with STARTTLS, 465 means implicit TLS, else 25
    NHIEMVU_SMTP_USER       login (optional)
    NHIEMVU_SMTP_PASSWORD   password (optional; never printed)
    NHIEMVU_SMTP_FROM       sender address (default: the login)
    NHIEMVU_SMTP_STARTTLS   1/0 (default 1); a password is never sent over a clear
                            connection except to the local machine
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.header import Header, decode_header, make_header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid, parseaddr
from zoneinfo import ZoneInfo

from generator.errors import MailError, MailSettingsError
from generator.register.model import DEFAULT_ZONE

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
_TRUE, _FALSE = {"1", "true", "yes", "on", "có"}, {"0", "false", "no", "off", "không"}


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    sender: str
    starttls: bool

    def __repr__(self) -> str:  # never show the password in a traceback or log
        return f"SmtpSettings(host={self.host!r}, port={self.port}, user={self.user!r}, sender={self.sender!r})"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpSettings:
        host = (env.get("NHIEMVU_SMTP_HOST") or "").strip()
        if not host:
            raise MailSettingsError(
                "Chưa cấu hình máy chủ thư: đặt biến môi trường NHIEMVU_SMTP_HOST "
                "(và NHIEMVU_SMTP_PORT, NHIEMVU_SMTP_USER, NHIEMVU_SMTP_PASSWORD, "
                "NHIEMVU_SMTP_FROM nếu cần), hoặc dùng --dry-run để chỉ xem thư."
            )
        starttls = _flag(env.get("NHIEMVU_SMTP_STARTTLS"), default=True)
        port_text = (env.get("NHIEMVU_SMTP_PORT") or "").strip()
        try:
            port = int(port_text) if port_text else (587 if starttls else 25)
            if not 0 < port < 65536:
                raise ValueError
        except ValueError:
            raise MailSettingsError(f"NHIEMVU_SMTP_PORT «{port_text}» không phải số cổng hợp lệ (ví dụ 587).") from None
        user = (env.get("NHIEMVU_SMTP_USER") or "").strip() or None
        sender = (env.get("NHIEMVU_SMTP_FROM") or "").strip() or user or ""
        if not valid_address(sender):
            raise MailSettingsError(
                "Thiếu hoặc sai địa chỉ người gửi: đặt NHIEMVU_SMTP_FROM, ví dụ phongtonghop@example.gov.vn."
            )
        return cls(host, port, user, env.get("NHIEMVU_SMTP_PASSWORD") or None, sender, starttls)


def _flag(value: str | None, *, default: bool) -> bool:
    text = (value or "").strip().lower()
    if not text:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise MailSettingsError(f"NHIEMVU_SMTP_STARTTLS «{value}» không hợp lệ; ghi 1 (bật) hoặc 0 (tắt).")


def valid_address(address: str) -> bool:
    """A plain `name@domain` address, with no header-breaking characters."""
    if not address or any(c in address for c in "\r\n,;<>\"'") or " " in address.strip():
        return False
    _name, addr = parseaddr(address)
    local, _, domain = addr.partition("@")
    return addr == address.strip() and bool(local) and "." in domain and not domain.startswith(".")


MIME_TYPES = {
    ".xlsx": XLSX_TYPE,
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pdf": ("application", "pdf"),
}


def build_message(
    *,
    sender: str,
    recipients: Sequence[str],
    subject: str,
    body: str,
    html: str | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
    attachment: bytes | None = None,
    attachment_name: str = "bao-cao.xlsx",
) -> Message:
    """A UTF-8 message: the plain text (and, when given, an HTML version of it), then the
    attached files (name, bytes; the type follows the name's suffix).

    Built with the classic `email.mime` classes: the newer EmailMessage folding (Python 3.11)
    drops the space between two encoded words, which turned "Văn xã" into "Vănxã" in long
    Vietnamese subjects; `Header` keeps the spaces inside the encoded text.
    """
    bad = [r for r in recipients if not valid_address(r)]
    if bad or not recipients:
        raise MailSettingsError(
            f"Địa chỉ nhận thư không hợp lệ: {', '.join(bad) or '(trống)'}; ghi dạng ten@example.gov.vn."
        )
    msg = MIMEMultipart()
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = Header(subject, "utf-8")
    if html is None:
        msg.attach(MIMEText(body, "plain", "utf-8"))
    else:
        alternative = MIMEMultipart("alternative")
        alternative.attach(MIMEText(body, "plain", "utf-8"))
        alternative.attach(MIMEText(html, "html", "utf-8"))
        msg.attach(alternative)
    files = list(attachments) + ([(attachment_name, attachment)] if attachment is not None else [])
    for name, data in files:
        kind = MIME_TYPES.get(name[name.rfind(".") :].lower(), ("application", "octet-stream"))
        part = MIMEApplication(data, _subtype=kind[1])
        part.add_header("Content-Disposition", "attachment", filename=name)
        msg.attach(part)
    return msg


def describe(msg: Message) -> str:
    """What --dry-run prints: headers, the text, and the attachments by name and size."""
    lines = []
    for key in ("From", "To", "Subject"):
        value = msg[key]
        lines.append(f"{key}: {str(make_header(decode_header(str(value)))) if value else ''}")
    for part in msg.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            lines += ["", part.get_payload(decode=True).decode("utf-8").rstrip()]
        elif part.get_content_type() == "text/html" and not part.get_filename():
            lines += ["", f"[Bản HTML của nội dung thư: {len(part.get_payload(decode=True))} byte]"]
    for part in msg.walk():
        if part.get_filename():
            size = len(part.get_payload(decode=True) or b"")
            lines.append(f"\n[Tệp đính kèm: {part.get_filename()} ({size} byte)]")
    return "\n".join(lines) + "\n"


def send(msg: Message, settings: SmtpSettings, *, timeout: float = 30.0, zone: ZoneInfo = DEFAULT_ZONE) -> None:
    """Send through the configured server; every failure becomes a MailError in Vietnamese
    (MailSettingsError when the settings are to blame). `zone`: the register's time zone."""
    if "Date" not in msg:
        msg["Date"] = format_datetime(dt.datetime.now(zone))
    if "Message-ID" not in msg:
        msg["Message-ID"] = make_msgid(domain=settings.sender.partition("@")[2] or None)
    if settings.password and not settings.starttls and settings.port != 465 and not _loopback(settings.host):
        raise MailSettingsError(
            "Không gửi mật khẩu qua kết nối không mã hóa: bật NHIEMVU_SMTP_STARTTLS=1 hoặc dùng cổng 465."
        )
    context = ssl.create_default_context()
    try:
        if settings.port == 465:
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with client:
            if settings.starttls and settings.port != 465:
                client.starttls(context=context)
            if settings.user and settings.password:
                client.login(settings.user, settings.password)
            client.send_message(msg)
    except smtplib.SMTPAuthenticationError:
        raise MailError("Máy chủ thư từ chối đăng nhập: kiểm tra NHIEMVU_SMTP_USER và NHIEMVU_SMTP_PASSWORD.") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError("Máy chủ thư từ chối địa chỉ nhận: " + ", ".join(exc.recipients) + ".") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(
            f"Không gửi được thư qua {settings.host}:{settings.port}: {exc}. "
            "Kiểm tra tên máy chủ, cổng và kết nối mạng."
        ) from None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
