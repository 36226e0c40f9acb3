"""Small things the file reporters share: masking, where a finding is, what a rule says, provenance."""

from __future__ import annotations

from typing import Callable, Optional

from replycheck import programs
from replycheck.model import field_label
from replycheck.privacy import mask

STDIN_NAME = "<标准输入>"

# Characters XML 1.0 cannot carry at all (a hostile draft may contain them); HTML shows them as boxes.
_NOT_XML = programs.pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def shower(meta) -> Callable[[Optional[str]], Optional[str]]:
    """The function that makes a text fit to show: personal numbers masked unless --show-pii."""
    return (lambda t: t) if meta.show_pii else mask


def xml_safe(text: Optional[str]) -> str:
    return _NOT_XML.sub("\ufffd", text or "")


def where(f) -> str:
    """The field's Chinese label, with the paragraph, cell or line when the loader knew it."""
    text = field_label(f.field)
    if f.location is not None and f.location.in_file and f.location.describe():
        text += f"·{f.location.describe()}"
    return text


def line_of(f) -> Optional[int]:
    """The file's line number of a finding, known for JSON Lines drafts and pasted text."""
    if f.location is not None and f.location.kind in ("jsonl", "line") and f.location.line:
        return f.location.line
    return None


def rules_by_id(meta) -> dict:
    return {r.id: r for r in meta.rules}


def clause_text(number: str) -> str:
    """“第3.3条 明确事项办理结果：……” for a clause number, or just the number when unknown."""
    from replycheck.clauses import CLAUSES

    clause = CLAUSES.get(number)
    return f"第{number}条 {clause.title}：{clause.text}" if clause else f"第{number}条"


def provenance(meta) -> str:
    return f"replycheck {meta.version}，规则摘要 {meta.rules_digest}"
