"""Codes of `nhiemvu check --since REV` (generator.history_rules): the register's history is
its ledger, so changes must add to it, never rewrite it. Documented here so that the
error-code page lists them."""

from __future__ import annotations

from generator.register.rules import documented

documented(
    "history-document-removed",
    "error",
    """Văn bản đã nhập sổ bị xóa.

Sổ theo dõi là sổ cái: văn bản đã nhập không bao giờ bị xóa. Nhiệm vụ thôi thực hiện thì ghi
mục tiến độ `status: cancelled` có `note` nêu văn bản quyết định.

Đúng:

    progress:
      - {date: 2026-05-02, status: cancelled, note: Thôi thực hiện theo Văn bản 610/UBND-TH.}

Sai:

    git rm register/documents/2026/45-QD-UBND.yaml
""",
)
documented(
    "history-number-changed",
    "error",
    """Số, ký hiệu của văn bản đã nhập bị sửa.

Số, ký hiệu là mã nhận diện văn bản (R1), đã dùng trong mã nhiệm vụ, báo cáo và trang công khai,
nên sửa về sau làm đứt mọi liên kết tới văn bản. Trả lại số, ký hiệu như lúc nhập sổ; nếu nhập
nhầm thật, báo Phòng Hành chính - Tổ chức để xử lý bằng văn bản đính chính.

Đúng:

    number: 45/QĐ-UBND      # như lúc nhập sổ

Sai:

    number: 46/QĐ-UBND      # sửa số của văn bản đã có
""",
)
documented(
    "history-issued-changed",
    "error",
    """Ngày ban hành của văn bản đã nhập bị sửa.

Ngày ban hành quyết định văn bản thuộc năm nào, người ký và cơ quan nào hợp lệ, và đã có trong
các báo cáo đã gửi, đã công bố (R12); sửa về sau làm số liệu cũ và mới không còn khớp. Trả lại
ngày như lúc nhập sổ; nếu nhập nhầm thật, báo Phòng Hành chính - Tổ chức để xử lý bằng văn bản
đính chính.

Đúng:

    issued: 2026-03-02      # như lúc nhập sổ

Sai:

    issued: 2026-03-05      # sửa ngày của văn bản đã có
""",
)
documented(
    "history-task-removed",
    "error",
    """Nhiệm vụ đã nhập bị xóa khỏi văn bản.

Nhiệm vụ không bao giờ bị xóa; nhiệm vụ thôi thực hiện thì ghi mục tiến độ `cancelled`.

Đúng:

    - {date: 2026-05-02, status: cancelled, note: Thôi thực hiện theo Văn bản 610/UBND-TH.}

Sai:

    # xóa cả khối «- id: 3 …»
""",
)
documented(
    "history-task-id-changed",
    "error",
    """Số (id) của nhiệm vụ bị đổi.

Mã toàn cục `45/QĐ-UBND#3` đã được dùng trong báo cáo và trang công khai nên không đổi được.

Đúng:

    - id: 3

Sai:

    - id: 4     # trước đây là 3
""",
)
documented(
    "history-task-id-reused",
    "error",
    """Số (id) của một nhiệm vụ cũ được dùng cho nhiệm vụ khác.

Mã nhiệm vụ (như `45/QĐ-UBND#3`) đã gắn với một nội dung và một cơ quan trong báo cáo và trang
công khai; dùng lại số đó cho việc khác làm tiến độ của nhiệm vụ cũ bị tính sang nhiệm vụ mới.
Trả lại nhiệm vụ cũ như trước và ghi nhiệm vụ mới với số tiếp theo chưa dùng.

Đúng:

    - id: 5     # số mới chưa dùng

Sai:

    - id: 3     # nội dung và cơ quan được giao đều khác nhiệm vụ 3 cũ
""",
)
documented(
    "history-deadline-edited",
    "error",
    """Thời hạn bị sửa trực tiếp thay vì ghi gia hạn (R10).

Thời hạn chỉ đổi bằng văn bản của UBND tỉnh: giữ `deadline` cũ và thêm một mục `extensions`.

Đúng:

    deadline: 2026-04-15
    extensions:
      - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2026-04-10}

Sai:

    deadline: 2026-05-15    # trước đây là 2026-04-15
""",
)
documented(
    "history-progress-changed",
    "error",
    """Mục tiến độ đã ghi bị sửa, đổi thứ tự hoặc xóa.

`progress` chỉ được ghi thêm vào cuối. Ghi nhầm thì thêm mục mới nêu việc đính chính.

Đúng:

    progress:
      - {date: 2026-03-10, status: in_progress}
      - {date: 2026-03-17, status: in_progress, note: Đính chính mục ngày 10/3.}

Sai:

    progress:
      - {date: 2026-03-11, status: in_progress}   # sửa mục đã ghi
""",
)
documented(
    "history-extension-changed",
    "error",
    """Lần gia hạn đã ghi bị sửa, đổi thứ tự hoặc xóa.

Mỗi lần gia hạn là một quyết định của UBND tỉnh có văn bản kèm theo (R10); danh sách
`extensions` cho biết nhiệm vụ đã được lùi hạn mấy lần và theo văn bản nào, nên chỉ được ghi
thêm vào cuối. Giữ nguyên các lần đã ghi; nếu một lần ghi sai, thêm lần gia hạn đúng ở cuối và
một mục tiến độ có `note` nêu việc đính chính.

Đúng:

    extensions:
      - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2026-04-10}
      - {deadline: 2026-06-15, document: 611/UBND-TH, date: 2026-05-12}

Sai:

    extensions:
      - {deadline: 2026-06-15, document: 520/UBND-TH, date: 2026-04-10}   # sửa lần đã ghi
""",
)
documented(
    "history-classification-changed",
    "warning",
    """Phân loại nhiệm vụ đổi mà không có ghi chú giải thích.

Phân loại a–d quyết định nhiệm vụ có thời hạn hay không và có phải trình, báo cáo hay không
(R3), nên đổi phân loại làm thay đổi số liệu; sửa phân loại sai là việc R6 yêu cầu, nhưng người
đọc sau cần biết vì sao. Khi đổi phân loại, thêm cùng lúc một mục tiến độ mới có `note` ghi lý
do phân loại lại.

Đúng:

    classification: QC45_a
    progress:
      - {date: 2026-04-02, status: in_progress, note: Phân loại lại a theo ý kiến Lãnh đạo Văn phòng.}

Sai:

    classification: QC45_a   # trước là QC45_b, không có mục tiến độ nào giải thích
""",
)
documented(
    "history-flash-late",
    "warning",
    """Văn bản hỏa tốc nhập sổ muộn (R4).

Văn bản hỏa tốc phải được phân loại, nhập sổ ngay sau khi ký: commit đầu tiên của tệp không
muộn hơn ngày làm việc sau ngày ban hành.

Đúng:

    # urgency: flash, issued 2026-03-02, commit đầu tiên ngày 2026-03-02

Sai:

    # urgency: flash, issued 2026-03-02, commit đầu tiên ngày 2026-03-09
""",
)
