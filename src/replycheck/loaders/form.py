"""Reading a form's fields by their labels: what Word paragraphs, Word tables and pasted text share.

A loader turns its file into paragraphs (``Block``) and, for Word, table cells; ``FormReader`` decides
which field each piece of text belongs to, and ``Collected`` keeps the values, where each came from, and
the text no label claims (reported by the rule ``unlabelled-text``, never silently dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from replycheck import programs
from replycheck.errors import InputError
from replycheck.loaders.common import DEFAULT_MAX_CHARS, too_long
from replycheck.loaders.labels import (
    CURRENT,
    FOOTER,
    HISTORY,
    NOT_REPLY,
    REQUEST,
    looks_like_label,
    split_label,
    unknown_label,
)
from replycheck.model import Location, Unclaimed

SHORT_FIELDS = {"order_id", "category", "action", "department", "received_at", "deadline", "revisit_unsuitable"}
TEXT_FIELDS = ("internal_result", "citizen_reply")
# A form's title, a date line or a signature is no reply text: only a sentence, or a long line, is
# reported when no label claims it.
_SENTENCE = programs.pattern(r"[，。；！？,;!?]")
# Words that tell a citizen reply from an internal result, to guess where unlabelled text belongs.
_CITIZEN_WORDS = programs.pattern(r"回复市民|答复市民|告知市民|回复反映人|答复反映人|告知反映人|向市民|市民表示|反映人表示|回访")
_CATEGORY_WORDS = programs.pattern(r"类型|类别|分类")
_REPLY_LABEL_WORDS = programs.pattern(r"回复|答复|告知|反馈")
_RESULT_LABEL_WORDS = programs.pattern(r"办理|处理|结果|情况|经过|过程|调查|核实|措施|整改")


def substantial(text: str, labelled: bool = False) -> bool:
    """Whether loose ``text`` reads like reply text (and so must be reported), not a form's title, a name,
    a date or a document's name: a sentence. Under a label (``labelled``) a few words are enough."""
    squeezed = "".join(text.split())
    if labelled:
        # Counted without a regex: a class of 20,000 characters costs a millisecond to compile at start-up.
        return sum("\u4e00" <= c <= "\u9fff" for c in squeezed) >= 4 and not looks_like_label(squeezed)
    return len(squeezed) >= 8 and bool(_SENTENCE.search(squeezed))


def location(where: tuple) -> Location:
    """("paragraph", n), ("line", n) or ("cell", table, row, col) as a Location, built only for the
    places a field actually comes from (a form has dozens of cells)."""
    if where[0] == "paragraph":
        return Location(kind="paragraph", paragraph=where[1])
    if where[0] == "line":
        return Location(kind="line", line=where[1])
    _, table, row, col = where
    return Location(kind="cell", table=table, row=row, col=col)


@dataclass
class Block:
    """One paragraph of a Word form or one line of pasted text."""

    text: str
    where: tuple
    lead: str = ""  # Word: the text of the bold runs the paragraph starts with (a label written in bold)


@dataclass
class _Loose:
    label: Optional[str]
    parts: list[str]
    where: tuple


@dataclass
class Collected:
    source: str = ""
    max_chars: int = DEFAULT_MAX_CHARS
    values: dict[str, list[str]] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    loose: list[_Loose] = field(default_factory=list)
    size: int = 0

    def _count(self, text: str) -> None:
        self.size += len(text)
        if self.size > self.max_chars:  # refuse while reading, before the texts are joined
            raise too_long(self.source, "", self.size, self.max_chars)

    def has(self, name: str) -> bool:
        return bool(self.values.get(name))

    def add(self, name: str, text: str, where: tuple) -> None:
        if name in (FOOTER, HISTORY) or name.startswith("_"):
            return  # read to end the field above; nothing of it is judged
        if name in SHORT_FIELDS and self.values.get(name):
            return  # the first value of a short field wins; a repeat is usually a header row
        self.values.setdefault(name, [])
        if text.strip():
            self._count(text)
            self.values[name].append(text.strip())
        if name not in self.locations:
            self.locations[name] = location(where)

    def unclaimed(self, text: str, where: tuple, label: str | None = None) -> _Loose:
        self._count(text)
        item = _Loose(label, [text.strip()] if text.strip() else [], where)
        self.loose.append(item)
        return item

    def joined(self) -> dict[str, str]:
        return {name: "\n".join(parts) for name, parts in self.values.items()}

    def unclaimed_items(self) -> list[Unclaimed]:
        """The text no label claimed, each with the fields it probably belongs to."""
        out = []
        filled = {name for name in TEXT_FIELDS if self.has(name)}
        for item in self.loose:
            text = "\n".join(item.parts)
            if not substantial(text, labelled=item.label is not None):
                continue
            out.append(Unclaimed(text=text, label=item.label, fields=_probable(item.label, text, filled),
                                 location=location(item.where)))
        return out


def _probable(label: str | None, text: str, filled: set[str]) -> list[str]:
    """Where unclaimed text probably belongs, so that the field is not also reported as missing."""
    if label is not None:
        if _CATEGORY_WORDS.search(label):
            return ["category"]
        if _REPLY_LABEL_WORDS.search(label) or "市民" in label or "群众" in label:
            return ["citizen_reply"]
        if _RESULT_LABEL_WORDS.search(label):
            return ["internal_result"]
    empty = [name for name in TEXT_FIELDS if name not in filled]
    if len(empty) == 1:
        return empty  # a form with one of the two texts labelled: the loose text is the other one
    if not empty:
        return ["citizen_reply"] if _CITIZEN_WORDS.search(text) else ["internal_result"]
    return list(TEXT_FIELDS)  # neither text found: the loose text may be either, so neither is “missing”


class FormReader:
    """Paragraphs in reading order → fields. A table in between ends the field above it (``reset``)."""

    def __init__(self, out: Collected) -> None:
        self.out = out
        self.current: Optional[str] = None
        self.loose: Optional[_Loose] = None
        self.history: Optional[set[str]] = None  # inside a heading like 前次办理情况: the fields seen there

    def reset(self) -> None:
        self.current, self.loose = None, None

    def read(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self.paragraph(block)

    def _label(self, block: Block, text: str):
        found = split_label(text)
        if found is not None:
            return found.name, found.rest, None
        lead = block.lead.strip()
        if lead and len(lead) < len(text):
            # A label written in bold at the head of its paragraph, the value after it: 「工单类型 咨询」.
            bold = split_label(lead)
            rest = text[len(lead):].strip() if text.startswith(lead) else text.split(lead, 1)[-1].strip()
            if bold is not None and not bold.rest:
                return bold.name, rest, None
            if self._outside_text() and looks_like_label(lead):
                return None, rest, lead.strip(" \u3000*#【】〔〕[]:：")
        if self._outside_text():
            unknown = unknown_label(text)
            if unknown is not None:
                return None, unknown[1], unknown[0]
        return None, None, None

    def _outside_text(self) -> bool:
        """Not inside a reply text: there, 「联系情况：……」 is the writer's own sub-heading, not a new field."""
        return self.current not in TEXT_FIELDS

    def paragraph(self, block: Block) -> None:
        text = block.text.strip()
        if not text:
            return
        name, rest, unknown = self._label(block, text)
        if name is not None:
            self._known(name, rest or "", block)
        elif unknown is not None:
            self.current = None
            self.loose = self.out.unclaimed(rest or "", block.where, label=unknown)
        elif self.loose is not None:
            self.out._count(text)
            self.loose.parts.append(text)
        elif self.current is None or (self.current in SHORT_FIELDS and self.out.has(self.current)):
            self.current = None
            self.loose = self.out.unclaimed(text, block.where)
        else:
            self.out.add(self._target(self.current), text, block.where)

    def _known(self, name: str, rest: str, block: Block) -> None:
        self.loose = None
        if name == HISTORY:
            # A heading of an earlier, returned reply: the labels under it belong to that reply.
            self.history = set() if not rest else self.history
        elif name == CURRENT or name == FOOTER:
            self.history = None
            name = "internal_result" if name == CURRENT else name
        elif self.history is not None and name not in SHORT_FIELDS:
            if name in self.history:
                self.history = None  # the same field again: the current reply has begun
            else:
                self.history.add(name)
        self.current = name
        self.out.add(self._target(name), rest, block.where)

    def _target(self, name: str) -> str:
        if self.history is not None and name not in SHORT_FIELDS and name not in NOT_REPLY:
            return HISTORY
        return name


def draft_data(values: dict[str, str]) -> dict[str, Any]:
    """Field values as build_draft takes them (the attachments list is the loader's own business)."""
    return {k: v for k, v in values.items() if k != "attachments" and not k.startswith("_")}


__all__ = ["Block", "Collected", "FormReader", "REQUEST", "SHORT_FIELDS", "attachments_from", "draft_data", "draft_from",
           "location", "substantial"]


_NUMBERING = programs.pattern(r"^\s*(?:[（(]?\d+[)）.、．]|[①-⑳]|[一二三四五六七八九十]+[、.．]|[-•·●▪*]\s*)\s*")


def attachments_from(text: str) -> list[dict[str, str]]:
    """One attachment per line under 附件 / 佐证材料, numbering and bullets taken off."""
    from replycheck.model import attachment_kind_from_name

    return [{"name": name, "kind": attachment_kind_from_name(name).value}
            for line in text.splitlines()
            if (name := _NUMBERING.sub("", line).strip()) and name not in ("无", "暂无")]


def draft_from(collected: Collected, *, source: str, max_bytes: int, index: int = 0, what: str = "",
               pictures: list[dict[str, str]] | None = None):
    """The Draft (or the InputError) for what a form reader collected."""
    from replycheck.loaders.common import build_draft, max_chars_for

    values = collected.joined()
    data: dict[str, Any] = draft_data(values)
    if values:  # a document with no label at all is no draft, whatever pictures it holds
        data["attachments"] = attachments_from(values.get("attachments", "")) + list(pictures or [])
    try:
        draft = build_draft(data, source=source, index=index, locations=collected.locations, what=what,
                            max_chars=max_chars_for(max_bytes))
    except InputError as exc:
        return exc
    draft.unclaimed = collected.unclaimed_items()
    return draft
