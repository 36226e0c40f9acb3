"""One hierarchy of errors a user can cause; the CLI renders each as one Chinese line."""

from __future__ import annotations

from replycheck import programs

_LINE_BREAKS = programs.pattern("\r\n|[\n\r\x85\u2028\u2029]")
_CONTROLS = programs.pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_line(text: str) -> str:
    """A message that stays on one line whatever a file name or a draft's value holds (↵ marks a break)."""
    return _CONTROLS.sub("\ufffd", _LINE_BREAKS.sub("↵", text))


class ReplycheckError(Exception):
    """Base: ``str(err)`` is the one line shown to the user."""


class InputError(ReplycheckError):
    """A draft file that cannot be read; the batch goes on without it."""

    def __init__(self, path: str, problem: str, advice: str = "") -> None:
        self.path = path
        # The problem and advice reach every report (the JSON "error" too) and often quote a draft's value.
        self.problem = one_line(problem)
        self.advice = one_line(advice)
        super().__init__(self.line())

    def line(self) -> str:
        text = f"{self.path}：{self.problem}"
        return one_line(f"{text}；{self.advice}" if self.advice else text)


class RuleFileError(ReplycheckError):
    """A broken rule or vocabulary file: the whole command stops (exit 2)."""

    def __init__(self, path: str, problem: str, line: int | None = None, rule: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line_no = line
        self.rule = rule
        where = f"{path}:{line}" if line else path
        who = f"（规则 {rule}）" if rule else ""
        super().__init__(one_line(f"规则文件 {where}{who}：{problem}"))


class ConfigError(ReplycheckError):
    """A bad configuration file or option value (exit 2)."""


class UsageError(ReplycheckError):
    """The command itself cannot run: no input found, bad option (exit 2)."""


_OS_REASONS = {
    "ENOENT": "文件不存在", "EACCES": "没有访问权限", "EPERM": "没有访问权限", "ELOOP": "符号链接循环",
    "EISDIR": "这是一个文件夹", "ENOTDIR": "路径中有一段不是文件夹", "ENAMETOOLONG": "路径过长",
    "EIO": "读取时发生输入输出错误（磁盘或网络盘故障）", "EBUSY": "文件被占用", "ENXIO": "设备不存在",
}


def os_reason(exc: OSError) -> str:
    """The Chinese for an operating-system error, not the English ``strerror``."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name) or (f"系统错误 {name}" if name else type(exc).__name__)
