"""What every rule type shares: the YAML fields common to all rules, conditions, and the per-draft context."""

from __future__ import annotations

import time
from typing import Any, Callable, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

from replycheck.model import Action, Category, Draft, Finding, Location, Severity, TEXT_FIELDS
from replycheck.text import NormalText, normal_text, sentence_around

DRAFT_FIELDS = ("order_id", "category", "action", "department", "received_at", "deadline",
                "internal_result", "citizen_reply", "attachments", "revisit_unsuitable")
# Matching one rule against one draft must never take longer than this (catastrophic patterns).
MATCH_TIMEOUT = 0.5
# All the regex calls of one rule on one draft together: a pattern that is merely slow (say 0.3 s a
# call) run once per sentence would otherwise take minutes without any single call timing out.
RULE_BUDGET = 2.0


class Strict(BaseModel):
    # defer_build: a rule set loaded from the cache (rulecache) never validates, so a plain check
    # does not pay for building these schemas at import.
    model_config = ConfigDict(extra="forbid", frozen=False, arbitrary_types_allowed=True, defer_build=True)


class Example(Strict):
    """A draft fragment used as an example: plain text goes into the rule's first field."""

    internal_result: Optional[str] = None
    citizen_reply: Optional[str] = None
    category: Optional[Category] = None
    action: Optional[Action] = None
    attachments: list[Union[str, dict[str, str]]] = Field(default=[])
    revisit_unsuitable: Optional[bool] = None
    received_at: Optional[str] = None
    deadline: Optional[str] = None
    # Pasted lines no known label claims (read as a .txt draft would be), e.g. 「处理经过：……」.
    unlabelled: list[str] = Field(default=[])
    note: str = ""


class Examples(Strict):
    pass_: list[Union[str, Example]] = Field(default=[], alias="pass")
    fail: list[Union[str, Example]] = Field(default=[])
    # Drafts the rule reports only as a warning (unsure_when): the words may be there, a person confirms.
    unsure: list[Union[str, Example]] = Field(default=[])


class Condition(Strict):
    """When a rule applies, beyond its categories and actions."""

    matches: list[str] = Field(default=[], description="任一出现即适用")
    lacks: list[str] = Field(default=[], description="均未出现才适用")
    said: list[str] = Field(default=[], description=(
        "任一出现在承办科室自己说的本工单分句里才适用；市民的话、别的工单、另一机关自己的程序不算"))
    about: list[str] = Field(default=[], description=(
        "任一出现在说本工单的分句里（承办科室或市民的话）才适用；别的工单、以前的事、另一机关自己的程序不算"))
    in_: list[str] = Field(default_factory=lambda: list(TEXT_FIELDS), alias="in")
    revisit_unsuitable: Optional[bool] = None
    categories: Optional[list[Category]] = Field(None, description="只在这些工单类型时成立")
    has_attachment: list[str] = Field(default=[], description="附件种类：有其一才适用")
    acts: list[str] = Field(default=[],
                            description="承办科室自己说本工单做了其中任一动作（reading.yaml 的 acts，如 mediation）才适用；"
                                        "市民的话、以前的事、否定和假设不算")
    any_of: list["Condition"] = Field(default=[], description="其中任一条件成立即可")

    compiled_matches: list[Any] = Field(default=[], exclude=True)
    compiled_lacks: list[Any] = Field(default=[], exclude=True)
    compiled_said: list[Any] = Field(default=[], exclude=True)
    compiled_about: list[Any] = Field(default=[], exclude=True)

    def compile(self, compile_pattern: Callable[[str], Any]) -> None:
        self.compiled_matches = [compile_pattern(p) for p in self.matches]
        self.compiled_lacks = [compile_pattern(p) for p in self.lacks]
        self.compiled_said = [compile_pattern(p) for p in self.said]
        self.compiled_about = [compile_pattern(p) for p in self.about]
        for sub in self.any_of:
            sub.compile(compile_pattern)

    def holds(self, draft: Draft, ctx: "Context") -> bool:
        if self.categories is not None and draft.category not in self.categories:
            return False
        if self.revisit_unsuitable is not None and draft.revisit_unsuitable != self.revisit_unsuitable:
            return False
        if self.has_attachment and not any(a.kind.value in self.has_attachment for a in draft.attachments):
            return False
        if self.compiled_matches and not any(ctx.search(p, f) for p in self.compiled_matches for f in self.in_):
            return False
        if self.compiled_lacks and any(ctx.search(p, f) for p in self.compiled_lacks for f in self.in_):
            return False
        if self.acts and not ctx.reports(self.acts, self.in_):
            return False
        if self.compiled_said and not any(ctx.said(p, f) for p in self.compiled_said for f in self.in_):
            return False
        if self.compiled_about and not any(ctx.said(p, f, citizen=True) for p in self.compiled_about for f in self.in_):
            return False
        return not self.any_of or any(sub.holds(draft, ctx) for sub in self.any_of)


class RuleBase(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    clause: str
    # Where the same defect falls under another clause for some actions or categories (a vague basis in an
    # extension request is a clause-2 defect, in an enforcement report a 3.2.2 one): action or category → clause.
    clause_for: dict[str, str] = Field(default={})
    severity: Severity
    # The short Chinese name people read beside the id (“禁用“办理中””); required of built-in rules
    # (rulebook), optional for a town's own, which then show their message instead.
    title: str = Field("", max_length=30)
    check: str
    message: str = Field(min_length=2)
    hint: str = Field(min_length=2)
    categories: Optional[list[Category]] = None
    actions: list[Action] = Field(default_factory=lambda: [Action.办结])
    fields: list[str] = Field(default_factory=lambda: list(TEXT_FIELDS))
    when: Optional[Condition] = None
    examples: Examples
    description: str = ""
    # Precision first: an error the reading cannot be sure of is a warning that asks to confirm.
    unsure_when: list[str] = Field(default=[], description=(
        "读到这些说法时可能已经写了、只是写法读法没认出：只给警告，请人确认，不报错误。"
        "在报告的那句话里找；报告没有指向某句话时在本规则的各字段全文里找"))
    # A warning by default where the signal is often weak; these words make it sure.
    error_when: list[str] = Field(default=[], description=(
        "本规则默认只报警告；文中（本规则各字段全文）有这些确定的说法时，报错误"))
    unsure_in: Literal["finding", "text"] = Field("finding", description=(
        "unsure_when 在哪里找：finding 为报告指向的那句话，text 为本规则各字段全文（如执法人员可能写在前面一段）"))
    blank_when: list[str] = Field(default=[], description=(
        "表格式草稿里写这一项的栏目名（联系时间、群众意见）：该栏留空或只有占位的字、模板提示语时，"
        "缺少是确定的，不因 unsure_when 降为警告"))
    compiled_unsure: list[Any] = Field(default=[], exclude=True)
    compiled_sure: list[Any] = Field(default=[], exclude=True)
    compiled_blank: list[Any] = Field(default=[], exclude=True)

    source: str = Field("", exclude=True)
    # The reading's vocabulary (reading.Lexicon), given to every rule when the rules are loaded.
    lexicon: Any = Field(None, exclude=True)

    @field_validator("fields")
    @classmethod
    def _fields(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in DRAFT_FIELDS:
                raise ValueError(f"未知字段“{name}”，可用：{'、'.join(DRAFT_FIELDS)}")
        return value

    @property
    def display_title(self) -> str:
        return self.title or self.message

    def compile(self, compile_pattern: Callable[[str], Any]) -> None:
        """Compile every pattern once, when the rules are loaded."""
        if self.when:
            self.when.compile(compile_pattern)
        self.compiled_unsure = [compile_pattern(p) for p in self.unsure_when]
        self.compiled_sure = [compile_pattern(p) for p in self.error_when]
        self.compiled_blank = [compile_pattern(r"(?:^|\n)[ \t]*(?:" + label + r")[ \t]*[:：]{空栏}")
                               for label in self.blank_when]

    def applies_to(self, draft: Draft, ctx: "Context") -> bool:
        if self.categories is not None and draft.category not in self.categories:
            return False
        if draft.action not in self.actions:
            return False
        return self.when is None or self.when.holds(draft, ctx)

    def finding(self, draft: Draft, field: str | None, span: tuple[int, int] | None = None,
                message: str | None = None) -> Finding:
        excerpt = start = end = context = context_start = None
        if span is not None and field is not None:
            start, end = span
            text = draft.text(field)
            excerpt = text[start:end]
            context_start, context = sentence_around(text, start, end)
        location: Location | None = draft.locations.get(field) if field else None
        # Built from a loaded rule and a loaded draft, every value already has its type: no validation.
        clause = self.clause
        if self.clause_for:
            clause = self.clause_for.get(draft.action.value, "") or (
                draft.category is not None and self.clause_for.get(draft.category.value, "")) or clause
        return Finding.model_construct(rule=self.id, title=self.display_title, clause=clause,
                                       severity=self.severity, field=field, message=message or self.message,
                                       hint=self.hint, excerpt=excerpt, start=start, end=end, context=context,
                                       context_start=context_start, location=location, waived=None)

    def calibrated(self, findings: list[Finding], draft: Draft, ctx: "Context") -> list[Finding]:
        """Each error whose evidence may stand in words the reading did not understand (``unsure_when``)
        becomes a warning that quotes those words and asks the clerk to confirm; a warning of a rule whose
        signal the text states plainly (``error_when``) is an error."""
        if findings and self.compiled_sure and self.states_signal(ctx):
            findings = [f.model_copy(update={"severity": Severity.error}) if f.severity == Severity.warning else f
                        for f in findings]
        if not findings or not self.compiled_unsure or self._left_blank(draft, ctx):
            return findings
        out = []
        for f in findings:
            if f.severity == Severity.error:
                hit = self._unsure_hit(f, draft, ctx)
                if hit:
                    f = f.model_copy(update={"severity": Severity.warning,
                                             "message": f"{f.message}（文中有“{hit}”，可能已写明，请确认）"})
            out.append(f)
        return out

    def states_signal(self, ctx: "Context") -> bool:
        """The text states the rule's signal plainly (error_when)."""
        return self._in_text(self.compiled_sure, ctx)

    def _left_blank(self, draft: Draft, ctx: "Context") -> bool:
        """群众意见：(nothing) — the form's own field for the element is empty: what is missing is sure."""
        return self._in_text(self.compiled_blank, ctx)

    def _in_text(self, patterns: list[Any], ctx: "Context") -> bool:
        """One of ``patterns`` occurs in the rule's text fields."""
        return any(p.search(ctx.norm(f).norm, timeout=ctx.timeout())
                   for p in patterns for f in self.fields if f in TEXT_FIELDS)

    def _unsure_hit(self, finding: Finding, draft: Draft, ctx: "Context") -> str:
        """The words, as the clerk wrote them, that may stand for what the finding misses."""
        if finding.excerpt and self.unsure_in == "finding":
            scopes = [normal_text(finding.excerpt)]
        else:
            scopes = [ctx.norm(f) for f in self.fields if f in TEXT_FIELDS]
        for norm in scopes:
            for p in self.compiled_unsure:
                m = p.search(norm.norm, timeout=ctx.timeout())
                if m:
                    start, end = norm.span(m.start(), m.end())
                    words = norm.original[start:end]
                    return words if len(words) <= 24 else words[:23] + "…"
        return ""

    def run(self, draft: Draft, ctx: "Context") -> list[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError


class Context:
    """Per-draft cache of normalised texts; every regex call is bounded in time."""

    def __init__(self, draft: Draft, lexicon: Any = None) -> None:
        self.draft = draft
        self.lexicon = lexicon  # the reading's vocabulary, for conditions that ask the reading
        self._norm: dict[str, NormalText] = {}
        self._memo: dict[tuple, Any] = {}
        self._deadline: float | None = None
        self._reading: Any = None

    def reading(self, lexicon: Any):
        """The draft's reading (replycheck.reading), built on first use and shared by every rule."""
        if self._reading is None:
            from replycheck.reading import read_draft

            self._reading = read_draft(self.draft, lexicon, self.norm)  # the rules' normalised texts, not new ones
        return self._reading

    def reports(self, kinds: list[str], fields: list[str]) -> bool:
        """The department's own words in ``fields`` report an act of ``kinds`` for this order (done, under
        way or stated; not negated, not a condition, not what the citizen asked for)."""
        if self.lexicon is None:
            return True  # no reading to ask: the rule's other conditions decide
        reading = self.reading(self.lexicon)
        return any(c.field in fields and a.kind in kinds and a.modality not in ("negated", "conditional", "requested")
                   for c in reading.own() for a in c.acts)

    def said(self, pattern: Any, field: str, citizen: bool = False) -> bool:
        """``pattern`` stands in a clause the department says of this order (not another order or another
        body's own procedure; the citizen's words only when ``citizen``)."""
        if self.lexicon is None:
            return self.search(pattern, field) is not None
        text = self.norm(field)
        reading = self.reading(self.lexicon)
        own = [c.span for c in (reading.about(field) if citizen else reading.own(field))]
        for m in self.finditer(pattern, field):
            start = text.span(m.start(), m.start() + 1)[0]  # a match may run on over a comma
            if any(s.start <= start < s.end for s in own):
                return True
        return False

    def start_rule(self) -> None:
        """Called by the engine before each rule: its matching budget starts now."""
        self._deadline = time.monotonic() + RULE_BUDGET

    def timeout(self) -> float:
        """Seconds the next regex call may take; TimeoutError once the rule's budget is spent."""
        if self._deadline is None:
            return MATCH_TIMEOUT
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("rule budget exhausted")
        return min(MATCH_TIMEOUT, left)

    def norm(self, field: str) -> NormalText:
        if field not in self._norm:
            self._norm[field] = normal_text(self.draft.text(field))
        return self._norm[field]

    def search(self, pattern: Any, field: str, pos: int = 0, endpos: int | None = None):
        # Rules share patterns (the vocabulary), so the same search recurs across rules: remember it.
        key = (id(pattern), field, pos, endpos)
        if key not in self._memo:
            text = self.norm(field).norm
            self._memo[key] = pattern.search(text, pos, len(text) if endpos is None else endpos,
                                             timeout=self.timeout())
        return self._memo[key]

    def finditer(self, pattern: Any, field: str):
        return pattern.finditer(self.norm(field).norm, timeout=self.timeout())
