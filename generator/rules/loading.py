"""Codes raised while reading files (generator.yamlsrc, generator.schema, generator.load).

They are detected by the loader; they are listed here so that the error-code page covers
every code a clerk can meet.
"""

from __future__ import annotations

from . import documented

documented("yaml-syntax", "error", """Lỗi cú pháp YAML.

Tệp không đọc được: thường do thụt lề lệch, thiếu dấu hai chấm sau tên khóa, hoặc giá trị
có dấu «:» / «#» mà không đặt trong ngoặc kép.

Đúng:

    note: "Đã họp lúc 14:00: thống nhất phương án"

Sai:

    note: Đã họp lúc 14:00: thống nhất phương án
""")
documented("duplicate-key", "error", """Một khóa ghi hai lần trong cùng một nhóm.

YAML thông thường lặng lẽ giữ giá trị sau cùng, làm mất dữ liệu; sổ theo dõi từ chối.

Đúng:

    deadline: 2026-04-15

Sai:

    deadline: 2026-04-15
    deadline: 2026-05-15
""")
documented("not-utf8", "error", """Tệp không dùng mã UTF-8.

Đúng:

    # tệp lưu bằng UTF-8

Sai:

    # tệp lưu bằng Windows-1258, TCVN3 hoặc VNI
""")
documented("bom", "error", """Tệp bắt đầu bằng dấu BOM.

Một số trình soạn thảo trên Windows thêm ba byte BOM vào đầu tệp; hãy lưu lại dạng
«UTF-8» (không BOM).

Đúng:

    number: 45/QĐ-UBND

Sai:

    \\ufeffnumber: 45/QĐ-UBND
""")
documented("tab-indent", "error", """Thụt lề bằng phím Tab.

YAML chỉ cho phép thụt lề bằng dấu cách (mỗi cấp 2 dấu cách).

Đúng:

    tasks:
      - id: 1

Sai:

    tasks:
    \\t- id: 1
""")
documented("anchor-alias", "error", """Dùng neo (&) hoặc bí danh (*) của YAML.

Sổ theo dõi không cần tính năng này, và đó là cách tạo tệp «bom» làm treo chương trình;
hãy viết đầy đủ giá trị ở mỗi chỗ.

Đúng:

    monitor: TH

Sai:

    monitor: &phong TH
""")
documented("file-too-large", "error", """Tệp lớn hơn 1 MB.

Một văn bản chỉ vài chục KB; tệp quá lớn thường là dán nhầm nội dung.

Đúng:

    # documents/2026/45-QD-UBND.yaml: 4 KB

Sai:

    # documents/2026/45-QD-UBND.yaml: 3 MB
""")
documented("yaml-tag", "error", """Dùng thẻ YAML (!!python/…, !tên).

Đúng:

    deadline: 2026-04-15

Sai:

    deadline: !ngay 2026-04-15
""")
documented("wrong-type", "error", """Giá trị sai kiểu (ví dụ chữ ở chỗ cần số, ngày có giờ).

Đúng:

    id: 1

Sai:

    id: một
""")
documented("missing-value", "error", """Giá trị để trống ở chỗ bắt buộc.

Đúng:

    title: Về việc triển khai kế hoạch đầu tư công năm 2026

Sai:

    title:
""")
documented("missing-key", "error", """Thiếu khóa bắt buộc.

Đúng:

    - id: 1
      content: …
      assignee: STC
      monitor: TH
      classification: QC45_b
      deadline: 2026-04-15

Sai:

    - id: 1
      content: …
      monitor: TH
""")
documented("unknown-key", "error", """Khóa không có trong mẫu (thường là gõ sai tên khóa).

Đúng:

    deadline: 2026-04-15

Sai:

    dealine: 2026-04-15
""")
documented("bad-value", "error", """Giá trị không thuộc danh sách được phép.

Đúng:

    status: in_progress

Sai:

    status: dang thuc hien
""")
documented("bad-format", "error", """Giá trị không đúng dạng (mã cơ quan, giờ, địa chỉ…).

Đúng:

    code: STC

Sai:

    code: stc
""")
documented("duplicate-item", "error", """Một mục ghi lặp trong danh sách.

Đúng:

    coordinators: [STC, SNV]

Sai:

    coordinators: [STC, STC]
""")
documented("invalid-date", "error", """Ngày không có trên lịch.

Đúng:

    deadline: 2026-02-28

Sai:

    deadline: 2026-02-30
""")
documented("date-format", "error", """Ngày không viết theo dạng YYYY-MM-DD.

Đúng:

    issued: 2017-09-08

Sai:

    issued: 08/9/2017
""")
documented("duplicate-code", "error", """Mã cơ quan hoặc người ký khai báo hai lần.

Đúng:

    - code: STC
    - code: SNV

Sai:

    - code: STC
    - code: STC
""")
documented("missing-file", "error", """Thiếu tệp cấu hình của sổ (register.yaml, agencies.yaml, signers.yaml).

Đúng:

    register/register.yaml

Sai:

    # không có register/agencies.yaml
""")
documented("misplaced-file", "error", """Tệp văn bản đặt sai thư mục hoặc sai đuôi.

Đúng:

    register/documents/2026/45-QD-UBND.yaml

Sai:

    register/documents/45-QD-UBND.yml
""")
documented("unknown-file", "warning", """Tệp lạ trong thư mục sổ, bị bỏ qua.

Đúng:

    register/documents/2026/45-QD-UBND.yaml

Sai:

    register/ghichu.yaml
""")
documented("symlink", "error", """Liên kết tượng trưng (symlink) trong thư mục sổ.

Sổ chỉ đọc tệp nằm thật trong thư mục của nó.

Đúng:

    register/documents/2026/45-QD-UBND.yaml   # tệp thật

Sai:

    register/documents/2026/x.yaml -> /etc/passwd
""")
documented("unreadable", "error", """Không đọc được tệp (quyền truy cập).

Đúng:

    -rw-r--r-- documents/2026/45-QD-UBND.yaml

Sai:

    ---------- documents/2026/45-QD-UBND.yaml
""")
documented("no-register", "error", """Không tìm thấy thư mục sổ theo dõi.

Đúng:

    nhiemvu check --register register

Sai:

    nhiemvu check --register khong-co
""")
documented("file-exists", "error", """`nhiemvu new`: đã có tệp cho văn bản này.

Mỗi văn bản chỉ có một tệp; lệnh `new` không bao giờ ghi đè. Mở tệp đã có để thêm nhiệm vụ.

Đúng:

    nhiemvu new --number 46/QĐ-UBND …    # số chưa có trong năm

Sai:

    nhiemvu new --number 45/QĐ-UBND …    # documents/2026/45-QD-UBND.yaml đã có
""")
