"""Configuration: replycheck.toml or [tool.replycheck] in pyproject.toml, found from the working folder up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from replycheck.errors import ConfigError

CONFIG_NAMES = ("replycheck.toml", ".replycheck.toml", "pyproject.toml")


class Waiver(BaseModel):
    """One rule waived for one work order or one file, always with the reason."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    rule: str
    order_id: Optional[str] = None
    file: Optional[str] = None
    reason: str = Field(min_length=2)

    @model_validator(mode="after")
    def _target(self) -> "Waiver":
        if not self.order_id and not self.file:
            raise ValueError("豁免须指定 order_id（工单编号）或 file（文件）")
        return self

    def describe(self) -> str:
        return f"{self.rule} @ {self.order_id or self.file}"


class Config(BaseModel):
    # defer_build: without a configuration file (the usual case) no schema is ever needed.
    model_config = ConfigDict(extra="forbid", defer_build=True)
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    rules: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning"] = "error"
    max_size_mb: int = Field(50, ge=1, le=2048)
    waivers: list[Waiver] = Field(default_factory=list)

    source: Optional[str] = Field(None, exclude=True)


def _toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path}：TOML 格式错误（{exc}）") from None
    except OSError as exc:
        raise ConfigError(f"配置文件 {path}：无法读取（{exc.strerror}）") from None


def _mentions_replycheck(path: Path) -> bool:
    """A project's pyproject.toml that never says “replycheck” has no [tool.replycheck]: skip parsing it."""
    try:
        return b"replycheck" in path.read_bytes()
    except OSError:
        return True  # let _toml say what is wrong


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name != "pyproject.toml" or (_mentions_replycheck(candidate)
                                                and "replycheck" in _toml(candidate).get("tool", {})):
                    return candidate
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    path = explicit or find_config(start or Path.cwd())
    if path is None:
        return Config.model_construct()  # the defaults, without building the validator
    if explicit is not None and not explicit.is_file():
        raise ConfigError(f"配置文件 {explicit} 不存在")
    data = _toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("replycheck", {})
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        msg = {"extra_forbidden": "未知的配置项", "missing": "缺少必填项",
               "string_too_short": "不能为空（豁免必须写明理由）"}.get(err["type"], err["msg"].removeprefix("Value error, "))
        if err["loc"] and err["loc"][-1] == "reason" and err["type"] == "missing":
            msg = "豁免必须写明理由（reason）"
        raise ConfigError(f"配置文件 {path}：{where}：{msg}") from None
    base = path.parent
    config.rules = [str((base / d).resolve()) for d in config.rules]
    config.source = str(path)
    return config
