"""The domain model: a reply draft, its source positions, and the findings about it."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, Optional

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from replycheck import programs
from replycheck.clock import year_for
from replycheck.dates import parse_datetime
from replycheck.labelbook import load as load_labels

PLACEHOLDER = programs.pattern(r"【[^【】\n]{1,20}】")


class Category(str, Enum):
    咨询 = "咨询"
    办理 = "办理"
    投诉 = "投诉"
    举报 = "举报"
    建议 = "建议"


class Action(str, Enum):
    办结 = "办结"
    退单 = "退单"
    延期 = "延期"


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class AttachmentKind(str, Enum):
    photo = "photo"
    agreement = "agreement"
    minutes = "minutes"
    document = "document"
    other = "other"


CATEGORY_ALIASES = {
    "consultation": "咨询", "consult": "咨询", "handling": "办理", "complaint": "投诉",
    "report": "举报", "suggestion": "建议", "求助": "办理", "报修": "办理", "意见": "建议",
}
ACTION_ALIASES = {"reply": "办结", "return": "退单", "extension": "延期", "办理": "办结", "结案": "办结",
                  "申请退单": "退单", "申请延期": "延期"}
KIND_ALIASES = {"照片": "photo", "图片": "photo", "调解协议": "agreement", "调解书": "agreement",
                "会议纪要": "minutes", "纪要": "minutes", "文件": "document", "其他": "other"}

# Each field: its Chinese labels, the first being the one a report shows (rules/labels.yaml, the one list).
FIELD_LABELS: dict[str, tuple[str, ...]] = load_labels().fields
TEXT_FIELDS = ("internal_result", "citizen_reply")


def field_label(name: str | None) -> str:
    if name is None:
        return "整份草稿"
    return FIELD_LABELS.get(name, (name,))[0]


def attachment_kind_from_name(name: str) -> AttachmentKind:
    """Guess an attachment's kind from the words in its name, as the contract lists them."""
    lowered = name.lower()
    if "会议纪要" in name or "纪要" in name:
        return AttachmentKind.minutes
    if "调解协议" in name or "调解书" in name or "协议书" in name:
        return AttachmentKind.agreement
    if any(w in name for w in ("照片", "图片", "相片", "截图", "影像")) or lowered.endswith(
        (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".heic", ".webp")
    ):
        return AttachmentKind.photo
    if lowered.endswith((".doc", ".docx", ".pdf", ".xls", ".xlsx", ".wps")):
        return AttachmentKind.document
    return AttachmentKind.other


class Location(BaseModel):
    """Where a field's text came from, so that a report can point at it."""

    model_config = ConfigDict(frozen=True)

    kind: str  # json | jsonl | paragraph | cell | line (pasted text) | row (a spreadsheet's work order)
    pointer: Optional[str] = None
    line: Optional[int] = None
    paragraph: Optional[int] = None
    table: Optional[int] = None
    row: Optional[int] = None
    col: Optional[int] = None
    sheet: Optional[str] = None  # the worksheet of an .xlsx row (None for .csv)
    column: Optional[str] = None  # the header of a spreadsheet column, as written

    def describe(self) -> str:
        if self.kind == "paragraph":
            return f"第{self.paragraph}段"
        if self.kind == "cell":
            return f"表格{self.table}第{self.row}行第{self.col}列"
        if self.kind in ("jsonl", "line"):
            return f"第{self.line}行"
        if self.kind == "row":
            where = f"工作表“{self.sheet}”第{self.row}行" if self.sheet else f"第{self.row}行"
            return f"{where}“{self.column}”列" if self.column else where
        return self.pointer or ""

    @property
    def in_file(self) -> bool:
        """Whether this names a place inside the file (a report shows it beside the field)."""
        return self.kind in ("paragraph", "cell", "jsonl", "line", "row")


class Unclaimed(BaseModel):
    """Text of a form that no known label claims: reported, never dropped, never read as a field."""

    text: str
    label: Optional[str] = None  # the label it was written under, when that label is not in the list
    fields: list[str] = Field(default=[])  # the fields it probably belongs to
    location: Optional[Location] = None


class Attachment(BaseModel):
    name: str
    kind: AttachmentKind = AttachmentKind.other

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return KIND_ALIASES.get(value, value.lower())
        return value


def _alias(name: str) -> AliasChoices:
    return AliasChoices(name, *FIELD_LABELS[name])


class Draft(BaseModel):
    """One reply draft for one work order, whatever file it came from."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, use_enum_values=False)

    order_id: Optional[str] = Field(None, validation_alias=_alias("order_id"))
    category: Optional[Category] = Field(None, validation_alias=_alias("category"))
    action: Action = Field(Action.办结, validation_alias=_alias("action"))
    department: Optional[str] = Field(None, validation_alias=_alias("department"))
    received_at: Optional[datetime] = Field(None, validation_alias=_alias("received_at"))
    deadline: Optional[datetime] = Field(None, validation_alias=_alias("deadline"))
    internal_result: str = Field("", validation_alias=_alias("internal_result"))
    citizen_reply: str = Field("", validation_alias=_alias("citizen_reply"))
    attachments: list[Attachment] = Field(default=[], validation_alias=_alias("attachments"))
    revisit_unsuitable: bool = Field(False, validation_alias=_alias("revisit_unsuitable"))
    # The citizen's request (诉求内容) as a platform printout or export carries it: context, never judged.
    request: str = ""

    # Filled in by the loaders, never by the user's file.
    source: str = Field("", exclude=True)
    index: int = Field(0, exclude=True)
    locations: dict[str, Location] = Field(default={}, exclude=True)
    notes: list[str] = Field(default=[], exclude=True)  # e.g. “按 GB18030 编码读取”
    placeholders: dict[str, str] = Field(default={}, exclude=True)  # unfilled template dates: 【接单时间】
    unclaimed: list[Unclaimed] = Field(default=[], exclude=True)  # text no label claims

    @model_validator(mode="before")
    @classmethod
    def _unfilled_dates(cls, data: Any) -> Any:
        """A template's date left as 【接单时间】 is no date yet, not an unreadable file: keep it for the rules."""
        if not isinstance(data, dict):
            return data
        for name in ("received_at", "deadline"):
            for key in (name, *FIELD_LABELS[name]):
                value = data.get(key)
                if isinstance(value, str) and PLACEHOLDER.fullmatch(value.strip()):
                    data = {**data, key: None, "placeholders": {**data.get("placeholders", {}), name: value.strip()}}
        return data

    @field_validator("order_id", "department", mode="before")
    @classmethod
    def _short_text(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            word = value.strip().lower()
            word = CATEGORY_ALIASES.get(word, word)
            for suffix in ("类问题", "问题", "类"):
                word = word.removesuffix(suffix)
            return CATEGORY_ALIASES.get(word, word.split("/")[0])
        return value

    @field_validator("action", mode="before")
    @classmethod
    def _action(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return Action.办结
        if isinstance(value, str):
            word = value.strip().lower()
            return ACTION_ALIASES.get(word, word)
        return value

    @field_validator("received_at", "deadline", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if value is None or isinstance(value, datetime):
            return value
        if isinstance(value, str):
            if not value.strip():
                return None
            parsed = parse_datetime(value, year_for)
            if parsed is None:
                raise ValueError(f"“{value.strip()[:30]}”无法识别为日期，请写成 2020-08-03 09:30 或 2020年8月3日9时30分")
            return parsed
        raise ValueError("应为日期文字，如 2020-08-03 09:30")

    @field_validator("internal_result", "citizen_reply", "request", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "\n".join(value)
        return value

    @field_validator("attachments", mode="before")
    @classmethod
    def _attachments(cls, value: Any) -> Any:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = [part for part in value.replace("；", "\n").replace(";", "\n").splitlines() if part.strip()]
        if isinstance(value, list):
            out = []
            for item in value:
                if isinstance(item, str):
                    out.append({"name": item.strip(), "kind": attachment_kind_from_name(item)})
                elif isinstance(item, dict) and "kind" not in item and isinstance(item.get("name"), str):
                    out.append({**item, "kind": attachment_kind_from_name(item["name"])})
                else:
                    out.append(item)
            return out
        return value

    @field_validator("revisit_unsuitable", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> Any:
        if value is None:
            return False
        if isinstance(value, str):
            word = value.strip().lower()
            if word in ("", "否", "no", "false", "0", "×", "无"):
                return False
            if word in ("是", "yes", "true", "1", "√", "✓", "☑", "有"):
                return True
        return value

    def text(self, field: str) -> str:
        value = getattr(self, field, None)
        if isinstance(value, str):
            return value
        if field == "attachments":
            return "\n".join(a.name for a in self.attachments)  # names, one a line: a rule may read them
        return self.placeholders.get(field, "")


class Finding(BaseModel):
    """One way a draft falls short of the notice."""

    rule: str
    clause: str
    severity: Severity
    field: Optional[str] = None
    message: str
    title: str = ""  # the rule's short Chinese name, shown beside its id wherever people read it
    hint: str = ""
    excerpt: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    context: Optional[str] = None  # the sentence around the excerpt, as written
    context_start: Optional[int] = None  # offset of ``context`` in the field
    location: Optional[Location] = None
    waived: Optional[str] = None  # the reason, when a configured waiver covers this finding


class Result(BaseModel):
    """The outcome for one draft (or one unreadable file): what every reporter formats."""

    path: str
    index: int = 0
    order_id: Optional[str] = None
    category: Optional[str] = None
    action: Optional[str] = None
    department: Optional[str] = None
    findings: list[Finding] = Field(default=[])
    error: Optional[str] = None
    # Why a file met in a folder was left out without being read (a lock file, a hidden file, a picture):
    # such a file is listed in every report but neither passes nor fails.
    skipped: Optional[str] = None
    notes: list[str] = Field(default=[])
    # The checklist the reading built (what the notice asks of this category, ✓ ✗ ?), as plain data.
    elements: list[dict] = Field(default=[])

    @classmethod
    def for_draft(cls, draft: "Draft", findings: list[Finding]) -> "Result":
        # A checked draft's values already have their types: no validation.
        return cls.model_construct(path=draft.source, index=draft.index, order_id=draft.order_id,
                                   category=draft.category.value if draft.category else None,
                                   action=draft.action.value, department=draft.department, findings=findings,
                                   notes=list(draft.notes), error=None, skipped=None, elements=[])

    def blocking(self, fail_on: Severity = Severity.error) -> list[Finding]:
        return [f for f in self.findings if f.waived is None and f.severity.rank >= fail_on.rank]

    def passes(self, fail_on: Severity = Severity.error) -> bool:
        """The verdict every report and the exit code share: read, checked, and nothing blocking at
        ``fail_on`` (--fail-on / config fail_on). A skipped file never passes."""
        return self.error is None and self.skipped is None and not self.blocking(fail_on)

    @property
    def ok(self) -> bool:
        return self.passes()
