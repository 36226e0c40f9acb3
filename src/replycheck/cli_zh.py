"""The command line's own words in Chinese: help pages, usage lines and usage errors.

typer (and the click it carries) write their help and errors in English: “Usage:”, “Options”,
“Show this message and exit.”, “[default: rich]”, “<list[str]>”, “Missing option '--output' / '-o'.”…
``install()`` puts those words into Chinese where typer produces them (so help columns and wrapping are
computed on the Chinese text); ``usage_error()`` turns one of click's error messages into one Chinese
phrase. Everything here is defensive: on a typer version that lacks a hook, the English stays and
nothing breaks.
"""

from __future__ import annotations

import re
import sys

# typer.core (and click before typer carried its own) wrap these in gettext's _().
WORDS = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "default: {default}": "默认：{default}",
    "[default: {}]": "[默认：{}]",
    "required": "必填",
    "[required]": "[必填]",
    "env var: {var}": "环境变量：{var}",
    "[env var: {}]": "[环境变量：{}]",
    "(dynamic)": "（动态）",
    "(deprecated) ": "（已停用）",
    "Aborted!": "已中断。",
    "Aborted.": "已中断。",
    "Missing command.": "缺少命令。",
    "Error": "错误",
    "Show this message and exit.": "显示本帮助并退出。",
    "Usage:": "用法：",
}
HELP_OPTION = "显示本帮助并退出。"
COMPLETION_HELP = {
    "--install-completion": "为当前使用的命令行（shell）安装自动补全。",
    "--show-completion": "显示当前命令行（shell）的自动补全脚本，可复制或自行安装。",
}
USAGE_PIECES = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]...", "[ARGS]...": "[参数]...",
                "COMMAND": "命令", "ARGS": "参数"}
# The value a parameter takes, as typer labels it (“<list[str]>”, “<int range>”) or click does (TEXT).
TYPE_LABELS = {
    "str": "文字", "text": "文字", "int": "整数", "integer": "整数", "int range": "整数", "integer range": "整数",
    "float": "数字", "float range": "数字", "bool": "是/否", "boolean": "是/否", "path": "路径", "file": "文件",
    "filename": "文件", "directory": "文件夹", "datetime": "日期时间", "uuid": "UUID",
}


def _gettext(message: str) -> str:
    return WORDS.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def type_label(label: str) -> str:
    """“<list[str]>” → “<文字…>”, “<int range>” → “<整数>”, “TEXT” → “文字”; choices (“<a|b>”) stay."""
    bare = label.strip()
    wrapped = bare.startswith("<") and bare.endswith(">")
    inner = bare[1:-1] if wrapped else bare
    many = False
    m = re.fullmatch(r"list\[(.*)\]", inner)
    if m:
        inner, many = m.group(1), True
    if inner.endswith("..."):
        inner, many = inner[:-3], True
    zh = TYPE_LABELS.get(inner.lower())
    if zh is None:
        return label
    zh += "…" if many else ""
    return f"<{zh}>" if wrapped else zh


def number_range(minimum, maximum) -> str | None:
    if minimum is None and maximum is None:
        return None
    if minimum is None:
        return f"不大于 {maximum}"
    if maximum is None:
        return f"不小于 {minimum}"
    return f"{minimum}～{maximum}"


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: a Chinese character takes two (click counts one)."""
    import unicodedata  # only when a help page is laid out

    plain = re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in plain)


def _wrap(owner, name: str, make) -> None:
    original = getattr(owner, name, None)
    if original is not None and not getattr(original, "_replycheck_zh", False):
        replacement = make(original)
        replacement._replycheck_zh = True
        setattr(owner, name, replacement)


def install() -> None:
    """Put typer's and click's help words into Chinese for this process (the command line only)."""
    import gettext

    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("typer", "click")):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _gettext
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = _ngettext
    try:
        import typer.core as tcore
        import typer.main as tmain
    except ImportError:  # pragma: no cover
        return
    click = getattr(tcore, "_click", None) or sys.modules.get("click")

    if hasattr(tcore, "describe_number_range"):
        tcore.describe_number_range = number_range
    parameter = getattr(tcore, "_TyperParameter", None)
    for cls in (parameter, getattr(tcore, "TyperOption", None), getattr(tcore, "TyperArgument", None)):
        if cls is not None and "display_type" in vars(cls):
            _wrap(cls, "display_type", lambda f: lambda self, ctx: type_label(f(self, ctx)))
    for cls in (getattr(tcore, "TyperOption", None), getattr(tcore, "TyperArgument", None)):
        if cls is not None and "make_metavar" in vars(cls):
            _wrap(cls, "make_metavar", lambda f: lambda self, *a, **k: type_label(f(self, *a, **k)))

    def completion(f):
        def arguments():
            params = f()
            for param in params:
                for opt in getattr(param, "opts", ()):
                    if opt in COMPLETION_HELP:
                        param.help = COMPLETION_HELP[opt]
            return params
        return arguments

    _wrap(tmain, "get_install_completion_arguments", completion)
    if click is None:
        return
    core = getattr(click, "core", None)
    command = getattr(core, "Command", None) or getattr(click, "Command", None)

    def help_option(f):
        def get(self, ctx):
            option = f(self, ctx)
            if option is not None:
                option.help = HELP_OPTION
            return option
        return get

    if command is not None:
        _wrap(command, "get_help_option", help_option)
    formatting = getattr(click, "formatting", None)
    formatter = getattr(formatting, "HelpFormatter", None)
    if formatter is not None:
        def usage(f):
            def write_usage(self, prog, args="", prefix=None):
                for en, zh in USAGE_PIECES.items():
                    args = re.sub(rf"(?<![\w\[]){re.escape(en)}(?![\w\]])", zh, args) if en[0].isalpha() else args.replace(en, zh)
                return f(self, prog, args, "用法：" if prefix is None else prefix)
            return write_usage
        _wrap(formatter, "write_usage", usage)
        # “Options:” → “选项：” (a Chinese heading takes the full-width colon).
        _wrap(formatter, "write_heading",
              lambda f: lambda self, heading: self.write(f"{'':>{self.current_indent}}{heading}：\n"))
    if formatting is not None and hasattr(formatting, "term_len"):
        formatting.term_len = display_width


# click's usage errors (the message of UsageError and kin) → Chinese. Parameter hints such as
# “'--output' / '-o'” are unquoted first (see _hint).
_ERRORS = [
    (r"No such option: (?P<opt>\S+)(?: Did you mean (?P<near>\S+?)\?)?(?: \(Possible options: (?P<many>.+)\))?",
     lambda m: f"没有选项 {m['opt']}" + (f"，是否要用 {m['near']}？" if m["near"] else "")
     + (f"，是否要用 {m['many'].replace(', ', ' 或 ')}？" if m["many"] else "")),
    (r"Missing argument (?P<hint>.+?)\.?", lambda m: f"缺少参数 {_hint(m['hint'])}"),
    (r"Missing option (?P<hint>.+?)\.?", lambda m: f"缺少选项 {_hint(m['hint'])}"),
    (r"Missing parameter:? (?P<hint>.+?)\.?", lambda m: f"缺少参数 {_hint(m['hint'])}"),
    (r"Option (?P<hint>'.+?') requires an argument\.?", lambda m: f"选项 {_hint(m['hint'])} 需要一个值"),
    (r"Option (?P<hint>'.+?') requires (?P<n>\d+) arguments\.?", lambda m: f"选项 {_hint(m['hint'])} 需要 {m['n']} 个值"),
    (r"Invalid value for (?P<hint>.+?): (?P<why>.*)", lambda m: f"{_hint(m['hint'])} 的值无效：{_why(m['why'])}"),
    (r"Invalid value: (?P<why>.*)", lambda m: f"值无效：{_why(m['why'])}"),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", lambda m: f"多余的参数：{m['args']}"),
    (r"No such command '(?P<cmd>.+?)'\.?(?: Did you mean (?P<near>.+?)\?)?",
     lambda m: f"没有命令 {m['cmd']}" + (f"，是否要用 {' 或 '.join(_names(m['near']))}？" if m["near"] else "")),
    (r"Missing command\.?", lambda m: "缺少命令"),
]
_WHY = [
    (r"Value error, (?P<rest>.*)", lambda m: _why(m["rest"])),
    (r"Input should be greater than or equal to (?P<n>\S+?)\.?", lambda m: f"应不小于 {m['n']}"),
    (r"Input should be greater than (?P<n>\S+?)\.?", lambda m: f"应大于 {m['n']}"),
    (r"Input should be less than or equal to (?P<n>\S+?)\.?", lambda m: f"应不大于 {m['n']}"),
    (r"Input should be less than (?P<n>\S+?)\.?", lambda m: f"应小于 {m['n']}"),
    (r"Input should be a valid integer.*", lambda m: "应为整数"),
    (r"Input should be a valid number.*", lambda m: "应为数字"),
    (r"Input should be a valid boolean.*", lambda m: "应为 true 或 false"),
    (r"Input should be (?P<choices>'.+)", lambda m: f"应为 {_choices(m['choices'])} 之一"),
    (r"'(?P<v>.*?)' is not one of (?P<choices>.+?)\.?", lambda m: f"“{m['v']}”不是 {_choices(m['choices'])} 之一"),
    (r"'?(?P<v>.*?)'? is not a valid (?P<t>[\w ]+?)\.?",
     lambda m: f"“{m['v']}”不是{type_label(m['t']).strip('<>') if type_label(m['t']) != m['t'] else m['t']}"),
    (r"Value '?(?P<v>.*?)'? is not a valid (?P<t>[\w ]+?)\.?",
     lambda m: f"“{m['v']}”不是{type_label(m['t']).strip('<>') if type_label(m['t']) != m['t'] else m['t']}"),
    (r"(?P<v>.+?) is not in the range (?P<r>.+?)\.?", lambda m: f"{m['v']} 超出范围（{_range(m['r'])}）"),
    (r"(?P<what>File|Directory|Path) '(?P<v>.*)' does not exist\.?", lambda m: f"“{m['v']}”不存在"),
]


def _hint(hint: str) -> str:
    """“'--output' / '-o'” → “--output / -o” (click quotes each name)."""
    names = re.findall(r"'([^']*)'", hint)
    return " / ".join(names) if names else hint.strip("'")


def _names(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text) or [text]


def _choices(text: str) -> str:
    names = re.findall(r"'([^']*)'", text)
    return "、".join(names) if names else text


def _range(text: str) -> str:
    m = re.fullmatch(r"x>=(\S+)", text) or re.fullmatch(r"(\S+)<=x", text)
    if m:
        return f"不小于 {m.group(1)}"
    m = re.fullmatch(r"x<=(\S+)", text)
    if m:
        return f"不大于 {m.group(1)}"
    m = re.fullmatch(r"(\S+)<=x<=(\S+)", text)
    return f"{m.group(1)}～{m.group(2)}" if m else text


def _why(text: str) -> str:
    for pattern, chinese in _WHY:
        m = re.fullmatch(pattern, text.strip())
        if m:
            return chinese(m)
    return text


def usage_error(message: str) -> str:
    """One of click's usage-error messages in Chinese (unknown ones are returned as they are)."""
    text = " ".join(message.split())
    for pattern, chinese in _ERRORS:
        m = re.fullmatch(pattern, text)
        if m:
            return chinese(m)
    return text
