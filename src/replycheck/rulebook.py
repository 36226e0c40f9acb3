"""Rule files: YAML → validated rule objects → compiled patterns, once per process.

A rule is one YAML file under ``rules/``; shared word lists live in ``vocabulary.yaml`` and are
used in patterns as ``{名称}``. Every error names the file and line, and stops the command.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replycheck import programs
from replycheck.errors import RuleFileError

VOCABULARY_FILE = "vocabulary.yaml"
_MACRO = programs.pattern(r"\{([^\d,{}][^{}]*)\}")


def builtin_rules_dir() -> Path:
    """The rules shipped with replycheck: inside the wheel, or the repository's top-level rules/."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "rules"


@dataclass
class RuleSet:
    rules: list[Any]
    digest: str
    vocabulary: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    lexicon: Any = None  # reading.Lexicon: the words the reading of every draft looks for

    def by_id(self, rule_id: str):
        return next((r for r in self.rules if r.id == rule_id), None)


_YAML_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”，请检查缩进和冒号",
    "found character '\\t'": "不能用制表符缩进，请改用空格",
    "could not find expected ':'": "缺少冒号",
    "expected <block end>": "缩进不一致",
    "found unexpected end of stream": "引号或括号没有闭合",
    "while scanning a quoted scalar": "引号没有闭合",
    "expected ',' or ']'": "方括号列表没有闭合",
}


# A rule file holds one rule, a vocabulary file a few hundred words: either is a few KB.
MAX_RULE_FILE_BYTES = 256 * 1024


def read_rule_file(path: "Path | str") -> bytes:
    """A rule or vocabulary file's bytes, refusing before reading what no rule file can be: something
    other than a regular file (a pipe would never end) or more than MAX_RULE_FILE_BYTES. Plain ``os``
    calls: the rule cache reads every rule file this way on every start."""
    import os
    import stat

    from replycheck.errors import os_reason

    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise RuleFileError(str(path), "不是普通文件（可能是管道或设备文件），请给出规则文件本身")
        if st.st_size > MAX_RULE_FILE_BYTES:
            raise RuleFileError(str(path), f"文件过大（{st.st_size // 1024:,} KB，上限 {MAX_RULE_FILE_BYTES // 1024} KB），"
                                "一个规则文件只应写一条规则")
        with open(path, "rb") as fh:
            # A buffer of the file's own size (one of the limit costs ~30 µs a file, on every start), then
            # the rest up to the limit in case it grew since stat().
            data = fh.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += fh.read(MAX_RULE_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise RuleFileError(str(path), f"无法读取（{os_reason(exc)}）") from None
    if len(data) > MAX_RULE_FILE_BYTES:
        raise RuleFileError(str(path), f"文件过大（超过 {MAX_RULE_FILE_BYTES // 1024} KB），一个规则文件只应写一条规则")
    return data


def _yaml_load(path: Path, raw: bytes | None = None) -> tuple[Any, str]:
    import yaml

    try:
        text = (read_rule_file(path) if raw is None else raw).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleFileError(str(path), "不是 UTF-8 编码，请另存为 UTF-8") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if "*" in text and sum(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=loader)) > 64:
        # Aliases of aliases expand exponentially (“billion laughs”); a rule never needs many.
        raise RuleFileError(str(path), "YAML 别名（*）过多，请直接写出内容")
    try:
        return yaml.load(text, Loader=loader), text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        for en, zh in _YAML_PROBLEMS.items():
            if en in str(problem):
                problem = f"{zh}（{problem}）"
                break
        if "could not determine a constructor" in str(exc):
            problem = "含有不允许的 YAML 标签（如 !!python/…），规则文件只能写普通数据"
        raise RuleFileError(str(path), f"YAML 格式错误：{problem}", mark.line + 1 if mark else None) from None


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line of the YAML node at ``loc`` (a pydantic error location), for error messages."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value if k.value == part), None)
            if hit is None:
                return line
            line, node = hit[0].start_mark.line + 1, hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _load_vocabulary(path: Path, vocab: dict[str, str]) -> None:
    data, text = _yaml_load(path)
    if not isinstance(data, dict):
        raise RuleFileError(str(path), "词表应为“名称: {words: […]}”的映射")
    for name, entry in data.items():
        if not isinstance(entry, dict) or not (entry.get("words") or entry.get("patterns")):
            raise RuleFileError(str(path), f"词条“{name}”需要 words 或 patterns 列表", _line_of(text, (name,)))
        unknown = set(entry) - {"words", "patterns", "description"}
        if unknown:
            raise RuleFileError(str(path), f"词条“{name}”有未知键 {sorted(unknown)}", _line_of(text, (name,)))
        alternatives = [re.escape(str(w)) for w in entry.get("words") or []] + [str(p) for p in entry.get("patterns") or []]
        vocab[str(name)] = "(?:" + "|".join(alternatives) + ")"


def _expand(pattern: str, vocab: dict[str, str], depth: int = 0) -> str:
    if depth > 8:
        raise ValueError("词表相互引用过深")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in vocab:
            raise ValueError(f"词表中没有“{{{name}}}”")
        return _expand(vocab[name], vocab, depth + 1)

    return _MACRO.sub(sub, pattern)


def _rule_keys(adapter) -> list[str]:
    """Every key some rule type allows, for “did you mean” on a misspelt one."""
    keys: set[str] = set()

    def walk(schema: Any) -> None:
        if isinstance(schema, dict):
            if schema.get("type") == "model-fields":
                keys.update(schema.get("fields", {}))
            for value in schema.values():
                walk(value)
        elif isinstance(schema, list):
            for value in schema:
                walk(value)

    walk(adapter.core_schema)
    return sorted(keys)


def _rule_files(directory: Path) -> list[Path]:
    from replycheck.labelbook import LABELS_FILE  # the label list lives beside the rules but is no rule
    from replycheck.reading.lexicon import READING_FILE  # so does the reading's vocabulary

    return sorted(p for p in directory.rglob("*.yaml")
                  if p.name not in (VOCABULARY_FILE, LABELS_FILE, READING_FILE) and not p.name.startswith("."))


def load_rules(extra_dirs: list[Path] | None = None) -> RuleSet:
    """All rules: the built-in ones, then those of each extra folder (another town's own rules)."""
    from pydantic import TypeAdapter, ValidationError

    from replycheck.checks import RULE_TYPES, Rule
    from replycheck.clauses import CLAUSES
    from replycheck.model import Action, Category

    clause_for_keys = [a.value for a in Action] + [c.value for c in Category]

    dirs = [builtin_rules_dir(), *(extra_dirs or [])]
    vocab: dict[str, str] = {}
    digest = hashlib.sha256()
    files: list[Path] = []
    for d in dirs:
        if not d.is_dir():
            raise RuleFileError(str(d), "规则文件夹不存在")
        if (d / VOCABULARY_FILE).is_file():
            _load_vocabulary(d / VOCABULARY_FILE, vocab)
            files.append(d / VOCABULARY_FILE)
        files.extend(_rule_files(d))
    adapter = TypeAdapter(Rule)
    CHECKS = tuple(t.model_fields["check"].annotation.__args__[0] for t in RULE_TYPES)  # noqa: N806
    compiled: dict[tuple[str, bool], Any] = {}
    builtin = builtin_rules_dir().resolve()
    lexicon = _load_lexicon(dirs, vocab, compiled, builtin, files)
    rules: list[Any] = []
    seen: dict[str, Path] = {}
    for path in files:
        raw = read_rule_file(path)
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        if path.name in (VOCABULARY_FILE, "reading.yaml"):
            continue
        data, text = _yaml_load(path, raw)
        if not isinstance(data, dict):
            raise RuleFileError(str(path), "规则文件应为一条规则（YAML 映射）", 1)
        try:
            rule = adapter.validate_python(data)
        except ValidationError as exc:
            # A misspelt key shows up twice (unknown key + missing key): name the misspelling.
            err = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
            loc = tuple(p for p in err["loc"] if p not in CHECKS)
            where = ".".join(str(p) for p in loc) or "规则"
            from replycheck.validation_zh import problem

            msg = {"union_tag_invalid": f"check 的取值无效，可用 {'、'.join(CHECKS)}",
                   "union_tag_not_found": "缺少 check（规则类型）"}.get(err["type"]) or problem(err, _rule_keys(adapter))
            raise RuleFileError(str(path), f"{where}：{msg}", _line_of(text, loc), data.get("id")) from None
        if rule.clause not in CLAUSES:
            raise RuleFileError(str(path), f"条款“{rule.clause}”不在通知中，可用：{'、'.join(CLAUSES)}",
                                _line_of(text, ("clause",)), rule.id)
        for key, clause in rule.clause_for.items():
            if key not in clause_for_keys:
                raise RuleFileError(str(path), f"clause_for 的“{key}”不是办理类型或工单类型，可用：{'、'.join(clause_for_keys)}",
                                    _line_of(text, ("clause_for",)), rule.id)
            if clause not in CLAUSES:
                raise RuleFileError(str(path), f"条款“{clause}”不在通知中，可用：{'、'.join(CLAUSES)}",
                                    _line_of(text, ("clause_for",)), rule.id)
        if not rule.title and path.resolve().is_relative_to(builtin):
            raise RuleFileError(str(path), "缺少 title（规则的中文短标题，报告中显示在规则编号旁）",
                                _line_of(text, ("severity",)), rule.id)
        if rule.id in seen:
            raise RuleFileError(str(path), f"规则编号与 {seen[rule.id]} 重复", _line_of(text, ("id",)), rule.id)
        seen[rule.id] = path
        rule.source = str(path)

        def compile_pattern(pattern: str, _path=path, _text=text, _rule=rule) -> Any:
            try:
                return _compile_shared(pattern, _path, vocab, compiled, builtin)
            except Exception as exc:  # regex.error or a vocabulary error: both are the author's to fix
                line = next((i for i, ln in enumerate(_text.splitlines(), 1) if pattern in ln), None)
                raise RuleFileError(str(_path), f"正则“{pattern}”无效：{exc}", line, _rule.id) from None

        rule.compile(compile_pattern)
        if hasattr(rule, "lexicon"):
            rule.lexicon = lexicon
        rules.append(rule)
    return RuleSet(rules=rules, digest=digest.hexdigest()[:16], vocabulary=vocab, files=files, lexicon=lexicon)


def _compile_shared(pattern: str, path: Path, vocab: dict[str, str], compiled: dict, builtin: Path) -> Any:
    """``pattern`` with its {词条} expanded, compiled once per source: rules and the reading share the
    vocabulary, and one compiled object per source lets the engine reuse results. Built-in files run on
    ``re`` (trusted), a town's own on ``regex`` with timeouts."""
    from replycheck.checks.patterns import compile_regex

    source = _expand(pattern, vocab)
    trusted = path.resolve().is_relative_to(builtin)
    if (source, trusted) not in compiled:
        compiled[source, trusted] = compile_regex(source, trusted=trusted)
    return compiled[source, trusted]


def _load_lexicon(dirs: list[Path], vocab: dict[str, str], compiled: dict, builtin: Path, files: list[Path]):
    """The reading's words (reading.yaml of each folder), compiled like rule patterns."""
    from replycheck.reading.lexicon import READING_FILE, load_lexicon

    paths = [d / READING_FILE for d in dirs if (d / READING_FILE).is_file()]

    def compile_pattern(source: str, path: Path, text: str) -> Any:
        try:
            return _compile_shared(source, path, vocab, compiled, builtin)
        except Exception as exc:
            raise RuleFileError(str(path), f"读句子词表中的正则无效：{exc}") from None

    files[:0] = [p for p in paths if p not in files]
    return load_lexicon(paths, compile_pattern, _yaml_load)
