"""GitHub Actions workflow commands: one ::error / ::warning / ::notice annotation per finding."""

from __future__ import annotations

from replycheck.report.common import line_of, provenance, shower, where
from replycheck.report.terminal import verdict

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message part, as GitHub's toolkit escapes it: %, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file=, title=): also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props) -> str:
    shown = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items() if value is not None)
    return f"::{kind} {shown}::{escape_data(message)}" if shown else f"::{kind}::{escape_data(message)}"


def _message(r, f, show) -> str:
    text = f"{where(f)}：{f.message}"
    if f.excerpt:
        text += f"\n原文：“{show(f.excerpt)}”"
    if f.hint:
        text += f"\n建议：{f.hint}"
    if r.order_id:
        text += f"\n工单 {r.order_id}" + (f"｜{r.department}" if r.department else "")
    return text


def render(results, meta) -> str:
    show = shower(meta)
    lines = []
    for r in results:
        if r.skipped:
            lines.append(command("notice", f"已跳过（未检查）：{r.skipped}", file=r.path, title="replycheck：已跳过"))
            continue
        if r.error:
            lines.append(command("error", show(r.error) or "", file=r.path, title="replycheck：无法读取草稿"))
            continue
        for note in r.notes:
            lines.append(command("warning", note, file=r.path, title="replycheck：提示"))
        for f in r.findings:
            if f.waived:
                continue  # a waived finding is settled: no annotation
            # A finding that fails the draft (--fail-on warning makes warnings do so) is an error annotation.
            kind = "error" if f.severity.rank >= meta.fail_on.rank else COMMAND[f.severity.value]
            lines.append(command(kind, _message(r, f, show), file=r.path, line=line_of(f),
                                 title=f"replycheck 第{f.clause}条 {f.title}（{f.rule}）"))
    for waiver in meta.waivers_unused:
        lines.append(command("warning", f"豁免“{waiver}”没有匹配任何问题，可以删除", title="replycheck：豁免未使用"))
    lines.append(f"{verdict(results, meta.fail_on)}（{provenance(meta)}）")
    return "\n".join(lines) + "\n"
