"""The command line: options in, one call to the library, a reporter's text out, an exit code.

``replycheck 文件…`` checks drafts; ``replycheck rules|explain|template …`` are the other commands.
"""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional


def _without_pydantic_plugins() -> None:
    """replycheck uses no pydantic plugins. Looking them up scans every installed package's metadata,
    and merely importing pydantic's plugin loader imports ``importlib.metadata`` (~11 ms of every run's
    start-up, issue 5). With plugins disabled the loader returns nothing, so it is replaced by a module
    that says just that, unless a user has asked for some plugins by name."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true"):
        import types

        loader = types.ModuleType("pydantic.plugin._loader")
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
        sys.modules.setdefault("pydantic.plugin._loader", loader)


_without_pydantic_plugins()

import typer  # noqa: E402  (after the plugin loader is settled)

from replycheck import __version__


EXAMPLES = """\b
示例：
  replycheck 回复草稿.docx                     检查一份草稿
  replycheck 本周回复/ --format html -o 报告.html   批量检查一个文件夹，生成 HTML 报告
  replycheck 本周回复/ -f xlsx --by-department 各科室/ --compare 上周.json   每个科室一个 Excel，与上周对比
  replycheck drafts.jsonl --format json         输出机器可读的 JSON
  replycheck rules                              列出全部规则
  replycheck explain 3.3                        查看第3.3条的原文和对应规则
"""


from replycheck.formats import FORMATS  # noqa: E402  (light: no reporter, no model)

# The --format choices are the reporters' registry, never a second list.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"replycheck {__version__}")
        raise typer.Exit()


def _fail(message: str, code: int = 2) -> None:
    from replycheck.errors import one_line

    _err(f"replycheck：{one_line(message)}")
    raise typer.Exit(code)


def _err(text: str) -> None:
    stream = sys.stderr
    data = (text + "\n").encode(stream.encoding or "utf-8", errors="replace")
    stream.buffer.write(data) if hasattr(stream, "buffer") else stream.write(text + "\n")
    stream.flush()


def _out(text: str, *, utf8: bool) -> None:
    """Print a report; never crash on a console (e.g. GBK) that cannot show a character."""
    stream = sys.stdout
    encoding = "utf-8" if utf8 else (stream.encoding or "utf-8")
    if hasattr(stream, "buffer"):
        stream.buffer.write(text.encode(encoding, errors="replace"))
    else:
        stream.write(text)
    stream.flush()


def _progress_factory(enabled: bool):
    if not enabled:
        return None

    def factory(total: int):
        if total <= 5:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        task = progress.add_task("check", total=total)
        progress.start()
        done = [0]

        def advance(n: int) -> None:
            done[0] += n
            progress.update(task, advance=n)
            if done[0] >= total:
                progress.stop()

        return advance

    return factory


class StdinFormat(str, Enum):
    json = "json"
    text = "text"


app = typer.Typer(add_completion=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
                  help="按镇网格中心《规范工单办理标准》检查便民专线工单回复草稿（Word、WPS、Excel、CSV、JSON、文本）。",
                  epilog=EXAMPLES + "\b\n其他命令：rules（列出规则）、rules check（检查规则文件）、explain（条款说明）、template（生成回复模板）。")


@app.command(help="检查工单回复草稿：逐条列出缺少的要素和禁用表述。", epilog=EXAMPLES)
def check(
    paths: List[str] = typer.Argument(..., metavar="路径…", help="草稿文件或文件夹；“-”表示从标准输入读取一份草稿（JSON，或加 --stdin-format text）"),
    fmt: Format = typer.Option(Format.rich, "--format", "-f", help="输出格式"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="把报告写入文件（UTF-8）"),
    rules: List[Path] = typer.Option([], "--rules", help="额外的规则文件夹（可多次指定）"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件（默认从当前文件夹向上查找 replycheck.toml）"),
    select: List[str] = typer.Option([], "--select", help="只用这些规则或条款（可多次指定）"),
    ignore: List[str] = typer.Option([], "--ignore", help="不用这些规则或条款（可多次指定）"),
    exclude: List[str] = typer.Option([], "--exclude", help="跳过匹配的文件（通配符，可多次指定）"),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="何种级别的问题使退出码为1（默认 error）"),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="发现问题也以0退出"),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="并行进程数（0 表示按CPU核数）"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度条，只列出未通过的草稿"),
    statistics: bool = typer.Option(False, "--statistics", help="只输出各规则的问题数"),
    show_pii: bool = typer.Option(False, "--show-pii", help="报告中显示完整的手机号、身份证号（默认遮盖）"),
    max_size: Optional[int] = typer.Option(None, "--max-size", min=1, help="单个文件（解压后）大小上限，单位MB，默认50"),
    debug: bool = typer.Option(False, "--debug", help="出错时显示完整的错误堆栈（供开发人员使用）"),
    today: Optional[str] = typer.Option(None, "--today", metavar="日期",
                                        help="按这一天检查“日期写在将来”等规则（默认今天；重查旧批次时用，如 2026-11-25）"),
    stdin_format: StdinFormat = typer.Option(StdinFormat.json, "--stdin-format",
                                             help="“-”（标准输入）的内容：json（默认）或 text（粘贴的“标签：内容”文字）"),
    annotate: Optional[Path] = typer.Option(None, "--annotate", help="另存一份把每个问题写成批注的 Word 副本（仅限单个 .docx）"),
    by_department: Optional[Path] = typer.Option(None, "--by-department", metavar="文件夹",
                                                 help="每个承办科室一个报告文件，另加一个汇总文件，写入该文件夹（html、xlsx、csv、json）"),
    compare: Optional[Path] = typer.Option(None, "--compare", metavar="上次.json",
                                           help="与上次的 JSON 报告（--format json）对比：各科室通过率变化、新出现/已改正/仍未通过的工单"),
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="显示版本号"),
) -> None:
    from replycheck.errors import ReplycheckError

    try:
        from replycheck import api, clock
        from replycheck.config import load_config
        from replycheck.model import Severity
        from replycheck.report import ReportMeta, render

        spec = FORMATS[fmt.value]
        previous = _batch_options(fmt.value, output, by_department, compare)
        cfg = load_config(config)
        if select:
            cfg.select = select
        if ignore:
            cfg.ignore = [*cfg.ignore, *ignore]
        if max_size:
            cfg.max_size_mb = max_size
        if annotate is not None:
            from replycheck.annotate import check_target

            check_target(paths, annotate, max_bytes=cfg.max_size_mb * 1024 * 1024)
        interactive = sys.stderr.isatty() and not quiet and os.environ.get("CI") != "true"
        # The JSON report is written while checking (api.iter_check): memory stays flat for any batch.
        stream = fmt == Format.json and annotate is None and by_department is None
        run_check = api.iter_check if stream else api.check_paths
        with clock.fixed(_today(today)):
            outcome = run_check(paths, cfg, extra_rule_dirs=[str(r) for r in rules], excludes=exclude,
                                jobs=jobs, progress_factory=_progress_factory(interactive),
                                stdin_format=stdin_format.value)
        color = fmt == Format.rich and output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        width = 100 if not sys.stdout.isatty() else min(os.get_terminal_size().columns, 140)
        level = Severity(fail_on.value if fail_on else cfg.fail_on)
        meta = ReportMeta(version=__version__, rules_digest=outcome.rules_digest, rules=outcome.rules,
                          show_pii=show_pii, color=color, width=width, statistics=statistics, quiet=quiet,
                          waivers_unused=outcome.waivers_unused, fail_on=level)
        if previous is not None:
            from replycheck.report.week import compare as compare_runs

            meta.comparison = compare_runs(outcome.results, previous, compare.name, meta.fail_on)
        if by_department is not None:
            from replycheck.report.by_department import write_by_department

            written = write_by_department(fmt.value, outcome.results, meta, by_department)
            _err(f"已在 {by_department} 中写入 {len(written)} 个报告文件：{'、'.join(p.name for p in written)}")
        text = None if stream or (by_department is not None and output is None) else render(fmt.value, outcome.results, meta)
        if stream:
            _stream_json(outcome.results, meta, output)
        if annotate is not None:
            from replycheck.annotate import write_annotated

            count = write_annotated(paths[0], outcome.results, annotate, cfg.max_size_mb * 1024 * 1024)
            _err(f"批注副本已写入 {annotate}（{count} 条批注）")
    except ReplycheckError as exc:
        if debug:
            raise
        _fail(str(exc))
        return
    except KeyboardInterrupt:
        _fail("已中断", 130)
        return
    except BrokenPipeError:
        raise  # the reader of the report went away (… | head): main() ends quietly
    except Exception as exc:  # pragma: no cover - a bug: still one line unless --debug
        if debug:
            raise
        _fail(f"内部错误（{type(exc).__name__}: {exc}）；加 --debug 查看详情并反馈给维护人员")
        return
    if text is None:  # already written while checking, or only the per-department files were asked for
        if output is not None:
            _err(f"报告已写入 {output}")
    elif output is not None:
        from replycheck.report import write_file

        try:
            write_file(fmt.value, text, output)
        except OSError as exc:
            _fail(f"无法写入报告文件 {output}（{exc.strerror}）")
        _err(f"报告已写入 {output}")
    else:
        _out("\ufeff" + text if spec.bom else text, utf8=fmt != Format.rich)
    raise typer.Exit(0 if exit_zero or not outcome.failed(meta.fail_on) else 1)


def _batch_options(fmt: str, output: Optional[Path], by_department: Optional[Path], compare: Optional[Path]):
    """Usage errors of the batch options, before any draft is checked; the earlier run, with --compare."""
    from replycheck.errors import UsageError

    spec = FORMATS[fmt]
    if spec.binary and output is None and by_department is None:
        raise UsageError(f"{fmt} 报告是二进制文件，不能显示在终端；请用 -o 指定文件，如 -o 报告.{fmt}")
    if by_department is not None and not spec.per_department:
        chosen = "、".join(name for name, s in FORMATS.items() if s.per_department)
        raise UsageError(f"--by-department 只用于这些格式：{chosen}；请加 --format，如 -f html")
    if by_department is not None and by_department.exists() and not by_department.is_dir():
        raise UsageError(f"--by-department {by_department} 是一个文件，请给出文件夹")
    if compare is None:
        return None
    if not spec.comparison:
        chosen = "、".join(name for name, s in FORMATS.items() if s.comparison)
        raise UsageError(f"--compare 的对比结果只显示在这些格式中：{chosen}")
    from replycheck.report.week import load_previous

    try:
        return load_previous(compare)
    except ValueError as exc:
        raise UsageError(f"--compare {compare}：{exc}") from None


def _today(value: Optional[str]):
    """--today (or REPLYCHECK_TODAY, read by clock.today) as the day of this check."""
    from replycheck import clock
    from replycheck.errors import UsageError

    for given, name in ((value, "--today"), (os.environ.get(clock.ENV), clock.ENV)):
        if given:
            try:
                return clock.parse_today(given)
            except ValueError as exc:
                raise UsageError(f"{name}：{exc}") from None
    return None


def _stream_json(results, meta, output: Optional[Path]) -> None:
    from replycheck.errors import UsageError
    from replycheck.streaming import write_json

    if output is None:
        stream = sys.stdout
        if hasattr(stream, "buffer"):
            write_json(results, meta, lambda t: stream.buffer.write(t.encode("utf-8", errors="replace")))
        else:
            write_json(results, meta, stream.write)
        stream.flush()
        return
    try:
        fh = output.open("w", encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"无法写入报告文件 {output}（{exc.strerror}）") from None
    with fh:
        write_json(results, meta, fh.write)


tools = typer.Typer(add_completion=False, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
                    help="replycheck 的规则与模板命令。")
tools.command("check", help="检查工单回复草稿（同 replycheck 路径…）。", epilog=EXAMPLES)(check)


def _subcommands() -> None:
    # Imported here so that a plain check never pays for them.
    from replycheck.commands import register

    register(tools)


# The first words that select ``tools`` instead of a file check: "check" and every command that
# commands.register adds (a new command there joins this set; tests/test_cli_chinese.py keeps them equal).
SUBCOMMANDS = {"check", "rules", "explain", "template", "read"}


def _forgiving_streams() -> None:
    """A console that cannot show a character (GBK and an emoji or 𠮷) gets “?”, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):  # not a TextIOWrapper (e.g. replaced by a test runner)
            pass


def _misspelt_command(argv: list[str]) -> str | None:
    """“replycheck explian 3.3”: the first word is no file and no command but close to one."""
    import difflib

    word = argv[0] if argv else ""
    if not word or word in SUBCOMMANDS or word.startswith("-") or os.path.lexists(word):
        return None
    near = difflib.get_close_matches(word, sorted(SUBCOMMANDS), n=1, cutoff=0.6)
    return near[0] if near else None


# The exit status when the reader of the report went away: 1, as click itself gives for every other command.
EXIT_READER_GONE = 1


def _reader_gone() -> None:
    """``replycheck … | head``: the reader closed the pipe. Stop quietly, as Unix tools do: no traceback,
    no message; what is still buffered goes to the null device so that the exit's flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(EXIT_READER_GONE)


def main() -> None:
    # One command, then exit: what is alive now (modules, typer's app) is never garbage, so the cyclic
    # collector need not walk it again, during the run or at exit (a 200-draft batch: about −20 ms).
    gc.freeze()
    _forgiving_streams()
    from replycheck import cli_zh

    cli_zh.install()
    argv = sys.argv[1:]
    near = _misspelt_command(argv)
    if near:
        _err(f"replycheck：没有文件或命令“{argv[0]}”；是否要用 replycheck {near}？（replycheck -h 查看全部命令）")
        sys.exit(2)
    if "--debug" in argv:  # the runner (and its worker processes) then print a failing file's traceback
        os.environ["REPLYCHECK_DEBUG"] = "1"
    command = app
    if argv and argv[0] in SUBCOMMANDS:
        _subcommands()
        command = tools
    try:
        code = command(prog_name="replycheck", standalone_mode=False)
    except BrokenPipeError:
        _reader_gone()
    except typer.Abort:
        _err("replycheck：已中断")
        sys.exit(1)
    except Exception as exc:
        if not (hasattr(exc, "format_message") and hasattr(exc, "exit_code")):
            raise
        # A bad option or value (click's UsageError and kin): one Chinese line, not a usage box.
        from replycheck.errors import one_line

        problem = one_line(cli_zh.usage_error(exc.format_message()))
        _err(f"replycheck：命令行有误：{problem}{'' if problem.endswith('？') else '；'}请用 replycheck -h 查看用法")
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
