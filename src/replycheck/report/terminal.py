"""The default report for people: per draft, each finding with its clause, the words, and what to write."""

from __future__ import annotations

import io

from replycheck.model import Severity, field_label
from replycheck.privacy import mask
from replycheck.report.summary import summarize

_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
_MARK = {Severity.error: "✗", Severity.warning: "!", Severity.info: "i"}


def _console(meta):
    """A rich console for a colour terminal; otherwise the plain stand-in (no styling to draw, and faster)."""
    if not meta.color:
        from replycheck.report import plain

        console = plain.Console(width=meta.width)
        console.Text, console.Table = plain.Text, plain.Table
        return console
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=meta.width,
                      highlight=False, emoji=False, soft_wrap=False)
    console.Text, console.Table = Text, Table
    return console


def _excerpt_line(console, f, show, color):
    Text = console.Text
    line = Text()
    if f.context and f.excerpt and f.context_start is not None and f.start is not None:
        # Mask the sentence as a whole, then cut it (masking keeps lengths): a number that straddles the
        # highlight or the 120-character cut is still masked.
        shown = show(f.context)
        a = max(0, f.start - f.context_start)
        b = a + len(f.excerpt)
        if len(shown) != len(f.context):
            shown = f.context
        before, excerpt, after = shown[:a], show(shown[a:b]), shown[b:]
        if f.excerpt == f.context.strip() or len(f.excerpt) > 40:
            line.append(excerpt.strip()[:120] + ("…" if len(excerpt.strip()) > 120 else ""), style="underline")
        else:
            line.append(show(before.lstrip()), style="dim")
            line.append(excerpt if color else f"【{excerpt}】", style="bold red reverse")
            line.append(show(after.rstrip()), style="dim")
    elif f.excerpt:
        line.append(show(f.excerpt), style="bold red")
    else:
        return None
    return line


def _draft(console, r, show, color: bool, fail_on: Severity) -> None:
    Text = console.Text

    title = Text()
    title.append(r.path, style="bold")
    if r.index or r.path.endswith(".jsonl"):
        title.append(f" 第{r.index + 1}份")
    console.print(title)
    if r.error:
        console.print(Text("  ✗ 无法读取：", style="bold red") + Text(show(r.error)))
        return
    facts = "｜".join(x for x in (f"工单 {r.order_id}" if r.order_id else "工单编号未填", r.category or "类型未填",
                                  r.action, r.department) if x)
    verdict = Text(" ✓ 通过", style="bold green") if r.passes(fail_on) else Text(" ✗ 未通过", style="bold red")
    console.print(Text("  " + facts, style="dim") + verdict)
    for note in r.notes:
        console.print(Text(f"  提示：{note}", style="cyan"))
    for f in r.findings:
        if f.severity == Severity.info and not f.waived:
            console.print(Text(f"  i 提示  第{f.clause}条  {f.title or f.message}：{f.message}  [{f.rule}]"
                               if f.title and f.title != f.message else
                               f"  i 提示  第{f.clause}条  {f.message}  [{f.rule}]", style="dim"))
            continue
        head = Text("  ")
        head.append(f"{_MARK[f.severity]} {f.severity.label}", style=_STYLE[f.severity] if not f.waived else "dim")
        head.append(f"  第{f.clause}条  ", style="bold")
        if f.title:
            head.append(f"{f.title}  ", style="bold")
        where = field_label(f.field)
        if f.location and f.location.describe() and f.location.in_file:
            where += f"·{f.location.describe()}"
        head.append(where, style="dim")
        head.append(f"  [{f.rule}]", style="dim")
        console.print(head)
        _indented(console, Text(f.message))
        line = _excerpt_line(console, f, show, color)
        if line is not None:
            _indented(console, line)
        if f.waived:
            _indented(console, Text(f"已豁免：{f.waived}", style="dim"))
        elif f.hint:
            _indented(console, Text("→" + f.hint, style="green"))


def _indented(console, text, indent: int = 6) -> None:
    """Wrapped lines of Chinese text stay under their first line, with no trailing padding."""
    Text = console.Text
    for line in text.wrap(console, max(20, console.width - indent), overflow="fold"):
        line.rstrip()
        console.print(Text(" " * indent) + line, no_wrap=True, crop=False)


def _summary(console, results, meta) -> None:
    Table, Text = console.Table, console.Text

    s = summarize(results, meta.fail_on)
    console.print()
    console.print(Text("汇总", style="bold"))
    unread = f"，无法读取 {s.unreadable} 份" if s.unreadable else ""
    console.print(Text(f"总通过率：{s.pass_rate:.0%}（{s.passed}/{s.checked} 份通过{unread}）"))
    if s.by_rule:
        titles = _titles(results)
        table = Table(title=None, show_edge=False, box=None, pad_edge=False)
        table.add_column("条款", style="bold")
        table.add_column("问题")
        table.add_column("规则")
        table.add_column("次数", justify="right")
        for (rule, clause), n in s.by_rule.most_common(10):
            table.add_row(clause, titles.get(rule, ""), rule, str(n))
        console.print(Text("最常见的问题：", style="dim"))
        console.print(table)
    if len(s.departments) > 1 or (s.departments and s.checked > 1):
        table = Table(show_edge=False, box=None, pad_edge=False)
        table.add_column("承办科室")
        table.add_column("通过/总数", justify="right")
        table.add_column("通过率", justify="right")
        for dept, (ok, total) in sorted(s.departments.items(), key=lambda kv: kv[1][0] / kv[1][1]):
            table.add_row(dept, f"{ok}/{total}", f"{ok / total:.0%}")
        console.print(Text("各科室通过率：", style="dim"))
        console.print(table)
    _duplicates(console, results)
    _comparison(console, meta.comparison)


def _skipped(console, results) -> None:
    """Every file left out, with the reason: in every mode, --quiet and --statistics too."""
    Text = console.Text

    skipped = [r for r in results if r.skipped]
    if not skipped:
        return
    console.print()
    console.print(Text(f"已跳过 {len(skipped)} 个文件（未检查，不影响结果）：", style="dim"))
    for r in skipped:
        _indented(console, Text(f"{r.path}：{r.skipped}", style="dim"), indent=2)


def _titles(results) -> dict[str, str]:
    return {f.rule: f.title for r in results for f in r.findings if f.title}


def _duplicates(console, results) -> None:
    from replycheck.report.week import duplicates

    Text = console.Text
    groups = duplicates(results)
    if groups:
        console.print(Text(f"同一工单编号出现在多份草稿中（{len(groups)} 组，请确认是否重复报送）：", style="yellow"))
        for g in groups:
            console.print(Text(f"  {g.order_id}：{'、'.join(g.drafts)}"))


def _comparison(console, comparison) -> None:
    if comparison is None or comparison.overall is None:
        return
    Table, Text = console.Table, console.Text
    console.print(Text(f"与上次对比（{comparison.source}）：", style="dim"))
    table = Table(show_edge=False, box=None, pad_edge=False)
    for name, justify in (("承办科室", "left"), ("上次通过率", "right"), ("本次通过率", "right"), ("变化", "left")):
        table.add_column(name, justify=justify)
    for c in [comparison.overall, *comparison.departments]:
        table.add_row(c.name, _rate(c.before.value), _rate(c.after.value), c.describe_delta())
    console.print(table)
    # The work orders, by department; the overall lists only when this report is one department's.
    for c in comparison.departments or [comparison.overall]:
        for label, orders in (("新出现未通过", c.newly_failing), ("已改正", c.fixed), ("仍未通过", c.still_failing)):
            if orders:
                console.print(Text(f"  {c.name}·{label}（{len(orders)}）：{'、'.join(orders)}"))


def _rate(value) -> str:
    return "—" if value is None else f"{value:.0%}"


def _statistics(console, results, meta) -> None:
    Text = console.Text

    s = summarize(results, meta.fail_on)
    titles = _titles(results)
    for (rule, clause), n in sorted(s.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        console.print(Text(f"{n:>6}  {clause:<6} {rule:<34} {titles.get(rule, '')}"))
    _comparison(console, meta.comparison)


def verdict(results, fail_on: Severity = Severity.error) -> str:
    s = summarize(results, fail_on)
    text = f"共检查 {s.checked} 份草稿：通过 {s.passed} 份，未通过 {s.failed} 份"
    if s.unreadable:
        text += f"，无法读取 {s.unreadable} 份"
    if s.skipped:
        text += f"；另有 {len(s.skipped)} 个文件已跳过"
    return text + "。"


def render(results, meta) -> str:
    console = _console(meta)
    Text = console.Text
    show = (lambda t: t) if meta.show_pii else mask
    checked = [r for r in results if not r.skipped]
    if meta.statistics:
        _statistics(console, results, meta)
    else:
        shown = 0
        for r in checked:
            if meta.quiet and r.passes(meta.fail_on):
                continue
            if shown:
                console.print()
            shown += 1
            _draft(console, r, show, meta.color, meta.fail_on)
        if len(checked) > 1:
            _summary(console, results, meta)
        else:
            _comparison(console, meta.comparison)
    _skipped(console, results)
    for waiver in meta.waivers_unused:
        console.print(Text(f"提示：豁免“{waiver}”没有匹配任何问题，可以删除", style="yellow"))
    ok = all(r.passes(meta.fail_on) for r in checked)
    console.print(Text(verdict(results, meta.fail_on), style="bold green" if ok else "bold red"))
    return console.file.getvalue()
