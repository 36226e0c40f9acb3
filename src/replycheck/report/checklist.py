"""``replycheck read``: what replycheck read in each draft — which text became which field, and the
checklist of what the notice asks of its category and action (✓ found, ✗ missing, ? not sure).

Formats only: the reading itself is built by replycheck.reading (through engine.examine).
"""

from __future__ import annotations

import json

from replycheck.model import TEXT_FIELDS, field_label

MARKS = {"found": "✓", "missing": "✗", "unsure": "?", "not_needed": "·"}
OUTCOME_WORDS = {"found": "", "missing": "", "unsure": "请确认：", "not_needed": "（本类工单不要求）"}


def _quote(evidence: list[dict], limit: int = 3) -> str:
    words = [e["text"].strip().replace("\n", " ") for e in evidence if e.get("text", "").strip()][:limit]
    return "、".join(f"“{w[:40]}{'…' if len(w) > 40 else ''}”" for w in words)


def _element_lines(element: dict, indent: str) -> list[str]:
    mark = MARKS.get(element["status"], "?")
    quoted = _quote(element["evidence"])
    if element["status"] == "found":
        detail = quoted + (f"（{element['note']}）" if element.get("note") else "")
    elif element["status"] == "not_needed":
        detail = OUTCOME_WORDS["not_needed"]
    else:
        detail = OUTCOME_WORDS[element["status"]] + (element.get("note") or "") + (f"（读到：{quoted}）" if quoted else "")
    lines = [f"{indent}{mark} {element['title']}：{detail}".rstrip("：")]
    if element["parts"] and element["status"] != "not_needed":
        parts = "  ".join(f"{MARKS.get(p['status'], '?')} {p['title']}{('：' + _quote(p['evidence'], 2)) if p['evidence'] else ''}"
                          for p in element["parts"])
        lines.append(f"{indent}    {parts}")
    return lines


def render_text(items: list[dict]) -> str:
    out: list[str] = []
    for item in items:
        out.append(item["path"] + (f"（第{item['index'] + 1}份）" if item.get("index") else ""))
        if item.get("skipped"):
            out.append(f"  · 已跳过：{item['skipped']}")
            out.append("")
            continue
        if item.get("error"):
            out.append(f"  ✗ {item['error']}")
            out.append("")
            continue
        head = "｜".join(str(item.get(k) or "未填") for k in ("order_id", "category", "action", "department"))
        out.append(f"  工单 {head}")
        out.append("  读到的栏目：")
        for f in item["fields"]:
            where = f"（{f['location']}）" if f.get("location") else ""
            text = f["text"].strip().replace("\n", " ")
            out.append(f"    {f['label']}{where}：{text[:50]}{'…' if len(text) > 50 else ''}（{len(f['text'])}字）")
        if not item["fields"]:
            out.append("    （没有读到办理结果或回复市民的文字）")
        out.append("  通知要求写明的内容：")
        for element in item["elements"]:
            out.extend(_element_lines(element, "    "))
        out.append("")
    drafts = [i for i in items if not i.get("error") and not i.get("skipped")]
    found = sum(1 for i in drafts for e in i["elements"] if e["status"] == "found")
    missing = sum(1 for i in drafts for e in i["elements"] if e["status"] in ("missing", "unsure"))
    unread = sum(1 for i in items if i.get("error"))
    skipped = sum(1 for i in items if i.get("skipped"))
    tail = (f"，无法读取 {unread} 个文件" if unread else "") + (f"，跳过 {skipped} 个文件" if skipped else "")
    out.append(f"共读了 {len(drafts)} 份草稿：读到 {found} 项，缺少或待确认 {missing} 项{tail}。"
               "读错了的地方请反馈给维护人员（附上这段输出）。")
    return "\n".join(out) + "\n"


def render_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def draft_item(path: str, draft, elements: list[dict]) -> dict:
    """One draft as ``read`` shows it: its fields (with where they came from) and its checklist."""
    fields = []
    for name in TEXT_FIELDS:
        text = draft.text(name)
        if text.strip():
            location = draft.locations.get(name)
            fields.append({"field": name, "label": field_label(name), "text": text,
                           "location": location.describe() if location else None})
    return {"path": path, "index": draft.index, "order_id": draft.order_id,
            "category": draft.category.value if draft.category else None, "action": draft.action.value,
            "department": draft.department, "error": None, "fields": fields, "elements": elements}
