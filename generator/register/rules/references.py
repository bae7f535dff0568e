"""References from documents to agencies and signers (R1)."""

from __future__ import annotations

import difflib

from generator.register.model import fold
from generator.register.rules.base import Finding, at, at_task, rule, value_fix
from generator.vi import fmt_date


def _agency_refs(doc):
    """(code, path, what) for every agency a document names."""
    if doc.submitted_by:
        yield doc.submitted_by, ("submitted_by",), "Cơ quan trình"
    for task in doc.tasks:
        base = ("tasks", task.index)
        yield task.assignee, base + ("assignee",), f"Cơ quan chủ trì của nhiệm vụ {task.id}"
        yield task.monitor, base + ("monitor",), f"Đơn vị theo dõi của nhiệm vụ {task.id}"
        for i, code in enumerate(task.coordinators):
            yield code, base + ("coordinators", i), f"Cơ quan phối hợp của nhiệm vụ {task.id}"


@rule("unknown-agency")
def unknown_agency(doc, ctx):
    """Mã cơ quan không có trong agencies.yaml.

    Mọi cơ quan được giao, phối hợp, theo dõi hoặc trình văn bản phải được khai báo trong
    `agencies.yaml` để thống kê theo cơ quan được đúng.

    Đúng:

        assignee: STC        # có trong agencies.yaml

    Sai:

        assignee: SO_TC      # không có mã này
    """
    agencies = ctx.register.agencies
    for code, path, what in _agency_refs(doc):
        if code not in agencies:
            line, col = at(doc, path)
            close = close_code(code, agencies)
            yield Finding(
                line,
                col,
                f"{what}: mã «{code}» không có trong agencies.yaml.",
                (f"Có phải ý bạn là «{close}» ({agencies[close].name})? Viết {close}. " if close else "")
                + "Dùng mã đã khai báo trong agencies.yaml, hoặc khai báo cơ quan mới ở đó.",
                fix=(value_fix(doc, path, close),) if close else (),
            )


@rule("agency-not-valid")
def agency_not_valid(doc, ctx):
    """Cơ quan chưa thành lập hoặc đã giải thể vào ngày ban hành văn bản.

    Sau mỗi lần sắp xếp bộ máy (ví dụ hợp nhất tỉnh, bỏ cấp huyện từ 01/7/2025), cơ quan cũ có
    `valid_to`, cơ quan mới có `valid_from`. Văn bản chỉ giao việc cho cơ quan đang tồn tại
    vào ngày ban hành.

    Đúng:

        issued: 2026-03-02
        assignee: SNNMT      # Sở Nông nghiệp và Môi trường, valid_from: 2025-07-01

    Sai:

        issued: 2026-03-02
        assignee: SKHDT      # Sở Kế hoạch và Đầu tư, valid_to: 2025-06-30
    """
    agencies = ctx.register.agencies
    for code, path, what in _agency_refs(doc):
        agency = agencies.get(code)
        if agency is not None and not agency.valid_on(doc.issued):
            line, col = at(doc, path)
            span = _span(agency.valid_from, agency.valid_to)
            yield Finding(
                line,
                col,
                f"{what}: «{agency.name}» ({code}) không còn hoặc chưa hoạt động vào ngày ban hành "
                f"{fmt_date(doc.issued)} (hoạt động {span}).",
                "Giao cho cơ quan kế thừa nhiệm vụ sau sắp xếp, hoặc sửa valid_from/valid_to "
                "trong agencies.yaml nếu ngày đó sai.",
            )


@rule("monitor-not-division")
def monitor_not_division(doc, ctx):
    """Đơn vị theo dõi phải là một phòng thuộc Văn phòng.

    Theo Công văn 419/VPUBND-HCTC, các phòng chuyên môn của Văn phòng (Phòng Tổng hợp, Phòng
    Kinh tế…) theo dõi, đôn đốc nhiệm vụ; trong agencies.yaml các phòng này có
    `kind: office_division`.

    Đúng:

        monitor: TH          # Phòng Tổng hợp, kind: office_division

    Sai:

        monitor: STC         # Sở Tài chính không theo dõi nhiệm vụ thay Văn phòng
    """
    agencies = ctx.register.agencies
    for task in doc.tasks:
        agency = agencies.get(task.monitor)
        if agency is not None and agency.kind != "office_division":
            line, col = at_task(task, "monitor")
            divisions = sorted(a.code for a in agencies.values() if a.kind == "office_division")
            yield Finding(
                line,
                col,
                f"Nhiệm vụ {task.id}: «{agency.name}» ({task.monitor}) không phải phòng thuộc Văn phòng "
                "nên không thể là đơn vị theo dõi.",
                "Chọn một trong các phòng: " + ", ".join(divisions) + ".",
            )


@rule("unknown-signer")
def unknown_signer(doc, ctx):
    """Người ký không có trong signers.yaml.

    Người ký là thông tin bắt buộc của văn bản (R1) và được ghi bằng mã khai báo trong
    signers.yaml, để họ tên, chức vụ hiển thị thống nhất và thống kê theo người ký được đúng.
    Dùng mã đã khai báo (xem gợi ý «Có phải ý bạn là…»), hoặc khai báo người ký mới trong
    signers.yaml trước.

    Đúng:

        signer: CT

    Sai:

        signer: CHU_TICH     # chưa khai báo trong signers.yaml
    """
    signers = ctx.register.signers
    if doc.signer not in signers:
        line, col = at(doc, ("signer",))
        close = close_code(doc.signer, signers)
        yield Finding(
            line,
            col,
            f"Người ký «{doc.signer}» không có trong signers.yaml.",
            (f"Có phải ý bạn là «{close}» ({_who(signers[close])})? Viết {close}. " if close else "")
            + "Dùng mã trong signers.yaml hoặc khai báo người ký mới ở đó.",
            fix=(value_fix(doc, ("signer",), close),) if close else (),
        )


@rule("signer-not-valid")
def signer_not_valid(doc, ctx):
    """Người ký không giữ chức vụ vào ngày ban hành văn bản.

    Người ký (R1) phải đang giữ chức vụ vào ngày ban hành, theo `valid_from`/`valid_to` trong
    signers.yaml; nếu không thì hoặc đã chọn nhầm người (thường là người tiền nhiệm hay kế
    nhiệm), hoặc ngày ban hành sai, hoặc signers.yaml ghi sai nhiệm kỳ. Đối chiếu với chữ ký và
    ngày trên văn bản giấy rồi sửa chỗ sai.

    Đúng:

        issued: 2017-09-01
        signer: CT           # valid_from: 2016-04-01, valid_to: 2021-06-30

    Sai:

        issued: 2026-03-02
        signer: CT           # valid_to: 2021-06-30
    """
    signer = ctx.register.signers.get(doc.signer)
    if signer is not None and not signer.valid_on(doc.issued):
        line, col = at(doc, ("signer",))
        yield Finding(
            line,
            col,
            f"{signer.name} ({signer.code}) không giữ chức vụ vào ngày {fmt_date(doc.issued)} "
            f"(giữ chức vụ {_span(signer.valid_from, signer.valid_to)}).",
            "Kiểm tra lại người ký hoặc ngày ban hành; nếu signers.yaml sai thì sửa valid_from/valid_to.",
        )


def _who(signer) -> str:
    return f"{signer.title} {signer.name}".strip()


def _span(start, end) -> str:
    left = f"từ {fmt_date(start)}" if start else ""
    right = f"đến {fmt_date(end)}" if end else "đến nay"
    return f"{left} {right}".strip()


def close_code(code: str, known: dict) -> str | None:
    """The declared code a clerk most likely meant: one whose name or title they wrote out
    («SO_TAI_CHINH» for Sở Tài chính), one spelled alike («SO_NV» for SNV), or the initials of
    the words they wrote («CHU_TICH» for CT)."""
    wanted = fold(code)
    for key, item in known.items():
        if wanted and wanted in (fold(getattr(item, "name", "")), fold(getattr(item, "title", ""))):
            return key
    match = difflib.get_close_matches(str(code).upper(), list(known), n=1, cutoff=0.6)
    if match:
        return match[0]
    initials = "".join(word[0] for word in wanted.split()).upper()
    return initials if len(initials) > 1 and initials in known else None
