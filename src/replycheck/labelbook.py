"""The label list (rules/labels.yaml): every name a form, a header row or a JSON key may give a field.

One file, read once per process, so that a clerk adds a synonym in one place and every loader (Word,
spreadsheets, pasted text, JSON keys) and the model's aliases follow. Kept apart from ``model`` and the
loaders so that both can import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LABELS_FILE = "labels.yaml"
# What a label that names no checked field stands for (loaders end such a field and read no reply from it).
REQUEST = "request"  # the citizen's request: kept on the draft as context, never judged
IGNORED = "_ignored"  # printout rows that are not the reply: caller, number, address, status, times
HISTORY = "_history"  # an earlier, returned reply and the return note: only the current reply is judged
FOOTER = "_footer"  # signatures and dates under a form
CURRENT = "_current"  # the heading of the current reply on a form that also holds an earlier, returned one
FIELD_NAMES = ("order_id", "category", "action", "department", "received_at", "deadline",
               "internal_result", "citizen_reply", "attachments", "revisit_unsuitable")
_SECTIONS = {"ignored": IGNORED, "history": HISTORY, "current": CURRENT, "footer": FOOTER}


class LabelFileError(Exception):
    """labels.yaml cannot be used; the message names the file and what to fix."""


@dataclass(frozen=True)
class LabelBook:
    fields: dict[str, tuple[str, ...]]  # checked field → its labels, the first being the one reports show
    targets: tuple[tuple[str, str], ...]  # every label with what it stands for (a field, REQUEST, IGNORED…)


def labels_path() -> Path:
    from replycheck.rulebook import builtin_rules_dir

    return builtin_rules_dir() / LABELS_FILE


def _words(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in value):
        raise LabelFileError(f"{labels_path()}：“{where}”应为叫法的列表，如 [办理结果, 办理情况]")
    return [str(v).strip() for v in value]


@lru_cache(maxsize=1)
def load() -> LabelBook:
    """The label list, from the disk cache when labels.yaml has not changed (no YAML parser to import)."""
    from replycheck import diskcache

    return diskcache.cached("labelbook", [labels_path(), Path(__file__)], _read_labels)


def _read_labels() -> LabelBook:
    import yaml

    path = labels_path()
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise LabelFileError(f"{path}：无法读取栏目叫法文件（{exc.strerror}）") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LabelFileError(f"{path}：栏目叫法文件格式有误（{str(exc).splitlines()[0][:80]}）") from None
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise LabelFileError(f"{path}：应有 fields: 一节，列出每栏的叫法")
    unknown = set(data["fields"]) - set(FIELD_NAMES)
    if unknown or set(FIELD_NAMES) - set(data["fields"]):
        raise LabelFileError(f"{path}：fields 应正好列出 {'、'.join(FIELD_NAMES)}"
                             + (f"，不认识 {'、'.join(sorted(map(str, unknown)))}" if unknown else ""))
    fields = {name: tuple(_words(data["fields"][name], name)) for name in FIELD_NAMES}
    targets: list[tuple[str, str]] = [(label, name) for name, labels in fields.items() for label in labels]
    for name, labels in (data.get("context") or {}).items():
        targets += [(label, str(name)) for label in _words(labels, str(name))]
    for section, target in _SECTIONS.items():
        targets += [(label, target) for label in _words(data.get(section) or [], section)]
    seen: dict[str, str] = {}
    for label, target in targets:
        if seen.setdefault(label, target) != target:
            raise LabelFileError(f"{path}：叫法“{label}”出现在两处，请只保留一处")
    return LabelBook(fields=fields, targets=tuple(targets))
