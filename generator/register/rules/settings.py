"""Rules on the register's own settings (register.yaml)."""

from __future__ import annotations

from generator.register.model import DEFAULT_TIMEZONE, zone_named
from generator.register.problems import Fix
from generator.register.rules.base import Finding, rule


@rule("unknown-timezone", scope="register")
def unknown_timezone(register, ctx):
    """Múi giờ không có thật.

    `timezone` quyết định «hôm nay» là ngày nào, nên quyết định nhiệm vụ nào quá hạn. Tên múi
    giờ viết theo danh sách IANA, phân biệt chữ hoa, chữ thường; sổ theo dõi của một tỉnh dùng
    `Asia/Ho_Chi_Minh`. Khi tên sai, mọi lệnh vẫn chạy theo giờ Việt Nam và báo lỗi này.

    Đúng:

        timezone: Asia/Ho_Chi_Minh

    Sai:

        timezone: Asia/Hanoi_City
    """
    settings = register.settings
    if zone_named(settings.timezone) is None:
        line = settings.lines.get("timezone", 0)
        yield Finding(
            line,
            1 if line else 0,
            f"Không có múi giờ «{settings.timezone}»; đang tạm tính theo giờ Việt Nam ({DEFAULT_TIMEZONE}).",
            f"Ghi «timezone: {DEFAULT_TIMEZONE}».",
            file=settings.file,
            fix=(Fix("line", f"timezone: {DEFAULT_TIMEZONE}", line=line),) if line else (),
        )
