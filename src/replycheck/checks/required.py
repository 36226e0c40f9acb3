"""``check: required`` — one of several patterns must appear, in the field or in a sentence about something.

With ``near``, the requirement is local: a sentence that mentions the anchor (e.g. a contact by phone)
must also carry what is required (e.g. a time). Without it, anywhere in the listed fields will do.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from replycheck.checks.base import Context, RuleBase
from replycheck.model import Draft, Finding
from replycheck.text import form_record, heading_section

# How far before its anchor a name heading the anchor's sentence still counts (normalised characters).
_HEAD_REACH = 120


class RequiredRule(RuleBase):
    check: Literal["required"]
    any_of: list[str] = Field(min_length=1)
    near: Optional[list[str]] = Field(None, description="只在提到这些内容的句子里找")
    within: Optional[int] = Field(None, ge=1, description="与 near 命中处相距不超过这么多个字")
    within_after: Optional[int] = Field(None, ge=0, description="命中处之后只看这么多个字（默认同 within）："
                                        "联系时间写在“电话联系”之前或紧跟其后，再往后多是市民所说的内容")
    near_unless: list[str] = Field(default=[],
                                   description="near 命中处所在分句含这些词的（如回复市民），只在没有别的 near 句子时才看")
    first_field_only: bool = Field(False, description="只看第一个含 near 内容的字段")
    unnamed: list[str] = Field(default=[], description=(
        "这些说法（别的单位的执法队员到场，只写了身份、没写姓名）所在的句子单独判断：承办人员自己的名字不算；"
        "全文有 any_of 的内容时不看"))
    sentence_head: Optional[int] = Field(None, ge=1, description=(
        "也算：near 命中处所在句子开头不超过这么多个字、以逗号隔开的一段里有要求的内容"
        "（“10月21日16时，执法队长夏侯彬（执法证号…）、队员何佳会同我办慕容雪到现场检查”：句首的时间说的就是这句里的动作）"))
    continued_by: list[str] = Field(default=[], description=(
        "也算：near 命中处所在句子的下一句以这些说法开头（“文件主要内容：1.……”），要求的内容写在下一句里"))
    anywhere: list[str] = Field(default=[], description=(
        "也算：全文任何一处有这些说法（值班日志抬头的“出队：刘洋 马骏”一行列出了这次出动的人员，"
        "日志里“10.29 1430到场。”不再重复人名）"))
    skip_quotes: bool = False
    staff_named: bool = Field(False, description=(
        "也算：读句子读出的承办人员（姓名、姓加职务、“执法人员：”栏）在 near 命中处附近；"
        "人名由读法判断（刘某、王先生是市民，“许可证”“泵车正在”不是人名），比在规则里写姓氏正则可靠"))

    or_acts: list[str] = Field(default=[], description=(
        "也算：读句子读出承办科室自己做了其中任一动作（reading.yaml 的 acts，如 site_visit）；"
        "口语写法（到西大洼看、查了监控）词表未必都有，读法认得出就不报"))

    compiled: list[Any] = Field(default=[], exclude=True)
    compiled_near: list[Any] = Field(default=[], exclude=True)
    compiled_near_unless: list[Any] = Field(default=[], exclude=True)
    compiled_unnamed: list[Any] = Field(default=[], exclude=True)
    compiled_continued: list[Any] = Field(default=[], exclude=True)
    compiled_anywhere: list[Any] = Field(default=[], exclude=True)

    def compile(self, compile_pattern) -> None:
        super().compile(compile_pattern)
        self.compiled = [compile_pattern(p) for p in self.any_of]
        self.compiled_near = [compile_pattern(p) for p in self.near or []]
        self.compiled_near_unless = [compile_pattern(p) for p in self.near_unless]
        self.compiled_unnamed = [compile_pattern(p) for p in self.unnamed]
        self.compiled_continued = [compile_pattern(p) for p in self.continued_by]
        self.compiled_anywhere = [compile_pattern(p) for p in self.anywhere]

    def _named(self, ctx: Context, field: str, start: int = 0, end: int | None = None) -> bool:
        """Staff read in the department's own words between ``start`` and ``end`` (normalised offsets)."""
        if not (self.staff_named and self.lexicon is not None):
            return False
        text = ctx.norm(field)
        lo, hi = text.span(start, len(text.norm) if end is None else end)
        return any(c.field == field and lo <= p.span.start and p.span.end <= hi
                   for c in ctx.reading(self.lexicon).clauses if c.voice != "citizen" for p in c.people)

    def _headed(self, ctx: Context, field: str, start: int, anchor: int) -> bool:
        """The sentence opens with a short segment before the anchor (a time stamp) that carries what is required."""
        head_end = ctx.norm(field).segment_end(start)
        return head_end - start <= self.sentence_head and head_end <= anchor and self._found(ctx, field, start, head_end)

    def _found(self, ctx: Context, field: str, start: int = 0, end: int | None = None) -> bool:
        text = ctx.norm(field)
        if self._named(ctx, field, start, end):
            return True
        for pattern in self.compiled:
            pos = start
            while True:
                m = ctx.search(pattern, field, pos, end)
                if m is None:
                    break
                if not (self.skip_quotes and text.in_quote(*m.span())):
                    return True
                pos = m.end() if m.end() > pos else pos + 1
        return False

    def _secondary(self, ctx: Context, field: str, m) -> bool:
        """The anchor's own clause is about something else (``near_unless``), e.g. the reply, not the contact."""
        if not self.compiled_near_unless:
            return False
        text = ctx.norm(field)
        start, end = text.segment_start(m.start()), text.segment_end(m.end())
        return any(ctx.search(p, field, start, end) for p in self.compiled_near_unless)

    def _scan(self, ctx: Context, primary_only: bool) -> tuple[bool, tuple[str, tuple[int, int]] | None]:
        """(some anchor sentence carries what is required, the first anchor sentence)."""
        first_anchor: tuple[str, tuple[int, int]] | None = None
        after = self.within if self.within_after is None else self.within_after
        for field in self.fields:
            text = ctx.norm(field)
            sentences = text.sentences
            for k, (start, end) in enumerate(sentences):
                anchors = [m for p in self.compiled_near if (m := ctx.search(p, field, start, end))]
                if primary_only:
                    anchors = [m for m in anchors if not self._secondary(ctx, field, m)]
                if not anchors:
                    continue
                # 2.现场核查与执法 heading its lines (a table of 执法时间 | 执法人员 | 执法过程): the section is the sentence.
                section_end = heading_section(text.norm, start, end)
                record = form_record(text, sentences, k) if section_end is None else None
                if section_end is not None:
                    if self._found(ctx, field, start, section_end):
                        return True, None
                elif record is not None and self._found(ctx, field, *record):
                    # 执法时间<tab>… / 执法人员<tab>… / 执法过程<tab>蹲守…: the rows of one flattened form record.
                    return True, None
                elif self.within is None:
                    if self._found(ctx, field, start, end):
                        return True, None
                # The officers may head the sentence (执法队员欧阳振华、高建（执法证号…）携带声级计……到现场):
                # whoever is named before the anchor in its own sentence did it, however long the sentence, unless
                # the sentence is a dictated day's account that runs on for hundreds of characters (我王树林给举报人
                # 打的电话……然后11月24号镇执法队的来了俩人，到现场取证): the writer named at its head is not the officer.
                elif any(self._found(ctx, field, max(start, m.start() - self.within), min(end, m.end() + after))
                         or self._named(ctx, field, max(start, m.start() - _HEAD_REACH), m.start()) for m in anchors):
                    return True, None
                elif self.sentence_head and self._headed(ctx, field, start, anchors[0].start()):
                    return True, None
                if self._continued(ctx, field, sentences, k):
                    return True, None
                if first_anchor is None:
                    first_anchor = (field, text.span(start, end))
            if first_anchor is not None and self.first_field_only:
                break
        return False, first_anchor

    def _continued(self, ctx: Context, field: str, sentences: list[tuple[int, int]], k: int) -> bool:
        """The next sentence opens with a label that carries on the anchor's (文件主要内容：……) and holds
        what is required."""
        if not self.compiled_continued or k + 1 >= len(sentences):
            return False
        start, end = sentences[k + 1]
        text = ctx.norm(field).norm
        return any(p.match(text, start, end) for p in self.compiled_continued) and self._found(ctx, field, start, end)

    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        if not self.compiled_near:
            if any(self._found(ctx, field) for field in self.fields):
                return []
            if self.or_acts and self.lexicon is not None and ctx.reports(self.or_acts, self.fields):
                return []
            present = [f for f in self.fields if draft.text(f).strip()]
            return [self.finding(draft, (present or self.fields)[0])]
        found, first_anchor = self._scan(ctx, primary_only=bool(self.compiled_near_unless))
        if first_anchor is None and not found and self.compiled_near_unless:
            found, first_anchor = self._scan(ctx, primary_only=False)  # only secondary anchors: use them
        if not found and first_anchor is not None:
            found = any(ctx.search(p, field) for p in self.compiled_anywhere for field in self.fields)
        if found:
            return self._unnamed(draft, ctx)
        if first_anchor is None:
            present = [f for f in self.fields if draft.text(f).strip()]
            return [self.finding(draft, (present or self.fields)[0])]
        field, span = first_anchor
        return [self.finding(draft, field, span)]

    def _unnamed(self, draft: Draft, ctx: Context) -> list[Finding]:
        """李振华会同……镇综合执法大队执法队员到现场查看: the officers who enforced are named by their unit
        alone, though the office's own staff are named beside them."""
        if not self.compiled_unnamed:
            return []
        for field in self.fields:
            if any(ctx.search(p, field) for p in self.compiled):
                return []  # 执法证号, an 执法人员：line: the officers are named somewhere
            text = ctx.norm(field)
            for start, end in text.sentences:
                m = next((m for p in self.compiled_unnamed if (m := ctx.search(p, field, start, end))), None)
                if m is not None and not self._named(ctx, field, m.end(), min(end, m.end() + 6)):
                    return [self.finding(draft, field, text.span(start, end))]
            if self.first_field_only and text.norm.strip():
                break
        return []

