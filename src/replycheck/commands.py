"""The commands beside checking: list rules, lint rule files, explain a clause or rule."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from replycheck.errors import ReplycheckError


def _console():
    from rich.console import Console

    # Piped into a file or another program, a narrow default width would cut rule ids.
    return Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)


def _load(extra: list[Path]):
    from replycheck.rulebook import load_rules

    try:
        return load_rules(extra)
    except ReplycheckError as exc:
        typer.echo(f"replycheck：{exc}", err=True)
        raise typer.Exit(2)


def rules_list(rules_dir: List[Path] = typer.Option([], "--rules", help="额外的规则文件夹")) -> None:
    """列出全部规则：编号、条款、级别、适用类别和办理类型。"""
    from rich.table import Table

    from replycheck.clauses import clause_sort_key

    ruleset = _load(rules_dir)
    table = Table(title=f"共 {len(ruleset.rules)} 条规则（规则集 {ruleset.digest}）")
    table.add_column("条款", no_wrap=True)
    table.add_column("规则", no_wrap=True)
    table.add_column("名称", no_wrap=True)
    for col in ("级别", "类别", "办理类型", "说明"):
        table.add_column(col, overflow="fold")
    for r in sorted(ruleset.rules, key=lambda r: (clause_sort_key(r.clause), r.id)):
        cats = "、".join(c.value for c in r.categories) if r.categories else "全部"
        table.add_row(r.clause, r.id, r.display_title, r.severity.label, cats, "、".join(a.value for a in r.actions), r.message)
    _console().print(table)


def rules_check(directory: Optional[Path] = typer.Argument(None, metavar="规则文件夹", help="要检查的规则文件夹（默认检查内置规则）")) -> None:
    """检查规则文件本身：格式、编号不重复、正则可编译、每条示例都符合预期。"""
    from replycheck.rule_examples import run_rule_examples

    ruleset = _load([directory] if directory else [])
    chosen = [r for r in ruleset.rules if directory is None or Path(r.source).resolve().is_relative_to(directory.resolve())]
    problems = 0
    for rule in chosen:
        if not rule.title:  # a warning only: reports then show the rule's message as its name
            typer.echo(f"{rule.source}：提示：规则 {rule.id} 没有 title（中文短标题），报告中将以问题说明代替；"
                       f"建议在 severity 下一行加“title: 简短名称”")
        if not rule.examples.pass_ or not rule.examples.fail:
            typer.echo(f"{rule.source}：规则 {rule.id} 缺少{'通过' if not rule.examples.pass_ else '不通过'}示例")
            problems += 1
        for outcome in run_rule_examples(rule):
            if not outcome.ok:
                kind = "通过示例" if outcome.kind == "pass" else "不通过示例"
                typer.echo(f"{rule.source}：规则 {rule.id} 的{kind}“{outcome.text[:40]}”：{outcome.problem}")
                problems += 1
    typer.echo(f"检查了 {len(chosen)} 条规则，{'全部正常' if not problems else f'发现 {problems} 个问题'}。")
    raise typer.Exit(1 if problems else 0)


def explain(key: str = typer.Argument(..., metavar="规则或条款", help="规则编号（如 contact-time-missing）或条款号（如 3.3）"),
            rules_dir: List[Path] = typer.Option([], "--rules", help="额外的规则文件夹")) -> None:
    """显示通知中某一条款的原文，以及对应规则的说明、修改建议和示例。"""
    from rich.text import Text

    from replycheck.clauses import CLAUSES

    ruleset = _load(rules_dir)
    rule = ruleset.by_id(key)
    number = rule.clause if rule else key.removeprefix("第").removesuffix("条")
    clause = CLAUSES.get(number)
    if clause is None and rule is None:
        typer.echo(f"replycheck：没有规则或条款“{key}”；用 replycheck rules 查看全部规则", err=True)
        raise typer.Exit(2)
    console = _console()
    if clause:
        console.print(Text(f"第{clause.number}条　{clause.title}", style="bold"))
        console.print(Text(clause.text))
        console.print()
    rules = [rule] if rule else [r for r in ruleset.rules if r.clause == number]
    for r in rules:
        console.print(Text(f"{r.display_title}（{r.id}）{r.severity.label}：{r.message}", style="bold"))
        console.print(Text(f"  修改建议：{r.hint}"))
        for ex in r.examples.fail[:2]:
            text = ex if isinstance(ex, str) else (ex.internal_result or ex.citizen_reply or "")
            console.print(Text(f"  ✗ {text.replace('[[', '【').replace(']]', '】')}", style="red"))
        for ex in r.examples.pass_[:2]:
            text = ex if isinstance(ex, str) else (ex.internal_result or ex.citizen_reply or "")
            console.print(Text(f"  ✓ {text}", style="green"))
        console.print()


def read(
    paths: List[str] = typer.Argument(..., metavar="路径…", help="草稿文件或文件夹"),
    fmt: str = typer.Option("text", "--format", "-f", help="输出格式：text（默认）或 json"),
    rules_dir: List[Path] = typer.Option([], "--rules", help="额外的规则文件夹（其中的 reading.yaml 会加入读句子的词表）"),
) -> None:
    """显示 replycheck 从每份草稿中读到了什么：哪段文字是哪一栏，通知要求的每一项写了没有（✓ 写了 ✗ 没写 ? 待确认）。"""
    from replycheck.engine import examine
    from replycheck.errors import InputError, one_line
    from replycheck.inputs import collect
    from replycheck.loaders import load_path
    from replycheck.report.checklist import draft_item, render_json, render_text

    if fmt not in ("text", "json"):
        typer.echo(f"replycheck：--format 只能是 text 或 json（收到“{fmt}”）", err=True)
        raise typer.Exit(2)
    ruleset = _load(rules_dir)
    inputs = collect(paths)
    if not inputs.files and not inputs.problems:
        typer.echo("replycheck：未找到可读的草稿", err=True)
        raise typer.Exit(2)
    items: list[dict] = [{"path": p.path, "index": 0, "error": one_line(p.error or "无法读取"), "elements": []}
                         for p in inputs.problems]
    items += [{"path": p.path, "index": 0, "skipped": p.skipped, "error": None, "elements": []} for p in inputs.skipped]
    for path in inputs.files:
        if path == "-":
            typer.echo("replycheck：read 不读标准输入，请给出文件或文件夹", err=True)
            raise typer.Exit(2)
        for item in load_path(Path(path)):
            if isinstance(item, InputError):
                items.append({"path": path, "index": 0, "error": item.line(), "elements": []})
                continue
            _findings, elements = examine(item, ruleset.rules, ruleset.lexicon)
            items.append(draft_item(path, item, elements))
    items.sort(key=lambda i: (i["path"], i.get("index") or 0))
    text = render_json(items) if fmt == "json" else render_text(items)
    sys.stdout.write(text)
    raise typer.Exit(1 if any(i.get("error") for i in items) else 0)


def register(app: typer.Typer) -> None:
    rules_app = typer.Typer(help="规则：列出（默认）或检查规则文件。", invoke_without_command=True,
                            rich_markup_mode=None)

    @rules_app.callback()
    def _default(ctx: typer.Context, rules_dir: List[Path] = typer.Option([], "--rules", help="额外的规则文件夹")) -> None:
        if ctx.invoked_subcommand is None:
            rules_list(rules_dir)

    rules_app.command("list", epilog="\b\n示例：\n  replycheck rules list --rules 我镇规则/")(rules_list)
    rules_app.command("check", epilog="\b\n示例：\n  replycheck rules check 我镇规则/")(rules_check)
    app.add_typer(rules_app, name="rules", epilog="\b\n示例：\n  replycheck rules\n  replycheck rules check 我镇规则/")
    app.command("read", epilog="\b\n示例：\n  replycheck read 回复草稿.docx\n  replycheck read 本周回复/ --format json")(read)
    app.command("explain", epilog="\b\n示例：\n  replycheck explain 3.1\n  replycheck explain contact-time-missing")(explain)
    try:
        from replycheck.templates import command as template_command
    except ImportError:  # templates arrive with their own module
        return
    app.command("template")(template_command)
