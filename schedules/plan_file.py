"""The annual emulation & commendation plan as a YAML file (pure: no database code).

``load_plan_file(path)`` reads and validates a plan such as ``data/plan-2024.yaml`` (the seed plan,
shipped as the default: ``default_plan_path()``). Every problem is reported as a
:class:`PlanFileError` whose message names the quarter, the item and the field, in Vietnamese.

Shape of the file (see the 2024 file for a full example)::

    number: null            # "…/KH-TTr" once known
    date: null
    title, issuer, signer, signer_title, year, legal_basis[], implementation[], recipients[]
    groups: {VP: {name: …}, …}
    items:
      - quarter: 1            # 1–4
        item_no: 3            # unique within its quarter ("no" would be read as false by YAML)
        task: "Đăng ký thi đua năm 2024"
        lead: VP              # group code or null
        coordinating: [CUM, TTS, {unit: TTS-TC}, {cluster: CUM-1}]
        kind: submission      # submission | meeting | notice | internal | decision | outbound
        submitters: [CUM, TTS, TTH, PNV]   # required for kind=submission; any item with
                                           # submitters creates a reporting round
        due: 2024-03-15       # or null, with the free text in due_note
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Self

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

__all__ = [
    "GroupCode",
    "GroupSpec",
    "LegalBasisRef",
    "PlanFile",
    "PlanFileError",
    "PlanIssue",
    "PlanItemKind",
    "PlanItemSpec",
    "UnitSelector",
    "default_plan_path",
    "describe_error",
    "load_plan_file",
    "quarter_roman",
]

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_CODE = r"^[A-Z0-9][A-Z0-9_.-]*$"


def quarter_roman(quarter: int) -> str:
    """1 -> "I" … 4 -> "IV", as the plan numbers its quarters."""
    return _ROMAN.get(quarter, str(quarter))


class GroupCode(StrEnum):
    """Groups of units named in the plan's "chủ trì" / "phối hợp" columns."""

    VP = "VP"  # Văn phòng Thanh tra tỉnh
    CUM = "CUM"  # Các cụm thi đua
    TTS = "TTS"  # Thanh tra các sở, ban, ngành
    TTH = "TTH"  # Thanh tra các huyện, thành phố
    PNV = "PNV"  # Các Phòng nghiệp vụ
    HD = "HD"  # Hội đồng thi đua khen thưởng
    CTT = "CTT"  # Chánh Thanh tra


class PlanItemKind(StrEnum):
    SUBMISSION = "submission"  # units must send something: a reporting round
    MEETING = "meeting"  # attend or host a conference / council meeting
    NOTICE = "notice"  # broadcast only
    INTERNAL = "internal"  # Office work only
    DECISION = "decision"  # the Chánh Thanh tra signs a decision
    OUTBOUND = "outbound"  # Thanh tra tỉnh sends upward


def _rule_error(field: str, message: str, **where: int) -> PydanticCustomError:
    """A rule violation that ``PlanFileError`` can place at a field (and item)."""
    return PydanticCustomError("plan_rule", message, {"field": field, **where})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class UnitSelector(_Model):
    """Who: a group code (``CUM``), one unit (``{unit: TTS-TC}``) or one cluster (``{cluster: CUM-1}``).

    In YAML a bare string is a group code.
    """

    group: GroupCode | None = None
    unit: str | None = Field(default=None, pattern=_CODE)
    cluster: str | None = Field(default=None, pattern=_CODE)

    @model_validator(mode="before")
    @classmethod
    def _bare_group(cls, data: Any) -> Any:
        return {"group": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if sum(v is not None for v in (self.group, self.unit, self.cluster)) != 1:
            raise _rule_error("", "cần đúng một trong các khóa group, unit, cluster")
        return self

    @property
    def kind(self) -> Literal["group", "unit", "cluster"]:
        return "group" if self.group else "unit" if self.unit else "cluster"

    @property
    def code(self) -> str:
        return str(self.group or self.unit or self.cluster)

    def __str__(self) -> str:
        return self.code if self.group else f"{self.kind}:{self.code}"


class GroupSpec(_Model):
    name: str = Field(min_length=1)
    abolished_from: dt.date | None = None


class LegalBasisRef(_Model):
    title: str = Field(min_length=1)
    as_cited: str | None = None  # the wording of the plan, when it differs
    note: str | None = None


def _no_duplicates(values: list[UnitSelector], field: str) -> list[UnitSelector]:
    seen = [str(v) for v in values]
    dupes = sorted({s for s in seen if seen.count(s) > 1})
    if dupes:
        raise _rule_error(field, f"trùng lặp: {', '.join(dupes)}")
    return values


class PlanItemSpec(_Model):
    quarter: int = Field(ge=1, le=4)
    item_no: int = Field(ge=1)
    task: str = Field(min_length=1)
    task_en: str | None = None
    lead: GroupCode | None
    coordinating: list[UnitSelector] = Field(default_factory=list)
    kind: PlanItemKind
    submitters: list[UnitSelector] = Field(default_factory=list)
    deliverable: str | None = None
    due: dt.date | None = None
    due_note: str | None = None
    optional: StrictBool = False
    conditional: StrictBool = False
    depends_on: list[str] = Field(default_factory=list)  # refs such as "II.6"
    recipients: list[str] = Field(default_factory=list)  # for outbound items
    note: str | None = None
    # What the round asks for: an ordinary report, or the emulation registration (its own flow).
    round_kind: Literal["report", "registration"] = "report"

    @field_validator("coordinating", "submitters")
    @classmethod
    def _unique(cls, values: list[UnitSelector], info: ValidationInfo) -> list[UnitSelector]:
        return _no_duplicates(values, str(info.field_name))

    @model_validator(mode="after")
    def _submission_needs_submitters(self) -> Self:
        if self.kind is PlanItemKind.SUBMISSION and not self.submitters:
            raise _rule_error("submitters", "nhiệm vụ loại submission phải có danh sách đơn vị nộp")
        return self

    @property
    def ref(self) -> str:
        """ "II.6": quarter in Roman numerals, then the item number, as the plan writes it."""
        return f"{quarter_roman(self.quarter)}.{self.item_no}"

    @property
    def creates_round(self) -> bool:
        """Any item with submitters opens a reporting round: submissions, and e.g. the IV.5 meeting."""
        return bool(self.submitters)


class PlanFile(_Model):
    number: str | None = None
    date: dt.date | None = None
    title: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    signer: str = Field(min_length=1)
    signer_title: str = Field(min_length=1)
    year: int = Field(ge=2000, le=2100)
    legal_basis: list[LegalBasisRef] = Field(default_factory=list)
    implementation: list[str] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    groups: dict[GroupCode, GroupSpec] = Field(default_factory=dict)
    items: list[PlanItemSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_item_rules(self) -> Self:
        seen: set[tuple[int, int]] = set()
        for item in self.items:
            where = {"quarter": item.quarter, "item_no": item.item_no}
            if (item.quarter, item.item_no) in seen:
                message = f"số thứ tự {item.item_no} bị trùng trong Quý {quarter_roman(item.quarter)}"
                raise _rule_error("item_no", message, **where)
            seen.add((item.quarter, item.item_no))
            if item.due is not None and item.due.year not in (self.year, self.year + 1):
                raise _rule_error("due", f"hạn {item.due:%d/%m/%Y} không thuộc năm {self.year}", **where)
        refs = {item.ref for item in self.items}
        for item in self.items:
            where = {"quarter": item.quarter, "item_no": item.item_no}
            if missing := [r for r in item.depends_on if r not in refs]:
                raise _rule_error("depends_on", f"không có nhiệm vụ {', '.join(missing)}", **where)
            if self.groups:
                used = {s.group for s in [*item.coordinating, *item.submitters] if s.group} | {item.lead}
                if undefined := sorted(str(g) for g in used if g is not None and g not in self.groups):
                    raise _rule_error("groups", f"nhóm {', '.join(undefined)} chưa khai báo ở mục groups", **where)
        return self

    def item(self, quarter: int, item_no: int) -> PlanItemSpec:
        for item in self.items:
            if (item.quarter, item.item_no) == (quarter, item_no):
                return item
        raise KeyError(f"{quarter_roman(quarter)}.{item_no}")

    def items_in_quarter(self, quarter: int) -> list[PlanItemSpec]:
        return [item for item in self.items if item.quarter == quarter]

    @property
    def round_items(self) -> list[PlanItemSpec]:
        """Items that create a reporting round (see :attr:`PlanItemSpec.creates_round`)."""
        return [item for item in self.items if item.creates_round]


# ---------------------------------------------------------------- errors and loading
@dataclass(frozen=True, slots=True)
class PlanIssue:
    message: str
    quarter: int | None = None
    item_no: int | None = None
    field: str | None = None
    # Where in a spreadsheet (schedules/plan_workbook.py): the sheet and the 1-based row.
    sheet: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"trang {self.sheet}, dòng {self.row}" if self.sheet else f"dòng {self.row}")
        if self.quarter is not None:
            where.append(f"Quý {quarter_roman(self.quarter)}")
        if self.item_no is not None:
            where.append(f"nhiệm vụ {self.item_no}")
        if self.field:
            where.append(f"trường «{self.field}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class PlanFileError(ValueError):
    """The plan file cannot be used; ``issues`` says where (quarter, item, field) and why."""

    def __init__(self, path: Path, issues: list[PlanIssue]) -> None:
        self.path = path
        self.issues = issues
        first = issues[0] if issues else PlanIssue("lỗi không xác định")
        self.quarter, self.item_no, self.field = first.quarter, first.item_no, first.field
        lines = "\n".join(f"- {issue}" for issue in issues)
        super().__init__(f"Tệp kế hoạch {path.name} không hợp lệ:\n{lines}")


_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được phép (sai chính tả?)",
    "enum": "giá trị không hợp lệ",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "greater_than_equal": "giá trị quá nhỏ",
    "less_than_equal": "giá trị quá lớn",
    "bool_type": "phải là true hoặc false",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "không được để trống",
    "string_pattern_mismatch": "mã chỉ gồm chữ in hoa, số, dấu gạch (ví dụ TTS-TC)",
    "list_type": "phải là một danh sách",
    "too_short": "không được để trống",
    "literal_error": "giá trị không hợp lệ",
}


def _issue_from(error: ErrorDetails, raw: dict[str, Any]) -> PlanIssue:
    loc: tuple[int | str, ...] = tuple(error["loc"])
    ctx: dict[str, Any] = error.get("ctx") or {}
    message = error["msg"] if error["type"] == "plan_rule" else _MESSAGES.get(error["type"], error["msg"])
    if error["type"] == "enum" and "expected" in ctx:
        message += f"; chỉ chấp nhận: {str(ctx['expected']).replace(' or ', ', ')}"
    for key, label in (("ge", "tối thiểu"), ("le", "tối đa")):
        if key in ctx:
            message += f" ({label} {ctx[key]})"
    if error["type"] != "missing" and isinstance(error.get("input"), str | int | float | dt.date):
        message += f", giá trị đang ghi: {error['input']!r}"
    quarter, item_no = ctx.get("quarter"), ctx.get("item_no")
    rest = loc
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        rest = loc[2:]
        items = raw.get("items")
        entry = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        if isinstance(entry, dict):
            quarter = entry.get("quarter") if isinstance(entry.get("quarter"), int) else None
            item_no = entry.get("item_no") if isinstance(entry.get("item_no"), int) else None
        if item_no is None:
            message += f" (mục thứ {loc[1] + 1} trong danh sách items)"
    names = [p for p in rest if isinstance(p, str)]
    field = ctx.get("field") or (names[0] if names else None) or (str(loc[0]) if loc else None)
    return PlanIssue(message=message, quarter=quarter, item_no=item_no, field=field or None)


def describe_error(error: ErrorDetails, raw: dict[str, Any]) -> PlanIssue:
    """One pydantic error of :class:`PlanFile` in Vietnamese, placed at its quarter, item and field."""
    return _issue_from(error, raw)


def load_plan_file(path: str | Path) -> PlanFile:
    """Read and validate a plan YAML file; raise :class:`PlanFileError` with Vietnamese messages."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanFileError(path, [PlanIssue(f"không tìm thấy tệp {path}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark is not None else ""
        raise PlanFileError(path, [PlanIssue(f"lỗi cú pháp YAML{where}: {exc}")]) from None
    if not isinstance(raw, dict):
        raise PlanFileError(path, [PlanIssue("nội dung tệp phải là một bảng khóa–giá trị (mapping)")])
    try:
        return PlanFile.model_validate(raw)
    except ValidationError as exc:
        raise PlanFileError(path, [_issue_from(e, raw) for e in exc.errors()]) from None


def default_plan_path() -> Path:
    """The 2024 plan of the seed, shipped with the package."""
    return Path(__file__).parent / "data" / "plan-2024.yaml"
