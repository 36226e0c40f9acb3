"""One self-contained HTML page for a batch: totals, two inline SVG bar charts, then every draft.

No script, no external resource: the page can be mailed or put on a shared drive and opened offline.
Every text from a draft is escaped; a Content-Security-Policy forbids anything but the inline style.
"""

from __future__ import annotations

from html import escape

from replycheck.clauses import CLAUSES, clause_sort_key
from replycheck.model import Severity
from replycheck.report.common import provenance, shower, where, xml_safe
from replycheck.report.summary import summarize
from replycheck.report.terminal import verdict
from replycheck.report.week import duplicates

BAR_DEPARTMENT = "#2f6fb0"
BAR_CLAUSE = "#d9822b"
_CONTEXT = 60  # characters shown on each side of a highlighted excerpt

CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;
margin:0 auto;max-width:1100px;padding:24px;color:#222;background:#fff;line-height:1.6}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:2px solid #eee}
.sub{color:#666;font-size:13px}
.totals{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{flex:1;min-width:120px;border-radius:8px;padding:12px 16px;background:#f4f6f8}
.card b{display:block;font-size:28px}.card.pass b{color:#2e7d32}.card.fail b{color:#c62828}
.card.unread b{color:#8d6e00}
.charts{display:flex;gap:24px;flex-wrap:wrap}.chart{flex:1;min-width:420px}
table{border-collapse:collapse;font-size:14px}td,th{padding:4px 10px;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right}th,td.nw,td.n{white-space:nowrap}.chart svg{max-width:100%;height:auto}
details{border:1px solid #e3e3e3;border-radius:6px;margin:8px 0;padding:6px 12px}
details.fail{border-left:5px solid #c62828}details.pass{border-left:5px solid #2e7d32}
details.unread{border-left:5px solid #8d6e00}
summary{cursor:pointer;font-weight:bold}summary .facts{font-weight:normal;color:#555;margin-left:8px}
details.skipped{border-left:5px solid #9e9e9e;color:#555}.verdict.skipped{color:#757575}
.verdict.pass{color:#2e7d32}.verdict.fail{color:#c62828}.verdict.unread{color:#8d6e00}
ul.findings{list-style:none;padding:0;margin:6px 0}ul.findings li{margin:8px 0;padding-left:8px}
.sev{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;margin-right:6px}
.sev.error{background:#c62828}.sev.warning{background:#e08e0b}.sev.info{background:#607d8b}
.waived{opacity:.6}.rule{color:#888;font-size:12px}
.excerpt{background:#fafafa;border-left:3px solid #ccc;padding:2px 8px;margin:4px 0;color:#555}
mark{background:#ffd54f;color:#000;padding:0 2px}
.hint{color:#2e7d32}.note{color:#00838f}td.up{color:#2e7d32}td.down{color:#c62828}
.checklist{margin:4px 0 8px;font-size:14px}.checklist summary{font-weight:normal;color:#555}
.checklist li{margin:2px 0}.el-found{color:#2e7d32}.el-missing{color:#c62828}.el-unsure{color:#e08e0b}
.el-not_needed{color:#999}
footer{margin-top:32px;padding-top:8px;border-top:1px solid #eee;color:#777;font-size:12px}
"""


def _e(text) -> str:
    return escape(xml_safe(str(text)), quote=True)


def _wrap(label: str, limit: int) -> list[str]:
    """A label in lines of at most ``limit`` columns (a CJK character is two): SVG text does not wrap."""
    import unicodedata

    lines, line, used = [], "", 0
    for c in label:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used + w > limit and line:
            lines.append(line)
            line, used = "", 0
        line, used = line + c, used + w
    return [*lines, line] if line else lines


def bar_chart(pairs: list[tuple[str, int]], color: str, title: str) -> str:
    """A horizontal bar chart as inline SVG: each label in full above its bar (wrapped), the count after it."""
    if not pairs:
        return f'<p class="sub">{_e(title)}：没有发现问题。</p>'
    width, bar_w, line_h, bar_h, gap = 500, 420, 17, 14, 10
    top = max(n for _, n in pairs) or 1
    parts, y = [], 4
    for label, n in pairs:
        lines = _wrap(label, 2 * width // 13 - 2)  # 13-pixel characters: about 38 CJK ones to a line
        for i, text in enumerate(lines):
            parts.append(f'<text x="0" y="{y + (i + 1) * line_h - 4}" font-size="13" fill="#333">{_e(text)}</text>')
        y += len(lines) * line_h
        w = max(2, round(bar_w * n / top))
        parts.append(f'<rect class="bar" x="0" y="{y}" width="{w}" height="{bar_h}" fill="{color}">'
                     f'<title>{_e(label)}：{n}</title></rect>')
        parts.append(f'<text x="{w + 6}" y="{y + bar_h - 2}" font-size="13" fill="#333">{n}</text>')
        y += bar_h + gap
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{y}" '
            f'viewBox="0 0 {width} {y}" aria-label="{_e(title)}">' + "".join(parts) + "</svg>")


def _excerpt(f, show) -> str:
    if not f.excerpt:
        return ""
    if f.context and f.context_start is not None and f.start is not None:
        a = max(0, f.start - f.context_start)
        b = a + len(f.excerpt)
        masked = show(f.context) or ""
        if len(masked) == len(f.context):  # masking keeps lengths, so the offsets still hold
            before = masked[:a].lstrip()
            before = ("…" + before[-_CONTEXT:]) if len(before) > _CONTEXT else before
            after = masked[b:].rstrip()
            after = (after[:_CONTEXT] + "…") if len(after) > _CONTEXT else after
            return (f'<div class="excerpt">{_e(before)}<mark>{_e(masked[a:b])}</mark>{_e(after)}</div>')
    return f'<div class="excerpt"><mark>{_e(show(f.excerpt))}</mark></div>'


def _finding(f, show) -> str:
    cls = "waived" if f.waived else ""
    tail = (f'<div class="sub">已豁免：{_e(f.waived)}</div>' if f.waived
            else f'<div class="hint">→ {_e(f.hint)}</div>' if f.hint and f.severity != Severity.info else "")
    return (f'<li class="{cls}"><span class="sev {f.severity.value}">{_e(f.severity.label)}</span>'
            f'<b>第{_e(f.clause)}条 {_e(f.title)}</b> <span class="sub">{_e(where(f))}</span> '
            f'<span class="rule">[{_e(f.rule)}]</span><div>{_e(f.message)}</div>{_excerpt(f, show)}{tail}</li>')


def _checklist(r, show) -> str:
    """What replycheck read (the elements): ✓ with the words, ✗ missing, ? what to confirm."""
    from replycheck.report.checklist import MARKS

    if not r.elements:
        return ""
    rows = []
    for e in r.elements:
        if e["status"] == "not_needed":
            continue
        words = "、".join(f"“{_e(show(x['text'])[:40])}”" for x in e["evidence"][:2] if x["text"].strip())
        detail = words if e["status"] == "found" else _e(e.get("note") or "")
        parts = "".join(f' <span class="el-{p["status"]}">{MARKS.get(p["status"], "?")}{_e(p["title"])}</span>'
                        for p in e["parts"])
        rows.append(f'<li class="el-{e["status"]}">{MARKS.get(e["status"], "?")} <b>{_e(e["title"])}</b>：'
                    f'{detail}{parts}</li>')
    return f'<details class="checklist"><summary>读到的内容（通知要求写明的各项）</summary><ul>{"".join(rows)}</ul></details>'


def _draft(r, show, fail_on) -> str:
    name = r.path + (f" 第{r.index + 1}份" if r.index else "")
    if r.skipped:
        return (f'<details class="skipped"><summary>{_e(name)} <span class="verdict skipped">已跳过</span>'
                f'</summary><p>{_e(r.skipped)}（未检查，不影响结果）</p></details>')
    if r.error:
        return (f'<details class="unread" open><summary>{_e(name)} <span class="verdict unread">无法读取</span>'
                f'</summary><p>{_e(show(r.error))}</p></details>')
    ok = r.passes(fail_on)
    state = "pass" if ok else "fail"
    facts = "｜".join(x for x in (f"工单 {r.order_id}" if r.order_id else "工单编号未填", r.category or "类型未填",
                                  r.action, r.department) if x)
    items = "".join(_finding(f, show) for f in r.findings)
    notes = "".join(f'<p class="note">提示：{_e(n)}</p>' for n in r.notes)
    return (f'<details class="{state}"{"" if ok else " open"}><summary>{_e(name)}'
            f'<span class="facts">{_e(facts)}</span> <span class="verdict {state}">'
            f'{"✓ 通过" if ok else "✗ 未通过"}</span></summary>{notes}'
            f'<ul class="findings">{items}</ul>{_checklist(r, show)}</details>')


def _duplicates(results) -> str:
    groups = duplicates(results)
    if not groups:
        return ""
    rows = "".join(f'<tr><td>{_e(g.order_id)}</td><td>{_e("、".join(g.drafts))}</td></tr>' for g in groups)
    return (f'<h2>重复的工单编号</h2><p class="sub">同一工单编号出现在 {len(groups)} 组、多份草稿中，请确认是否重复报送。</p>'
            f'<table><tr><th>工单编号</th><th>草稿</th></tr>{rows}</table>')


def _comparison(comparison) -> str:
    if comparison is None or comparison.overall is None:
        return ""

    def rate(value) -> str:
        return "—" if value is None else f"{value:.0%}"

    def orders(names: list[str]) -> str:
        return _e("、".join(names)) if names else '<span class="sub">无</span>'

    rows = "".join(
        f'<tr><td class="nw">{_e(c.name)}</td><td class="n">{rate(c.before.value)}</td>'
        f'<td class="n">{rate(c.after.value)}</td>'
        f'<td class="nw {"up" if (c.delta or 0) > 0.5 else "down" if (c.delta or 0) < -0.5 else ""}">'
        f'{_e(c.describe_delta())}</td><td>{orders(c.newly_failing)}</td><td>{orders(c.fixed)}</td>'
        f'<td>{orders(c.still_failing)}</td></tr>'
        for c in [comparison.overall, *comparison.departments])
    return (f'<h2>与上次对比</h2><p class="sub">上次的报告：{_e(comparison.source)}</p><table><tr><th>承办科室</th>'
            '<th>上次通过率</th><th>本次通过率</th><th>变化</th><th>新出现未通过</th><th>已改正</th><th>仍未通过</th></tr>'
            f'{rows}</table>')


def render(results, meta) -> str:
    show = shower(meta)
    s = summarize(results, meta.fail_on)
    clause_pairs = sorted(s.by_clause.items(), key=lambda kv: (-kv[1], clause_sort_key(kv[0])))
    clause_pairs = [(f"第{c}条 {CLAUSES[c].title}" if c in CLAUSES else f"第{c}条", n) for c, n in clause_pairs]
    dept_pairs = s.by_department.most_common()
    rate_rows = "".join(
        f'<tr><td>{_e(d)}</td><td class="n">{ok}/{total}</td><td class="n">{ok / total:.0%}</td>'
        f'<td class="n">{s.by_department.get(d, 0)}</td></tr>'
        for d, (ok, total) in sorted(s.departments.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])))
    titles = {f.rule: f.title for r in results for f in r.findings if f.title}
    top_rows = "".join(f'<tr><td>第{_e(c)}条</td><td>{_e(titles.get(rule, ""))}</td><td class="rule">{_e(rule)}</td>'
                       f'<td class="n">{n}</td></tr>' for (rule, c), n in s.by_rule.most_common(10))
    body = [
        f'<header><h1>工单回复草稿检查报告{_e("：" + meta.department) if meta.department else ""}</h1>',
        f'<div class="sub">{_e(verdict(results, meta.fail_on))}</div></header>',
        '<section class="totals">',
        f'<div class="card"><span>共检查</span><b>{s.checked}</b></div>',
        f'<div class="card pass"><span>通过</span><b>{s.passed}</b></div>',
        f'<div class="card fail"><span>未通过</span><b>{s.failed}</b></div>',
        f'<div class="card unread"><span>无法读取</span><b>{s.unreadable}</b></div>',
        f'<div class="card skipped"><span>已跳过</span><b>{len(s.skipped)}</b></div>' if s.skipped else "",
        f'<div class="card"><span>通过率</span><b>{s.pass_rate:.0%}</b></div></section>',
        '<section class="charts">',
        f'<div class="chart"><h2>各科室问题数</h2>{bar_chart(dept_pairs, BAR_DEPARTMENT, "各科室问题数")}</div>',
        f'<div class="chart"><h2>各条款问题数</h2>{bar_chart(clause_pairs, BAR_CLAUSE, "各条款问题数")}</div>',
        '</section>',
        '<h2>各科室通过率</h2><table><tr><th>承办科室</th><th>通过/总数</th><th>通过率</th><th>问题数</th></tr>'
        f'{rate_rows}</table>' if s.departments else "",
        f'<h2>最常见的问题</h2><table><tr><th>条款</th><th>问题</th><th>规则</th><th>次数</th></tr>{top_rows}</table>'
        if top_rows else "",
        _duplicates(results),
        _comparison(meta.comparison),
        '<h2>逐份结果</h2>',
        *(_draft(r, show, meta.fail_on) for r in results),
        *(f'<p class="note">提示：豁免“{_e(w)}”没有匹配任何问题，可以删除</p>' for w in meta.waivers_unused),
        f'<footer>{_e(provenance(meta))}。问题数只计错误和警告，不含提示和已豁免的问题。</footer>',
    ]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<meta name=\"generator\" content=\"{_e(provenance(meta))}\">"
            f"<title>工单回复草稿检查报告</title><style>{CSS}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
