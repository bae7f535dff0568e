"""`.github/CODEOWNERS` derived from the register: the office division that monitors a
document's tasks reviews changes to that document file (agencies.yaml says which agencies
are office divisions; `.github/codeowners-teams.yaml` maps their codes to GitHub teams).

    # .github/codeowners-teams.yaml
    default: "@ubnd-daklak/hctc"          # owns everything else (settings, documents of unknown divisions)
    divisions:
      TH: "@ubnd-daklak/phong-tong-hop"
      KT: "@ubnd-daklak/phong-kinh-te"
"""

from __future__ import annotations

import re

import yaml

from generator.errors import TeamsError
from generator.register.model import Register

HEADER = (
    "# Tệp này được sinh tự động bằng «nhiemvu codeowners» từ register/agencies.yaml và\n"
    "# .github/codeowners-teams.yaml: không sửa tay. Phòng theo dõi nhiệm vụ của văn bản duyệt\n"
    "# mọi thay đổi của văn bản đó.\n"
)
_OWNER = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")
_SAFE_PATH = re.compile(r"^[A-Za-z0-9._/-]+$")


def read_teams(data: bytes, register: Register) -> tuple[str, dict[str, str]]:
    """(default owner, division code → owner), checked against agencies.yaml."""
    try:
        value = yaml.safe_load(data) or {}
    except yaml.YAMLError as exc:
        raise TeamsError(f"Tệp nhóm duyệt không phải YAML hợp lệ: {exc}") from None
    if not isinstance(value, dict) or not isinstance(value.get("default"), str):
        raise TeamsError('Tệp nhóm duyệt phải có «default: "@tổ-chức/nhóm"».')
    owners = {"default": value["default"], **{str(k): v for k, v in (value.get("divisions") or {}).items()}}
    for key, owner in owners.items():
        if not isinstance(owner, str) or not _OWNER.match(owner):
            raise TeamsError(f"«{key}: {owner}» không phải tên người dùng hay nhóm GitHub (dạng @tổ-chức/nhóm).")
    divisions = {a.code for a in register.agencies.values() if a.kind == "office_division"}
    unknown = sorted(set(owners) - divisions - {"default"})
    if unknown:
        raise TeamsError("Mã không phải phòng thuộc Văn phòng trong agencies.yaml: " + ", ".join(unknown) + ".")
    return owners.pop("default"), owners


def codeowners(register: Register, default: str, teams: dict[str, str]) -> str:
    """The CODEOWNERS text: a default line, then one line per document (sorted, deterministic)."""
    lines = [HEADER, f"* {default}", f"/.github/ {default}"]
    for doc in sorted(register.documents, key=lambda d: d.file):
        if not _SAFE_PATH.match(doc.file):
            continue  # a path CODEOWNERS cannot express plainly keeps the default owner
        owners = sorted({teams.get(t.monitor, default) for t in doc.tasks}) or [default]
        lines.append(f"/{doc.file} {' '.join(owners)}")
    return "\n".join(lines) + "\n"
