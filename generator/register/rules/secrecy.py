"""State secrets never enter a public register (R5, Law on Protection of State Secrets)."""

from __future__ import annotations

from generator.register.model import SECRECY_LEVELS
from generator.register.problems import Fix
from generator.register.rules.base import Finding, at, rule


@rule("secret-document")
def secret_document(doc, ctx):
    """Sổ công khai không được chứa văn bản mật.

    Luật Bảo vệ bí mật nhà nước cấm soạn thảo, lưu giữ tài liệu mật trên thiết bị kết nối
    Internet. Sổ có `audience: public` chỉ nhận `secrecy: none`; văn bản mật, tối mật, tuyệt
    mật được theo dõi trong sổ "Tài liệu đi"/"Tài liệu mật đến" trên máy tính không nối mạng.

    Đúng:

        secrecy: none

    Sai:

        secrecy: confidential
    """
    if ctx.register.settings.audience == "public" and doc.secrecy != "none":
        line, col = at(doc, ("secrecy",))
        yield Finding(
            line,
            col,
            f"Văn bản {doc.number} có độ mật «{SECRECY_LEVELS.get(doc.secrecy, doc.secrecy)}»: "
            "sổ công khai không được chứa tài liệu mật.",
            f"Xóa ngay tệp này khỏi kho: git rm {doc.file} (và xóa khỏi lịch sử Git), báo Lãnh đạo Văn phòng; "
            "theo dõi văn bản mật trong sổ riêng trên máy không kết nối mạng.",
            fix=(Fix("remove"),),
        )
