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
    select: list[str] = Field(default=[])
    ignore: list[str] = Field(default=[])
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default={})
    rules: list[str] = Field(default=[])
    exclude: list[str] = Field(default=[])
    fail_on: Literal["error", "warning"] = "error"
    max_size_mb: int = Field(50, ge=1, le=2048)
    waivers: list[Waiver] = Field(default=[])

    source: Optional[str] = Field(None, exclude=True)


# A configuration is a few lines; a pyproject.toml a few KB. Anything near this is not a configuration.
MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path) -> bytes:
    """The file's bytes, refused before reading when it cannot be a configuration (a pipe, a huge file)."""
    import stat

    from replycheck.errors import os_reason

    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"配置文件 {path} 不是普通文件（可能是管道或设备文件）；请给出配置文件本身")
        with path.open("rb") as fh:
            data = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"配置文件 {path}：无法读取（{os_reason(exc)}）；请检查路径和权限") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"配置文件 {path} 过大（超过 {MAX_CONFIG_BYTES // 1024 // 1024} MB），不像 replycheck 的配置；"
                          "请检查 --config 或该文件")
    return data


_TOML_PROBLEMS = [  # tomllib's messages, in the words of the person who wrote the file
    ("Invalid value", "值无效（文字须加英文双引号，如 \"warning\"；列表写成 [\"a\", \"b\"]）"),
    ("Cannot overwrite a value", "同一个配置项写了两次"),
    ("Cannot declare", "同一个表（[…]）声明了两次"),
    ("Expected ']' at the end of a table declaration", "表头缺少右方括号 ]"),
    ("Expected ']]' at the end of an array declaration", "表头缺少 ]]"),
    ("Unterminated string", "字符串缺少结束引号"),
    ("Expected '=' after a key", "配置项名后缺少等号 ="),
    ("Expected newline or end of document", "一行只能写一个配置项"),
    ("Invalid statement", "无法识别的内容"),
    ("Invalid initial character for a key part", "配置项名含有不允许的字符（中文名须加引号）"),
    ("Illegal character", "含有不允许的字符"),
    ("Unclosed array", "列表缺少右方括号 ]"),
    ("Unclosed inline table", "内联表缺少右花括号 }"),
]


def _toml_reason(exc: Exception) -> str:
    import re

    text = str(exc)
    where = re.search(r"\(at line (\d+), column (\d+)\)|\(at end of document\)", text)
    place = ""
    if where:
        place = f"第{where.group(1)}行第{where.group(2)}列：" if where.group(1) else "文件末尾："
        text = text[: where.start()].strip()
    for en, zh in _TOML_PROBLEMS:
        if text.startswith(en):
            return place + zh
    return place + text


def _toml(path: Path, raw: bytes | None = None) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    raw = _read(path) if raw is None else raw
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"配置文件 {path} 不是 UTF-8 编码；请另存为 UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path}：TOML 格式错误（{_toml_reason(exc)}）；请改正后重试") from None


def _mentions_replycheck(path: Path) -> bool:
    """A project's pyproject.toml that never says “replycheck” has no [tool.replycheck]: skip parsing it."""
    try:
        return b"replycheck" in _read(path)
    except ConfigError:
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
        # A misspelt key shows up twice (unknown key + missing key): name the misspelling.
        err = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
        where = ".".join(str(p) for p in err["loc"])
        from replycheck.validation_zh import problem

        known = Waiver.model_fields if "waivers" in [str(p) for p in err["loc"][:1]] else Config.model_fields
        msg = problem(err, [k for k in known if k != "source"])
        if err["type"] == "extra_forbidden":
            msg = msg.replace("未知的键", "未知的配置项")
        if err["type"] == "string_too_short" and err["loc"] and err["loc"][-1] == "reason":
            msg = "不能为空（豁免必须写明理由）"
        if err["loc"] and err["loc"][-1] == "reason" and err["type"] == "missing":
            msg = "豁免必须写明理由（reason）"
        raise ConfigError(f"配置文件 {path}：{where}：{msg}；请改正后重试") from None
    base = path.parent
    config.rules = [str((base / d).resolve()) for d in config.rules]
    config.source = str(path)
    return config
