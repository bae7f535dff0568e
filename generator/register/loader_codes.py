"""Codes raised while reading files (`yamlsrc`, `schema`, `load`, `edit`): the one table of them.

The parser, the schema walk and the loader find these codes in many places at once, so they
are defined together here, each with its severity and documentation; the code that finds them
makes problems with `generator.register.codes.problem(code, …)`.
"""

from __future__ import annotations

from generator.register.codes import define, problem

__all__ = ["problem"]  # the loader makes its problems through this module, so the table is loaded

define(
    "yaml-syntax",
    "error",
    """Lỗi cú pháp YAML.

Tệp không đọc được: thường do thụt lề lệch, thiếu dấu hai chấm sau tên khóa, hoặc giá trị
có dấu «:» / «#» mà không đặt trong ngoặc kép.

Đúng:

    note: "Đã họp lúc 14:00: thống nhất phương án"

Sai:

    note: Đã họp lúc 14:00: thống nhất phương án
""",
)
define(
    "duplicate-key",
    "error",
    """Một khóa ghi hai lần trong cùng một nhóm.

YAML thông thường lặng lẽ giữ giá trị sau cùng, làm mất dữ liệu; sổ theo dõi từ chối.

Đúng:

    deadline: 2026-04-15

Sai:

    deadline: 2026-04-15
    deadline: 2026-05-15
""",
)
define(
    "not-utf8",
    "error",
    """Tệp không dùng mã UTF-8.

Sổ theo dõi đọc mọi tệp theo mã UTF-8 (Unicode) để chữ tiếng Việt hiển thị, tìm kiếm và so sánh
được (R6); tệp lưu bằng bảng mã cũ sẽ thành chữ lỗi. Mở tệp và lưu lại với mã hóa «UTF-8»; nội
dung dán từ Word cũ (TCVN3, VNI) thì chuyển mã sang Unicode bằng công cụ chuyển mã của Unikey
trước khi dán.

Đúng:

    # tệp lưu bằng UTF-8

Sai:

    # tệp lưu bằng Windows-1258, TCVN3 hoặc VNI
""",
)
define(
    "bom",
    "error",
    """Tệp bắt đầu bằng dấu BOM.

Một số trình soạn thảo trên Windows thêm ba byte BOM vào đầu tệp; hãy lưu lại dạng
«UTF-8» (không BOM).

Đúng:

    number: 45/QĐ-UBND

Sai:

    \\ufeffnumber: 45/QĐ-UBND
""",
)
define(
    "tab-indent",
    "error",
    """Thụt lề bằng phím Tab.

YAML chỉ cho phép thụt lề bằng dấu cách (mỗi cấp 2 dấu cách).

Đúng:

    tasks:
      - id: 1

Sai:

    tasks:
    \\t- id: 1
""",
)
define(
    "anchor-alias",
    "error",
    """Dùng neo (&) hoặc bí danh (*) của YAML.

Sổ theo dõi không cần tính năng này, và đó là cách tạo tệp «bom» làm treo chương trình;
hãy viết đầy đủ giá trị ở mỗi chỗ.

Đúng:

    monitor: TH

Sai:

    monitor: &phong TH
""",
)
define(
    "file-too-large",
    "error",
    """Tệp lớn hơn 1 MB.

Một văn bản chỉ vài chục KB; tệp quá lớn thường là dán nhầm nội dung.

Đúng:

    # documents/2026/45-QD-UBND.yaml: 4 KB

Sai:

    # documents/2026/45-QD-UBND.yaml: 3 MB
""",
)
define(
    "yaml-tag",
    "error",
    """Dùng thẻ YAML (!!python/…, !tên).

Sổ theo dõi chỉ nhận giá trị trơn (chữ, số, ngày): thẻ như `!!python/…` có thể khiến chương
trình chạy mã lạ, còn thẻ tự đặt như `!ngay` thì không chương trình nào hiểu được. Xóa phần bắt
đầu bằng «!» đứng trước giá trị.

Đúng:

    deadline: 2026-04-15

Sai:

    deadline: !ngay 2026-04-15
""",
)
define(
    "control-character",
    "error",
    """Chữ có ký tự điều khiển ẩn.

Ký tự điều khiển (như tab dọc, ký tự rỗng, ESC), ký tự định dạng vô hình (dấu gạch nối mềm, dấu
cách độ rộng 0, ký tự đảo chiều chữ) và dấu ngắt dòng Unicode không hiện ra trên màn hình nhưng
làm sai việc tìm kiếm, đảo ngược thứ tự chữ người đọc thấy, và làm hỏng tệp Excel, Word xuất ra.
Chúng thường lẫn vào khi dán từ trang web, Word hoặc khi viết dạng thoát «\\v», «\\0», «\\x1b»,
«\\u202e» trong ngoặc kép. Chạy `nhiemvu fix` để xóa tự động, hoặc xóa chúng bằng tay.

Đúng:

    content: "Rà soát, báo cáo tình hình giải ngân"

Sai:

    content: "Rà soát,\\v báo cáo tình hình giải ngân"
""",
)
define(
    "nesting-too-deep",
    "error",
    """Tệp lồng quá nhiều cấp.

Một tệp của sổ chỉ cần vài cấp: văn bản → danh sách nhiệm vụ → nhiệm vụ → danh sách tiến độ →
một mục tiến độ. Tệp lồng hàng chục cấp ngoặc «[», «{» hay dấu «- » thường là dán nhầm hoặc cố
ý làm treo chương trình, nên bị từ chối mà không đọc tiếp. Xóa các ngoặc, dấu «-» thừa ở dòng
thông báo chỉ ra.

Đúng:

    coordinators: [SNV, STC]

Sai:

    coordinators: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[SNV]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
""",
)
define(
    "integer-format",
    "error",
    """Số nguyên viết dạng khác số thập phân thường.

YAML cũ đọc «1:00» thành 60 (hệ 60), «010» thành 8 (bát phân), «0x2» thành 2 (thập lục phân),
«1_000» thành 1000 và «+1» thành 1, nên một số thứ tự nhiệm vụ gõ nhầm lặng lẽ thành số khác.
Sổ chỉ nhận số viết bằng chữ số 0–9, không dấu, không số 0 ở đầu.

Đúng:

    id: 10

Sai:

    id: 010
""",
)
define(
    "date-out-of-range",
    "error",
    """Ngày nằm ngoài khoảng sổ theo dõi dùng được.

Sổ nhận ngày từ 01/01/1900 đến 31/12/2199 — khoảng đủ rộng cho mọi văn bản chỉ đạo, thời hạn và
ngày nghỉ; ngày như 0001-01-01 hay 9999-12-31 là gõ nhầm hoặc đặt tạm, và làm sai (hoặc không
tính được) ngày làm việc, tuần, tháng báo cáo. Ghi đúng ngày trên văn bản; nhiệm vụ không có thời
hạn thì dùng phân loại c hoặc d và bỏ `deadline`.

Đúng:

    deadline: 2026-12-31

Sai:

    deadline: 9999-12-31
""",
)
define(
    "special-file",
    "error",
    """Tệp đặc biệt (FIFO, socket, thiết bị) trong thư mục sổ.

Sổ chỉ đọc tệp thường; một «tệp» là đường ống (FIFO), socket hay thiết bị thì đọc nó có thể treo
chương trình mãi mãi, nên bị từ chối mà không mở. Xóa nó và đặt tệp văn bản thật vào chỗ đó.

Đúng:

    -rw-r--r-- documents/2026/45-QD-UBND.yaml

Sai:

    prw-r--r-- documents/2026/45-QD-UBND.yaml   # FIFO (mkfifo)
""",
)
define(
    "wrong-type",
    "error",
    """Giá trị sai kiểu (ví dụ chữ ở chỗ cần số, ngày có giờ).

Mỗi khóa nhận một kiểu giá trị nhất định để chương trình tính được trạng thái và số liệu: `id`
là số nguyên, ngày chỉ ghi ngày (không kèm giờ), danh sách viết trong ngoặc vuông hoặc mỗi mục
một dòng bắt đầu bằng «-». Sửa giá trị theo đúng kiểu mà thông báo lỗi nêu; nếu đó là chữ có ký
tự đặc biệt thì đặt trong ngoặc kép.

Đúng:

    id: 1

Sai:

    id: một
""",
)
define(
    "missing-value",
    "error",
    """Giá trị để trống ở chỗ bắt buộc.

Thông tin bắt buộc (R1) mà chỉ ghi tên khóa rồi để trống thì coi như chưa nhập, và nhiệm vụ
không theo dõi được. Điền giá trị ngay sau dấu hai chấm (với danh sách: ghi các mục ở những dòng
bên dưới, mỗi dòng bắt đầu bằng «-»).

Đúng:

    title: Về việc triển khai kế hoạch đầu tư công năm 2026

Sai:

    title:
""",
)
define(
    "missing-key",
    "error",
    """Thiếu khóa bắt buộc.

Công văn 419/VPUBND-HCTC (R1) yêu cầu mỗi văn bản ghi số, ký hiệu, trích yếu, ngày ban hành,
người ký và các nhiệm vụ; mỗi nhiệm vụ ghi số thứ tự, nội dung, cơ quan được giao, đơn vị theo
dõi, phân loại và, với loại a, b, thời hạn. Thêm dòng «khóa: giá trị» mà thông báo lỗi nêu, thụt
lề thẳng hàng với các khóa cùng nhóm.

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
""",
)
define(
    "unknown-key",
    "error",
    """Khóa không có trong mẫu (thường là gõ sai tên khóa).

Khóa gõ sai tên (như `dealine`) mà bị lặng lẽ bỏ qua thì thông tin ghi ở đó mất đi không ai hay,
nên sổ theo dõi không nhận khóa nào ngoài mẫu. Sửa tên khóa theo gợi ý «Có phải ý bạn là…» trong
thông báo lỗi, hoặc theo danh sách khóa được phép mà thông báo liệt kê.

Đúng:

    deadline: 2026-04-15

Sai:

    dealine: 2026-04-15
""",
)
define(
    "bad-value",
    "error",
    """Giá trị không thuộc danh sách được phép.

Trạng thái, độ khẩn, phân loại… chỉ nhận giá trị trong một danh sách cố định (ví dụ trạng thái:
`not_started`, `in_progress`, `done`, `cancelled`) để thống kê theo R2, R3 không bị lệch; số
phải nằm trong khoảng cho phép. Chọn đúng một giá trị mà thông báo lỗi liệt kê, viết y như mẫu
(không dấu, có gạch dưới).

Đúng:

    status: in_progress

Sai:

    status: dang thuc hien
""",
)
define(
    "bad-format",
    "error",
    """Giá trị không đúng dạng (mã cơ quan, giờ, địa chỉ…).

Mã cơ quan, mã người ký (chữ in hoa không dấu, chữ số và dấu gạch dưới, như `STC`,
`UBND_XA_EA_KAO`), giờ, địa chỉ thư điện tử… phải viết theo đúng một dạng thì mới đối chiếu và
thống kê được (R6). Viết lại theo dạng và ví dụ mà thông báo lỗi nêu.

Đúng:

    code: STC

Sai:

    code: stc
""",
)
define(
    "duplicate-item",
    "error",
    """Một mục ghi lặp trong danh sách.

Một mã ghi hai lần trong cùng danh sách (ví dụ cơ quan phối hợp) làm cơ quan đó bị đếm hai lần
trong thống kê theo cơ quan. Xóa mục lặp: mỗi mã chỉ ghi một lần.

Đúng:

    coordinators: [STC, SNV]

Sai:

    coordinators: [STC, STC]
""",
)
define(
    "invalid-date",
    "error",
    """Ngày không có trên lịch.

Ngày không có thật (30/02, 31/4, tháng 13…) thường do gõ nhầm, và không thể dùng để tính trong
hạn hay quá hạn (R2). Đối chiếu với văn bản giấy (tháng 2 chỉ có 28 hoặc 29 ngày) rồi viết lại
dạng YYYY-MM-DD.

Đúng:

    deadline: 2026-02-28

Sai:

    deadline: 2026-02-30
""",
)
define(
    "date-format",
    "error",
    """Ngày không viết theo dạng YYYY-MM-DD.

Sổ theo dõi chỉ nhận ngày dạng năm-tháng-ngày (YYYY-MM-DD, như 2017-09-08): cách viết 08/9/2017
dễ nhầm ngày với tháng và không so sánh, tính hạn được. Viết lại theo gợi ý trong thông báo lỗi,
không đặt trong ngoặc kép.

Đúng:

    issued: 2017-09-08

Sai:

    issued: 08/9/2017
""",
)
define(
    "duplicate-code",
    "error",
    """Mã cơ quan hoặc người ký khai báo hai lần.

Mỗi mã trong agencies.yaml hoặc signers.yaml chỉ trỏ tới một cơ quan, một người ký; khai báo hai
lần thì không biết văn bản nói tới ai, nên mục khai báo sau bị bỏ qua. Xóa mục thừa, hoặc đặt mã
khác nếu đó thật sự là hai cơ quan (hai người) khác nhau.

Đúng:

    - code: STC
    - code: SNV

Sai:

    - code: STC
    - code: STC
""",
)
define(
    "missing-file",
    "error",
    """Thiếu tệp cấu hình của sổ (register.yaml, agencies.yaml, signers.yaml).

Thiếu một trong ba tệp này thì sổ không có thiết lập chung, danh sách cơ quan hoặc danh sách
người ký, nên không kiểm tra được văn bản nào. Tạo tệp còn thiếu trong thư mục sổ (có thể sao
chép từ sổ mẫu rồi sửa lại cho đúng cơ quan mình).

Đúng:

    register/register.yaml

Sai:

    # không có register/agencies.yaml
""",
)
define(
    "misplaced-file",
    "error",
    """Tệp trong `documents/` không phải tệp văn bản của sổ.

Mỗi văn bản là một tệp `documents/<năm ban hành>/<số-ký-hiệu>.yaml` để người và chương trình tìm
ra văn bản từ số, ký hiệu và năm. Mọi tệp khác trong `documents/` — đặt sai thư mục, đuôi khác
`.yaml` (`.YAML`, `.yml`, `.yaml.txt`, `.json`, không có đuôi), bản sao lưu của trình soạn thảo
(`~`, `.bak`, `.swp`), tệp hệ thống (`.DS_Store`, `Thumbs.db`), cả `README.md` — đều là lỗi, vì
chương trình không đọc chúng: nhiệm vụ ghi trong đó sẽ lặng lẽ vắng mặt khỏi mọi số liệu. Chỉ
tệp rỗng `.gitkeep` (giữ một thư mục trống trong Git) được phép. Đổi tên tệp như gợi ý, xóa bản
sao lưu, hoặc chuyển tài liệu khác (bản scan, ghi chú) ra ngoài thư mục `register/` (lệnh
`nhiemvu new` tạo sẵn tệp văn bản đúng chỗ).

Đúng:

    register/documents/2026/45-QD-UBND.yaml

Sai:

    register/documents/2026/45-QD-UBND.yaml.txt
""",
)
define(
    "unknown-file",
    "warning",
    """Tệp lạ trong thư mục sổ, bị bỏ qua.

Sổ chỉ đọc các tệp cấu hình (register.yaml, agencies.yaml, signers.yaml, calendar.yaml), tệp văn
bản trong `documents/` và tệp trong `intake/`; tệp YAML khác trong thư mục sổ bị bỏ qua, nên
điều ghi trong đó không được kiểm tra và không lên trang nào. Chuyển nội dung vào đúng tệp của
sổ, hoặc để tệp ghi chú ra ngoài thư mục sổ.

Đúng:

    register/documents/2026/45-QD-UBND.yaml

Sai:

    register/ghichu.yaml
""",
)
define(
    "symlink",
    "error",
    """Liên kết tượng trưng (symlink) trong thư mục sổ.

Sổ chỉ đọc tệp nằm thật trong thư mục của nó.

Đúng:

    register/documents/2026/45-QD-UBND.yaml   # tệp thật

Sai:

    register/documents/2026/x.yaml -> /etc/passwd
""",
)
define(
    "unreadable",
    "error",
    """Không đọc được tệp (quyền truy cập).

Tệp không đọc được thì các văn bản, nhiệm vụ trong đó vắng mặt khỏi kết quả kiểm tra và trang
công khai. Cấp lại quyền đọc cho tệp (ví dụ `chmod a+r tên-tệp`) hoặc nhờ người quản trị máy
kiểm tra.

Đúng:

    -rw-r--r-- documents/2026/45-QD-UBND.yaml

Sai:

    ---------- documents/2026/45-QD-UBND.yaml
""",
)
define(
    "no-register",
    "error",
    """Không tìm thấy thư mục sổ theo dõi.

Các lệnh `nhiemvu` cần biết thư mục sổ theo dõi; mặc định là thư mục `register` trong thư mục
đang đứng. Chạy lệnh từ thư mục gốc của kho, hoặc chỉ rõ đường dẫn bằng `--register DIR`.

Đúng:

    nhiemvu check --register register

Sai:

    nhiemvu check --register khong-co
""",
)
define(
    "file-exists",
    "error",
    """`nhiemvu new`: đã có tệp cho văn bản này.

Mỗi văn bản chỉ có một tệp; lệnh `new` không bao giờ ghi đè. Mở tệp đã có để thêm nhiệm vụ.

Đúng:

    nhiemvu new --number 46/QĐ-UBND …    # số chưa có trong năm

Sai:

    nhiemvu new --number 45/QĐ-UBND …    # documents/2026/45-QD-UBND.yaml đã có
""",
)

define(
    "intake-path",
    "error",
    """Tệp hồ sơ trình đặt sai chỗ, hoặc tệp trong `intake/` không phải hồ sơ trình.

Tệp nằm ở `intake/<năm nhận>/<số-ký-hiệu>.yaml`, năm là năm của `received`. Mọi tệp khác trong
`intake/` (đuôi khác `.yaml`, bản sao lưu, tệp hệ thống, `README.md`…) là lỗi, vì hồ sơ ghi
trong đó sẽ không được theo dõi; chỉ tệp rỗng `.gitkeep` được phép.

Đúng:

    # intake/2026/215-TTr-SNNMT.yaml
    received: 2026-02-13

Sai:

    # intake/2025/215-TTr-SNNMT.yaml
    received: 2026-02-13
""",
)
define(
    "intake-duplicate",
    "error",
    """Một hồ sơ trình được ghi hai lần.

Cùng cơ quan gửi, cùng số, cùng năm nhận chỉ ghi trong một tệp.

Đúng:

    # chỉ intake/2026/215-TTr-SNNMT.yaml
    number: 215/TTr-SNNMT

Sai:

    # intake/2026/215-TTr-SNNMT.yaml và intake/2026/215-TTr-SNNMT-ban-sao.yaml
    number: 215/TTr-SNNMT
""",
)
define(
    "intake-empty",
    "error",
    """Tệp hồ sơ trình trống.

Tệp hồ sơ trình trống (thường do tạo tệp rồi quên ghi, hoặc lưu nhầm) thì không biết hồ sơ nào
đã nhận, nên không theo dõi được hạn xử lý của R11. Ghi đủ các khóa như ví dụ dưới đây, hoặc xóa
tệp nếu tạo nhầm.

Đúng:

    number: 215/TTr-SNNMT
    title: Đề nghị phê duyệt phương án phòng, chống hạn
    sender: SNNMT
    received: 2026-02-13
    lead: none
    monitor: TH

Sai:

    # (tệp không có nội dung)
""",
)
define(
    "books-in-public",
    "error",
    """Sổ công khai chứa sổ tài liệu mật (thư mục `books/`).

Sổ «Tài liệu đi» và «Tài liệu mật đến» ghi tài liệu mật: Luật Bảo vệ bí mật nhà nước cấm lưu giữ
chúng trên thiết bị kết nối Internet, nên chúng chỉ có trong sổ mật (`audience: secret`) trên máy
không nối mạng. Trong sổ công khai, mọi tệp dưới `books/` bị từ chối, không được đọc, không lên
trang nào, kể cả khi tệp chỉ có trong một commit cũ. Xóa tệp khỏi kho và khỏi lịch sử Git (xem
`docs/so-mat.md`) và báo Lãnh đạo Văn phòng.

Đúng:

    register/documents/2026/45-QD-UBND.yaml   # sổ công khai chỉ có văn bản không mật

Sai:

    register/books/outgoing/2026.yaml         # trong sổ có audience: public
""",
)
define(
    "book-path",
    "error",
    """Tệp sổ tài liệu mật đặt sai chỗ hoặc sai tên.

Sổ mật có hai sổ, mỗi năm một tệp: `books/outgoing/<năm>.yaml` (tài liệu mật đi) và
`books/incoming/<năm>.yaml` (tài liệu mật đến). Tệp đặt chỗ khác thì không được đọc, nên các dòng
ghi trong đó không được kiểm tra và không có trong sổ in.

Đúng:

    register/books/incoming/2026.yaml

Sai:

    register/books/den/2026.yaml
""",
)
