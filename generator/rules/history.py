"""Codes of `nhiemvu check --since REV` (generator.history_rules): the register's history is
its ledger, so changes must add to it, never rewrite it. Documented here so that the
error-code page lists them."""

from __future__ import annotations

from . import documented

documented("history-document-removed", "error", """Văn bản đã nhập sổ bị xóa.

Sổ theo dõi là sổ cái: văn bản đã nhập không bao giờ bị xóa. Nhiệm vụ thôi thực hiện thì ghi
mục tiến độ `status: cancelled` có `note` nêu văn bản quyết định.

Đúng:

    progress:
      - {date: 2026-05-02, status: cancelled, note: Thôi thực hiện theo Văn bản 610/UBND-TH.}

Sai:

    git rm register/documents/2026/45-QD-UBND.yaml
""")
documented("history-number-changed", "error", """Số, ký hiệu của văn bản đã nhập bị sửa.

Đúng:

    number: 45/QĐ-UBND      # như lúc nhập sổ

Sai:

    number: 46/QĐ-UBND      # sửa số của văn bản đã có
""")
documented("history-issued-changed", "error", """Ngày ban hành của văn bản đã nhập bị sửa.

Đúng:

    issued: 2026-03-02      # như lúc nhập sổ

Sai:

    issued: 2026-03-05      # sửa ngày của văn bản đã có
""")
documented("history-task-removed", "error", """Nhiệm vụ đã nhập bị xóa khỏi văn bản.

Nhiệm vụ không bao giờ bị xóa; nhiệm vụ thôi thực hiện thì ghi mục tiến độ `cancelled`.

Đúng:

    - {date: 2026-05-02, status: cancelled, note: Thôi thực hiện theo Văn bản 610/UBND-TH.}

Sai:

    # xóa cả khối «- id: 3 …»
""")
documented("history-task-id-changed", "error", """Số (id) của nhiệm vụ bị đổi.

Mã toàn cục `45/QĐ-UBND#3` đã được dùng trong báo cáo và trang công khai nên không đổi được.

Đúng:

    - id: 3

Sai:

    - id: 4     # trước đây là 3
""")
documented("history-task-id-reused", "error", """Số (id) của một nhiệm vụ cũ được dùng cho nhiệm vụ khác.

Đúng:

    - id: 5     # số mới chưa dùng

Sai:

    - id: 3     # nội dung và cơ quan được giao đều khác nhiệm vụ 3 cũ
""")
documented("history-deadline-edited", "error", """Thời hạn bị sửa trực tiếp thay vì ghi gia hạn (R10).

Thời hạn chỉ đổi bằng văn bản của UBND tỉnh: giữ `deadline` cũ và thêm một mục `extensions`.

Đúng:

    deadline: 2026-04-15
    extensions:
      - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2026-04-10}

Sai:

    deadline: 2026-05-15    # trước đây là 2026-04-15
""")
documented("history-progress-changed", "error", """Mục tiến độ đã ghi bị sửa, đổi thứ tự hoặc xóa.

`progress` chỉ được ghi thêm vào cuối. Ghi nhầm thì thêm mục mới nêu việc đính chính.

Đúng:

    progress:
      - {date: 2026-03-10, status: in_progress}
      - {date: 2026-03-17, status: in_progress, note: Đính chính mục ngày 10/3.}

Sai:

    progress:
      - {date: 2026-03-11, status: in_progress}   # sửa mục đã ghi
""")
documented("history-extension-changed", "error", """Lần gia hạn đã ghi bị sửa, đổi thứ tự hoặc xóa.

Đúng:

    extensions:
      - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2026-04-10}
      - {deadline: 2026-06-15, document: 611/UBND-TH, date: 2026-05-12}

Sai:

    extensions:
      - {deadline: 2026-06-15, document: 520/UBND-TH, date: 2026-04-10}   # sửa lần đã ghi
""")
documented("history-classification-changed", "warning", """Phân loại nhiệm vụ đổi mà không có ghi chú giải thích.

Đúng:

    classification: QC45_a
    progress:
      - {date: 2026-04-02, status: in_progress, note: Phân loại lại a theo ý kiến Lãnh đạo Văn phòng.}

Sai:

    classification: QC45_a   # trước là QC45_b, không có mục tiến độ nào giải thích
""")
documented("history-flash-late", "warning", """Văn bản hỏa tốc nhập sổ muộn (R4).

Văn bản hỏa tốc phải được phân loại, nhập sổ ngay sau khi ký: commit đầu tiên của tệp không
muộn hơn ngày làm việc sau ngày ban hành.

Đúng:

    # urgency: flash, issued 2026-03-02, commit đầu tiên ngày 2026-03-02

Sai:

    # urgency: flash, issued 2026-03-02, commit đầu tiên ngày 2026-03-09
""")
