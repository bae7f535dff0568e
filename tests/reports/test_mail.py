"""`report monthly --mail-to`: the report goes through a real SMTP server (aiosmtpd on
127.0.0.1) and is read back from what the server received."""

from __future__ import annotations

import email
import io
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from registerkit import DATA as TEST_DATA
from registerkit import outside_git

from generator.cli import main
from generator.reports.mail import MailError, SmtpSettings, build_message, send, valid_address

DATA = outside_git(TEST_DATA / "reports" / "register")
ENV_KEYS = (
    "NHIEMVU_SMTP_HOST",
    "NHIEMVU_SMTP_PORT",
    "NHIEMVU_SMTP_USER",
    "NHIEMVU_SMTP_PASSWORD",
    "NHIEMVU_SMTP_FROM",
    "NHIEMVU_SMTP_STARTTLS",
)


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"tonghop" and auth_data.password == b"mat-khau-dung"
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticate, auth_require_tls=False
    )
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def env_for(controller, **extra):
    env = {key: None for key in ENV_KEYS}
    env.update(
        {
            "NHIEMVU_SMTP_HOST": "127.0.0.1",
            "NHIEMVU_SMTP_PORT": str(controller.port),
            "NHIEMVU_SMTP_STARTTLS": "0",
            "NHIEMVU_SMTP_FROM": "kgvx@example.gov.vn",
        }
    )
    env.update(extra)
    return env


def run(args, env):
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


MONTHLY = ["report", "monthly", "--month", "2026-03", "--register", str(DATA)]


def test_report_is_sent_with_the_excel_file_attached(smtp):
    controller, inbox = smtp
    result = run([*MONTHLY, "--mail-to", "tonghop@example.gov.vn"], env_for(controller))
    assert result.exit_code == 0, result.output
    assert "Đã gửi báo cáo tới tonghop@example.gov.vn" in result.stderr
    assert result.stdout == ""  # the report went by mail, not to the terminal
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "kgvx@example.gov.vn"
    assert envelope.rcpt_tos == ["tonghop@example.gov.vn"]
    msg = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert msg["Subject"] == (
        "Báo cáo tình hình thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao tháng 3 năm 2026"
    )
    assert msg["Date"] and msg["Message-ID"]
    body = msg.get_body(preferencelist=("plain",)).get_content()
    # «Kính gửi» from the recipient's entry in agencies.yaml (TH's e-mail)
    assert "Kính gửi: Phòng Tổng hợp." in body and "Tỷ lệ đúng hạn: 25,0%" in body
    page = msg.get_body(preferencelist=("html",)).get_content()
    assert "Kính gửi: <b>Phòng Tổng hợp</b>" in page and "<table" in page and "Tỷ lệ đúng hạn: 25,0%" in page
    assert "Rà soát &lt;b&gt;hạ tầng&lt;/b&gt;" in page or "<b>hạ tầng</b>" not in page  # register text escaped
    word, excel = list(msg.iter_attachments())
    assert word.get_filename() == "bao-cao-2026-03.docx"
    assert word.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert Document(io.BytesIO(word.get_payload(decode=True))).tables[0].cell(1, 0).text.endswith("/BC-VPUBND")
    assert excel.get_filename() == "bao-cao-2026-03.xlsx"
    assert excel.get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(excel.get_payload(decode=True)))
    assert wb.sheetnames[:2] == ["Tổng hợp", "Nhiệm vụ"]
    assert wb["Nhiệm vụ"].max_row == 15  # title block, header + 8 tasks


def test_division_report_to_several_recipients_with_login(smtp, tmp_path):
    controller, inbox = smtp
    out = tmp_path / "bao-cao.docx"
    env = env_for(controller, NHIEMVU_SMTP_USER="tonghop", NHIEMVU_SMTP_PASSWORD="mat-khau-dung")
    result = run(
        [
            *MONTHLY,
            "--monitor",
            "KGVX",
            "--output",
            str(out),
            "--mail-to",
            "tonghop@example.gov.vn",
            "--mail-to",
            "lanhdao@example.gov.vn",
        ],
        env,
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"  # the Word file is written as well
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["tonghop@example.gov.vn", "lanhdao@example.gov.vn"]
    msg = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert "(Phòng Khoa giáo - Văn xã theo dõi)" in msg["Subject"]
    names = [a.get_filename() for a in msg.iter_attachments()]
    assert names == ["bao-cao-2026-03-KGVX.docx", "bao-cao-2026-03-KGVX.xlsx"]
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert "Kính gửi: Phòng Tổng hợp." in body  # the second address is in no agency's entry


def test_wrong_password_is_reported_in_vietnamese(smtp):
    controller, inbox = smtp
    env = env_for(controller, NHIEMVU_SMTP_USER="tonghop", NHIEMVU_SMTP_PASSWORD="mat-khau-sai")
    result = run([*MONTHLY, "--mail-to", "tonghop@example.gov.vn"], env)
    assert result.exit_code == 1
    assert "từ chối đăng nhập" in result.stderr and "mat-khau-sai" not in result.output
    assert inbox.envelopes == []


def test_dry_run_prints_the_message_and_sends_nothing(smtp):
    controller, inbox = smtp
    result = run([*MONTHLY, "--mail-to", "tonghop@example.gov.vn", "--dry-run"], env_for(controller))
    assert result.exit_code == 0, result.output
    assert "To: tonghop@example.gov.vn" in result.stdout
    assert "Subject: Báo cáo tình hình thực hiện nhiệm vụ" in result.stdout
    assert "# Báo cáo tháng 3 năm 2026" in result.stdout
    assert "[Tệp đính kèm: bao-cao-2026-03.xlsx (" in result.stdout
    assert inbox.envelopes == []


def test_dry_run_needs_no_settings():
    result = run([*MONTHLY, "--mail-to", "tonghop@example.gov.vn", "--dry-run"], {k: None for k in ENV_KEYS})
    assert result.exit_code == 0 and "From: nhiemvu@localhost" in result.stdout


def test_missing_settings_and_bad_addresses_are_usage_errors():
    result = run([*MONTHLY, "--mail-to", "tonghop@example.gov.vn"], {k: None for k in ENV_KEYS})
    assert result.exit_code == 2 and "NHIEMVU_SMTP_HOST" in result.stderr
    result = run([*MONTHLY, "--mail-to", "tonghop", "--dry-run"], {k: None for k in ENV_KEYS})
    assert result.exit_code == 2 and "Địa chỉ nhận thư không hợp lệ: tonghop" in result.stderr
    result = run([*MONTHLY, "--dry-run"], {k: None for k in ENV_KEYS})
    assert result.exit_code == 2 and "--mail-to" in result.stderr


def test_server_not_listening():
    env = {k: None for k in ENV_KEYS}
    env.update(
        {
            "NHIEMVU_SMTP_HOST": "127.0.0.1",
            "NHIEMVU_SMTP_PORT": str(free_port()),
            "NHIEMVU_SMTP_STARTTLS": "0",
            "NHIEMVU_SMTP_FROM": "th@example.gov.vn",
        }
    )
    result = run([*MONTHLY, "--mail-to", "tonghop@example.gov.vn"], env)
    assert result.exit_code == 1 and "Không gửi được thư qua 127.0.0.1" in result.stderr


def test_settings_from_environment_only():
    settings = SmtpSettings.from_env(
        {
            "NHIEMVU_SMTP_HOST": "mail.example.gov.vn",
            "NHIEMVU_SMTP_USER": "th@example.gov.vn",
            "NHIEMVU_SMTP_PASSWORD": "bi-mat",
        }
    )
    assert (settings.port, settings.starttls, settings.sender) == (587, True, "th@example.gov.vn")
    assert "bi-mat" not in repr(settings)
    for env, message in (
        ({"NHIEMVU_SMTP_HOST": "h", "NHIEMVU_SMTP_PORT": "abc", "NHIEMVU_SMTP_FROM": "a@b.vn"}, "NHIEMVU_SMTP_PORT"),
        (
            {"NHIEMVU_SMTP_HOST": "h", "NHIEMVU_SMTP_STARTTLS": "maybe", "NHIEMVU_SMTP_FROM": "a@b.vn"},
            "NHIEMVU_SMTP_STARTTLS",
        ),
        ({"NHIEMVU_SMTP_HOST": "h"}, "NHIEMVU_SMTP_FROM"),
    ):
        with pytest.raises(MailError, match=message):
            SmtpSettings.from_env(env)


def test_password_is_never_sent_in_clear_to_another_machine():
    settings = SmtpSettings("mail.example.gov.vn", 25, "th", "bi-mat", "th@example.gov.vn", False)
    msg = build_message(sender="th@example.gov.vn", recipients=["a@example.gov.vn"], subject="x", body="y")
    with pytest.raises(MailError, match="không mã hóa"):
        send(msg, settings, timeout=1)


def test_addresses_cannot_inject_headers():
    assert valid_address("tonghop@example.gov.vn")
    for bad in ("a@b.vn\r\nBcc: x@y.vn", "a@b.vn, c@d.vn", "Tên <a@b.vn>", "a@b", "@b.vn", ""):
        assert not valid_address(bad), bad
