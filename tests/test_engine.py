"""The engine's mechanics: CJK normalisation with original spans, quotations, reported speech, order."""

from __future__ import annotations

from replycheck.engine import check_draft
from replycheck.model import Draft
from replycheck.text import NormalText


def test_normalisation_maps_spans_back_to_what_was_written():
    text = NormalText("已 转　城建科（ＡＢ）处理,请等待")
    # Full-width letters become ASCII; clause punctuation is written the Chinese way whichever was typed.
    assert "已转城建科（AB）处理，请等待" == text.norm
    start = text.norm.index("城建科")
    s, e = text.span(start, start + 3)
    assert text.original[s:e] == "城建科"


def test_fast_path_keeps_offsets():
    text = NormalText("经核实，问题已解决;市民表示满意")
    assert text.norm == "经核实，问题已解决；市民表示满意"
    assert text.span(4, 9) == (4, 9)


def test_full_width_and_spaced_forbidden_phrase_is_found_with_original_span(check):
    findings = check(category="办理", internal_result="经了解，该问题已 转 城建科处理。")
    hit = next(f for f in findings if f.rule == "forbidden-transfer-phrase")
    assert hit.excerpt == "已 转 城建科处理"


def test_quotation_of_the_citizen_is_not_our_words(check):
    quoted = check(category="办理", citizen_reply="您来电称“网上一直显示办理中”，现已核实更新。")
    assert "forbidden-in-progress" not in {f.rule for f in quoted}
    ours = check(category="办理", citizen_reply="您反映的问题目前办理中。")
    assert "forbidden-in-progress" in {f.rule for f in ours}


def test_reported_speech_without_quotes_is_not_our_words(check):
    findings = check(category="办理", internal_result="反映人称此前已转城建科处理但无人到场，我科当日到场维修。")
    assert "forbidden-transfer-phrase" not in {f.rule for f in findings}


def test_category_and_action_scope_rules(check):
    consult = check(category="咨询", internal_result="3月5日9时，王明电话联系反映人。")
    assert "process-missing" not in {f.rule for f in consult}
    handling = check(category="办理", internal_result="3月5日9时，王明电话联系反映人。")
    assert "process-missing" in {f.rule for f in handling}  # contact alone is not a handling process
    returned = check(category="办理", action="退单", internal_result="建议转派至区公路段。依据《公路法》第八条，不属于我科职责。")
    assert "forbidden-suggest-transfer" not in {f.rule for f in returned}
    assert "citizen-reply-missing" not in {f.rule for f in returned}


def test_findings_come_in_reading_order_and_are_pure(ruleset, capsys):
    draft = Draft(category="办理", internal_result="该工单已办结。目前正在协调。", citizen_reply="已办结。")
    findings = check_draft(draft, ruleset.rules)
    spans = [(f.field, f.start) for f in findings if f.start is not None]
    assert spans == sorted(spans, key=lambda x: (x[0] != "internal_result", x[1]))
    assert capsys.readouterr() == ("", "")


def test_excerpt_context_is_the_sentence(check):
    findings = check(category="办理", internal_result="第一句。经了解，该问题已转城建科处理，请等待。第三句。")
    hit = next(f for f in findings if f.rule == "forbidden-transfer-phrase")
    assert hit.context == "经了解，该问题已转城建科处理，请等待。"
    assert hit.context[hit.start - hit.context_start:].startswith(hit.excerpt)


def test_builtin_patterns_run_on_re_and_user_patterns_keep_the_timeout(ruleset, tmp_path):
    """Built-in rules use the faster ``re`` engine; another town's rules always run under ``regex``'s timeout."""
    import regex

    from replycheck.checks.patterns import TrustedPattern
    from replycheck.rulebook import load_rules

    builtin = ruleset.by_id("forbidden-transfer-phrase")
    assert all(isinstance(p, TrustedPattern) for p in builtin.compiled)
    (tmp_path / "mine.yaml").write_text(
        "id: mine\nclause: '3.3'\nseverity: warning\ncheck: forbidden\npatterns: ['高度重视']\n"
        "message: 不写套话\nhint: 直接写经过。\nexamples: {pass: [好], fail: ['[[高度重视]]']}\n", encoding="utf-8")
    mine = load_rules([tmp_path]).by_id("mine")
    assert all(isinstance(p, regex.Pattern) for p in mine.compiled)


def test_builtin_rules_do_not_hang_on_adversarial_text(ruleset):
    """A hang guard, not a speed test: built-in rules run without per-call timeouts, so none may backtrack
    catastrophically on long runs of the characters they look for."""
    import time

    from replycheck.model import Draft

    pieces = ["市民称", "已转", "城建科", "，", "处理", "经核实", "属实", "3月5日", "电话", "《", "依据相关", "【", "办理中"]
    for piece in pieces:
        text = piece * (60_000 // len(piece))
        started = time.monotonic()
        check_draft(Draft(category="投诉", internal_result=text, citizen_reply=text[:5000]), ruleset.rules)
        assert time.monotonic() - started < 30, piece


def test_a_warning_is_an_error_where_the_text_states_its_signal_plainly(check):
    def severity(text):
        return next(f.severity.value for f in check(category="投诉", internal_result=text)
                    if f.rule == "unsuitable-mark-missing")

    # the same matter called in dozens of times: the 不适宜回访 mark is surely due
    assert severity("该投诉人今年以来就同一事项拨打便民专线60余次。经核实，情况不属实。") == "error"
    assert severity("从二〇二〇年到现在打了六十多回专线。经核实，情况不属实。") == "error"
    # the citizen says someone else is ill: a person confirms
    assert severity("反映人称丈夫“脑子有病，像精神病一样”，想咨询怎样申请保护令。") == "warning"
