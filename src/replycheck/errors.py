"""One hierarchy of errors a user can cause; the CLI renders each as one Chinese line."""

from __future__ import annotations


class ReplycheckError(Exception):
    """Base: ``str(err)`` is the one line shown to the user."""


class InputError(ReplycheckError):
    """A draft file that cannot be read; the batch goes on without it."""

    def __init__(self, path: str, problem: str, advice: str = "") -> None:
        self.path = path
        self.problem = problem
        self.advice = advice
        super().__init__(self.line())

    def line(self) -> str:
        text = f"{self.path}：{self.problem}"
        return f"{text}；{self.advice}" if self.advice else text


class RuleFileError(ReplycheckError):
    """A broken rule or vocabulary file: the whole command stops (exit 2)."""

    def __init__(self, path: str, problem: str, line: int | None = None, rule: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line_no = line
        self.rule = rule
        where = f"{path}:{line}" if line else path
        who = f"（规则 {rule}）" if rule else ""
        super().__init__(f"规则文件 {where}{who}：{problem}")


class ConfigError(ReplycheckError):
    """A bad configuration file or option value (exit 2)."""


class UsageError(ReplycheckError):
    """The command itself cannot run: no input found, bad option (exit 2)."""
