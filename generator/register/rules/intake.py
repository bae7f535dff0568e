"""R11 rules on intake items (`register/intake/<YYYY>/<slug>.yaml`): codes that must exist,
dates in order, and items past their limit.

`intake-overdue` (no assignment document 3 working days after receipt) and `intake-unreported`
(pressing matter not reported) are warnings, not errors: the register is still correct — it
faithfully records that the Office is late — and a clerk cannot fix the lateness by editing YAML;
the warning keeps CI green while the site and the monthly report list the item until the
assignment document is recorded.
"""

from __future__ import annotations

from generator.register.problems import Fix
from generator.register.rules.base import Finding, rule
from generator.register.rules.references import close_code
from generator.register.status import intake_state
from generator.register.yamlsrc import scalar_text
from generator.vi import fmt_date


def _agency_name(register, code: str) -> str:
    agency = register.agencies.get(code)
    return agency.name if agency else code


@rule("intake-overdue", "warning", scope="register")
def intake_overdue(register, ctx):
    """Hồ sơ trình chưa có cơ quan chủ trì quá 03 ngày làm việc chưa có văn bản giao.

    Khi cơ quan trình, đề xuất mà chưa có quy định cơ quan chủ trì (`lead: none`), phòng theo dõi
    phải ban hành văn bản giao nhiệm vụ, có cơ quan chủ trì và thời hạn, trong 03 ngày làm việc kể
    từ ngày nhận (R11; không tính ngày nhận; thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù trong
    `calendar.yaml` không tính; thứ Bảy làm bù được tính). Đây là cảnh báo: sổ vẫn đúng, nhưng hồ
    sơ được nêu trong báo cáo tháng cho đến khi ghi văn bản giao.

    Đúng:

        received: 2026-02-13
        lead: none
        assignment: 140/UBND-TH
        assignment_date: 2026-02-24

    Sai:

        received: 2026-02-13
        lead: none
    """
    for item in register.intake:
        if item.received > ctx.as_of:
            continue
        state = intake_state(item, ctx.calendar, ctx.as_of)
        if state.status == "overdue":
            yield Finding(
                item.line,
                1,
                f"Hồ sơ «{item.number}» của {_agency_name(register, item.sender)} nhận ngày "
                f"{fmt_date(item.received)} chưa có văn bản giao nhiệm vụ; hạn 03 ngày làm việc là "
                f"{fmt_date(state.deadline)} (đã quá {state.working_days_late} ngày làm việc).",
                "Ban hành văn bản giao cơ quan chủ trì, thời hạn rồi ghi «assignment» (số văn bản) "
                "và «assignment_date» vào tệp.",
                file=item.file,
            )


@rule("intake-unreported", "warning", scope="register")
def intake_unreported(register, ctx):
    """Hồ sơ cấp bách chưa ghi ngày báo cáo Lãnh đạo Văn phòng.

    Vấn đề cấp bách (`lead: pressing`) phải báo cáo ngay Lãnh đạo Văn phòng (R11); ghi ngày đã
    báo cáo vào `reported`.

    Đúng:

        lead: pressing
        reported: 2026-03-02

    Sai:

        lead: pressing
    """
    for item in register.intake:
        if item.received > ctx.as_of:
            continue
        if intake_state(item, ctx.calendar, ctx.as_of).status == "unreported":
            yield Finding(
                item.line,
                1,
                f"Hồ sơ cấp bách «{item.number}» nhận ngày {fmt_date(item.received)} chưa ghi ngày "
                "báo cáo Lãnh đạo Văn phòng.",
                "Báo cáo ngay Lãnh đạo Văn phòng rồi ghi «reported: YYYY-MM-DD» vào tệp.",
                file=item.file,
            )


@rule("intake-unknown-agency", "error", scope="register")
def intake_unknown_agency(register, ctx):
    """Cơ quan gửi hồ sơ không có trong agencies.yaml.

    Cơ quan gửi hồ sơ được ghi bằng mã khai báo trong agencies.yaml để báo cáo tháng (R8) và việc
    theo dõi hồ sơ trình (R11) tính đúng theo từng sở, ngành, địa phương. Sửa mã `sender` theo
    agencies.yaml (thường là gõ sai hoặc ghi tên đầy đủ), hoặc khai báo cơ quan mới ở đó trước.

    Đúng:

        sender: SNNMT

    Sai:

        sender: SO_NONG_NGHIEP
    """
    for item in register.intake:
        if item.sender not in register.agencies:
            close = close_code(item.sender, register.agencies)
            line = item.lines.get("sender", 0)
            fix = (Fix("line", f"sender: {scalar_text(close)}", line=line),) if close and line else ()
            yield Finding(
                item.line,
                1,
                f"Cơ quan gửi «{item.sender}» không có trong agencies.yaml.",
                (
                    f"Có phải ý bạn là {register.agencies[close].name} ({close})? Sửa dòng {line} thành "
                    f"«sender: {close}»; "
                    "nếu là cơ quan khác thì thêm cơ quan đó vào agencies.yaml."
                    if fix
                    else "Sửa mã «sender» hoặc thêm cơ quan vào agencies.yaml."
                ),
                file=item.file,
                fix=fix,
            )


@rule("intake-monitor", "error", scope="register")
def intake_monitor(register, ctx):
    """Phòng theo dõi hồ sơ trình không phải một phòng thuộc Văn phòng.

    `monitor` phải là mã có `kind: office_division` trong agencies.yaml.

    Đúng:

        monitor: TH

    Sai:

        monitor: STC
    """
    for item in register.intake:
        monitor = register.agencies.get(item.monitor)
        if monitor is None or monitor.kind != "office_division":
            yield Finding(
                item.line,
                1,
                f"«monitor: {item.monitor}» phải là một phòng thuộc Văn phòng "
                "(kind: office_division) trong agencies.yaml.",
                "Ghi mã phòng theo dõi, ví dụ TH (Phòng Tổng hợp).",
                file=item.file,
            )


@rule("intake-date-order", "error", scope="register")
def intake_date_order(register, ctx):
    """Ngày văn bản giao hoặc ngày báo cáo trước ngày nhận hồ sơ.

    Văn bản giao nhiệm vụ (`assignment_date`) và việc báo cáo Lãnh đạo Văn phòng (`reported`) chỉ có
    thể diễn ra từ ngày nhận hồ sơ trở về sau; ngày sớm hơn thường là gõ nhầm, và làm sai việc xét
    hạn xử lý của R11. Đối chiếu với sổ văn bản đến và văn bản giao rồi sửa ngày gõ nhầm.

    Đúng:

        received: 2026-03-02
        assignment_date: 2026-03-04

    Sai:

        received: 2026-03-02
        assignment_date: 2026-02-27
    """
    for item in register.intake:
        for key, value in (("assignment_date", item.assignment_date), ("reported", item.reported)):
            if value is not None and value < item.received:
                yield Finding(
                    item.line,
                    1,
                    f"«{key}» ({fmt_date(value)}) trước ngày nhận hồ sơ ({fmt_date(item.received)}).",
                    "Kiểm tra lại hai ngày này.",
                    file=item.file,
                )


@rule("intake-field", "error", scope="register")
def intake_field(register, ctx):
    """Có ngày văn bản giao nhưng thiếu số văn bản giao.

    Văn bản giao nhiệm vụ theo R11 được nhận diện bằng số, ký hiệu của nó; chỉ có ngày mà không có
    số thì không đối chiếu được với văn bản thật, và hồ sơ chưa được tính là đã giao. Ghi số, ký
    hiệu văn bản giao vào `assignment` (ví dụ `140/UBND-TH`).

    Đúng:

        assignment: 140/UBND-TH
        assignment_date: 2026-02-24

    Sai:

        assignment_date: 2026-02-24
    """
    for item in register.intake:
        if item.assignment_date and not item.assignment:
            yield Finding(
                item.line,
                1,
                "Có «assignment_date» nhưng thiếu số văn bản giao «assignment».",
                "Ghi số, ký hiệu văn bản giao nhiệm vụ, ví dụ 512/UBND-TH.",
                file=item.file,
            )


@rule("intake-assignment-unneeded", "warning", scope="register")
def intake_assignment_unneeded(register, ctx):
    """Hồ sơ không cần văn bản giao nhưng lại ghi văn bản giao.

    Chỉ hồ sơ chưa có cơ quan chủ trì (`lead: none`) mới cần văn bản giao; kiểm tra lại `lead`.

    Đúng:

        lead: none
        assignment: 140/UBND-TH

    Sai:

        lead: regulation
        assignment: 140/UBND-TH
    """
    for item in register.intake:
        if item.assignment and item.lead != "none":
            line = item.lines.get("lead", 0)
            yield Finding(
                item.line,
                1,
                f"Hồ sơ «lead: {item.lead}» không cần văn bản giao nhưng có «assignment».",
                f"Kiểm tra lại «lead»: nếu lúc nhận hồ sơ chưa có cơ quan chủ trì (nên mới có văn bản giao) thì "
                f"sửa dòng {line} thành «lead: none»; nếu không thì xóa «assignment» và «assignment_date».",
                file=item.file,
                fix=(Fix("line", "lead: none", line=line),) if line else (),
            )
