"""SARIF 2.1.0 for code-scanning tools: one run, the rules in force, one result per finding.

A region (line and snippet) is given only where the loader knew the line (JSON Lines); Word drafts
and plain JSON files are pointed at by file and by field (a logical location), never by a made-up line.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from replycheck.model import field_label
from replycheck.report.common import STDIN_NAME, clause_text, line_of, rules_by_id, shower, where

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A relative, percent-encoded URI for a draft path (absolute paths under the cwd become relative)."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return quote(PurePosixPath(*p.parts).as_posix() if p.parts else ".", safe="/-._~")


def _descriptor(rule) -> dict:
    hint = f"\n\n修改建议：{rule.hint}" if rule.hint else ""
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.display_title},
        "fullDescription": {"text": f"{rule.display_title}：{rule.message}（第{rule.clause}条）"},
        "help": {"text": clause_text(rule.clause) + hint},
        "defaultConfiguration": {"level": LEVEL[rule.severity.value]},
        "properties": {"clause": rule.clause, "severity": rule.severity.value, "tags": [f"第{rule.clause}条"]},
    }


def _fallback_descriptor(f) -> dict:
    """A rule a finding names but the rule list lacks (should not happen): still a valid descriptor."""
    return {"id": f.rule, "shortDescription": {"text": f.title or f.message}, "help": {"text": clause_text(f.clause)},
            "properties": {"clause": f.clause, "severity": f.severity.value}}


def _location(result, f, show) -> dict:
    loc: dict = {}
    if result.path != STDIN_NAME:
        physical: dict = {"artifactLocation": {"uri": artifact_uri(result.path)}}
        line = line_of(f)
        if line is not None:
            region: dict = {"startLine": line}
            if f.excerpt:
                region["snippet"] = {"text": show(f.excerpt)}
            physical["region"] = region
        loc["physicalLocation"] = physical
    if f.field:
        owner = result.order_id or result.path
        loc["logicalLocations"] = [{"name": f.field, "fullyQualifiedName": f"{owner}/{f.field}",
                                    "kind": "member", "properties": {"label": field_label(f.field)}}]
    loc["message"] = {"text": where(f)}
    return loc


def _result(result, f, show, index: dict[str, int], fail_on) -> dict:
    excerpt = show(f.excerpt)
    text = (f"{f.title}：" if f.title else "") + f"{f.message}。位置：{where(f)}" + (f"；原文：“{excerpt}”" if excerpt else "")
    fingerprint = hashlib.sha256("\0".join((f.rule, result.path, str(result.index), f.field or "",
                                             f.excerpt or "")).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    out: dict = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        # A finding that fails its draft is an error here, as in the exit code: under --fail-on warning a
        # warning does (its own severity stays in properties.severity).
        "level": "error" if f.severity.rank >= fail_on.rank else LEVEL[f.severity.value],
        "message": {"text": text},
        "locations": [_location(result, f, show)],
        "partialFingerprints": {"replycheckFinding/v1": fingerprint},
        "properties": {"clause": f.clause, "severity": f.severity.value, "field": f.field,
                       "failsDraft": f.waived is None and f.severity.rank >= fail_on.rank,
                       "excerpt": excerpt, "hint": f.hint, "orderId": result.order_id,
                       "department": result.department, "category": result.category, "action": result.action},
    }
    if f.waived:
        out["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f.waived}]
    return out


def document(results, meta) -> dict:
    show = shower(meta)
    known = rules_by_id(meta)
    descriptors = [_descriptor(r) for r in meta.rules]
    index = {r.id: i for i, r in enumerate(meta.rules)}
    sarif_results, notifications = [], []
    def notify(r, level: str, descriptor: str, text: str) -> None:
        note: dict = {"level": level, "message": {"text": text}, "descriptor": {"id": descriptor}}
        if r.path != STDIN_NAME:
            note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(r.path)}}}]
        notifications.append(note)

    for r in results:
        if r.skipped:
            notify(r, "note", "skipped-file", f"{r.path}：已跳过（未检查）：{r.skipped}")
            continue
        if r.error:
            notify(r, "error", "unreadable-draft", show(r.error))
            continue
        for text in r.notes:
            notify(r, "warning", "draft-note", f"{r.path}：{text}")
        for f in r.findings:
            if f.rule not in index:
                index[f.rule] = len(descriptors)
                descriptors.append(_descriptor(known[f.rule]) if f.rule in known else _fallback_descriptor(f))
            sarif_results.append(_result(r, f, show, index, meta.fail_on))
    driver = {"name": "replycheck", "version": meta.version, "semanticVersion": meta.version,
              "fullName": "replycheck 便民专线工单回复草稿检查", "rules": descriptors}
    invocation = {"executionSuccessful": not any(n["level"] == "error" for n in notifications),
                  "toolExecutionNotifications": notifications}
    if meta.waivers_unused:
        invocation["toolConfigurationNotifications"] = [
            {"level": "warning", "descriptor": {"id": "unused-waiver"},
             "message": {"text": f"豁免“{w}”没有匹配任何问题，可以删除"}} for w in meta.waivers_unused]
    checked = [r for r in results if not r.skipped]
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
        "properties": {"replycheckVersion": meta.version, "rulesDigest": meta.rules_digest,
                       "draftsChecked": len(checked), "failOn": meta.fail_on.value,
                       "draftsPassed": sum(1 for r in checked if r.passes(meta.fail_on)),
                       "filesSkipped": len(results) - len(checked)},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(results, meta) -> str:
    return json.dumps(document(results, meta), ensure_ascii=False, indent=2) + "\n"
