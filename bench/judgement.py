"""How well replycheck judges drafts it was not tuned on: verdicts, clause recall, false errors, and on
real published replies the elements it reads and the evasions it catches.

    python bench/judgement.py                 # development split (tune on this)
    python bench/judgement.py --split test    # the held-out split: score it once, report it
    python bench/judgement.py --split next    # written for the next round and not yet scored: score it first
    python bench/judgement.py --split all -v  # every draft, with each difference listed

Data (tests/data): voices/*.json are drafts written by people who saw only the notice and the reading
conventions, labelled per clause (``defects``); real/*.json are replies that offices published, with
their source address and labels per element and evasion. Evasions are counted per labelled kind
(``evasions_caught``, ``replies_with_false_alarm``: a finding of another kind than the label's is an alarm)
and per reply, whatever the kind (``evasive_replies_flagged``, ``clean_replies_flagged``).
tests/data/split.json names the test split
and, under ``next``, a split written for the next round of work: neither is part of the development split.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
TODAY = datetime(2026, 12, 4, 23, 59)  # the day the labelled drafts were written for
DRAFT_KEYS = ("order_id", "category", "action", "department", "received_at", "deadline", "internal_result",
              "citizen_reply", "attachments", "revisit_unsuitable")
# Which findings answer which labelled evasion of a real reply.
EVASION_RULES = {
    "in_progress": {"forbidden-in-progress", "pending-wording"},
    "promised_only": {"forbidden-in-progress", "pending-wording"},
    "transfer": {"forbidden-transfer-phrase", "forwarded-only"},
    "suggest_transfer": {"forbidden-suggest-transfer"},
    "suggest_phone": {"forbidden-suggest-phone"},
    "bare_closure": {"forbidden-bare-closure"},
    # enforcement-basis-missing reports a basis that is absent (an element, labelled legal_basis: none), not
    # the vague-basis evasion: it neither catches nor raises an evasion.
    "vague_basis": {"vague-legal-basis"},
    "vague_plan_date": {"plan-date-vague"},
}
ALL_EVASION_RULES = set().union(*EVASION_RULES.values())


def split_ids(name: str = "test") -> set[str]:
    return set(json.loads((DATA / "split.json").read_text(encoding="utf-8")).get(name, []))


def chosen(paths: list[Path], split: str) -> list[Path]:
    if split == "all":
        return paths
    if split in ("test", "next"):
        held = split_ids(split)
        return [p for p in paths if p.stem in held]
    held = split_ids("test") | split_ids("next")
    return [p for p in paths if p.stem not in held]


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def check(data: dict, rules):
    from replycheck import clock
    from replycheck.engine import check_draft
    from replycheck.model import Draft

    with clock.fixed(TODAY):
        draft = Draft.model_validate({k: v for k, v in data.items() if k in DRAFT_KEYS})
        return check_draft(draft, rules)


def score_voices(paths: list[Path], rules, verbose: bool) -> dict:
    right = compliant = false_error = labelled = recalled = 0
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        findings = [f for f in check(data, rules) if f.severity.value in ("error", "warning") and f.waived is None]
        errors = [f for f in findings if f.severity.value == "error"]
        defects = data.get("defects") or []
        bad = bool(defects)
        right += bad == bool(errors)
        if not bad:
            compliant += 1
            false_error += bool(errors)
        missed = []
        for d in defects:
            labelled += 1
            if any(_related(f.clause, d["clause"]) for f in findings):
                recalled += 1
            else:
                missed.append(f"{d['clause']} {d['element']}")
        if verbose and (missed or (not bad and errors) or (bad and not errors)):
            extra = [f"{f.rule}({f.clause})" for f in errors if not any(_related(f.clause, d["clause"]) for d in defects)]
            print(f"  {path.stem}: 漏报 {missed or '-'}；多报 {extra or '-'}")
    n = len(paths)
    return {"drafts": n, "verdict": f"{right}/{n}", "verdict_rate": round(right / n, 3) if n else None,
            "clause_recall": round(recalled / labelled, 3) if labelled else None,
            "compliant_false_error": f"{false_error}/{compliant}"}


ELEMENT_LABELS = {  # label in real/*.json → (element, part) of the reading
    ("contact", "present"): ("contact", None), ("contact", "time"): ("contact", "time"),
    ("contact", "staff"): ("contact", "staff"), ("contact", "means"): ("contact", "means"),
    ("reply_time", "present"): ("reply_time", None), ("citizen_opinion", "present"): ("citizen_opinion", None),
}


def score_real(paths: list[Path], ruleset, verbose: bool) -> dict:
    from replycheck.model import Draft
    from replycheck.reading import read_draft

    tp = fp = fn = 0
    caught = total = false_alarms = 0
    # Per reply, whatever the kind: an evasive reply gets some evasion finding; a clean one gets none.
    evasive = evasive_flagged = clean = clean_flagged = 0
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        draft_data = {"category": data.get("category"), "action": "办结", "citizen_reply": data["reply"],
                      "internal_result": data["reply"]}
        from replycheck import clock

        with clock.fixed(TODAY):
            reading = read_draft(Draft.model_validate(draft_data), ruleset.lexicon)
        for (label, key), (element, part) in ELEMENT_LABELS.items():
            truth = bool(data["elements"].get(label, {}).get(key))
            el = reading.elements.get(element)
            got = bool(el and (el.parts[part].found if part and part in el.parts else
                               (el.status == "found" if part is None and element != "contact" else
                                bool(el.evidence))))
            tp += truth and got
            fp += got and not truth
            fn += truth and not got
            if verbose and truth != got:
                print(f"  {path.stem}: {label}.{key} 标注 {truth} 读出 {got}")
        found = {f.rule for f in check(draft_data, ruleset.rules)} & ALL_EVASION_RULES
        kinds = {e["kind"] for e in data.get("evasions") or []}
        expected = set().union(*(EVASION_RULES.get(k, set()) for k in kinds)) if kinds else set()
        # The labelled result says the same thing in other words: an unsettled or handed-on result.
        result = data["elements"].get("result")
        expected |= {"in_progress": EVASION_RULES["in_progress"], "promised_only": EVASION_RULES["in_progress"],
                     "transferred": EVASION_RULES["transfer"], "bare_closure": EVASION_RULES["bare_closure"]
                     }.get(result, set())
        for k in kinds:
            total += 1
            caught += bool(EVASION_RULES.get(k, set()) & found)
        alarms = found - expected
        false_alarms += bool(alarms)
        if kinds or result in ("in_progress", "promised_only", "transferred", "bare_closure"):
            evasive += 1
            evasive_flagged += bool(found)
        else:
            clean += 1
            clean_flagged += bool(found)
        if verbose and (alarms or any(not (EVASION_RULES.get(k, set()) & found) for k in kinds)):
            print(f"  {path.stem}: 规避 {sorted(kinds) or '-'}；报出 {sorted(found) or '-'}")
    return {"replies": len(paths),
            "element_precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "element_recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "evasions_caught": f"{caught}/{total}", "replies_with_false_alarm": false_alarms,
            "evasive_replies_flagged": f"{evasive_flagged}/{evasive}", "clean_replies_flagged": f"{clean_flagged}/{clean}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "next", "all"], default="dev")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from replycheck.rulebook import load_rules

    ruleset = load_rules()
    voices = chosen(sorted((DATA / "voices").glob("*.json")), args.split)
    real = chosen(sorted((DATA / "real").glob("*.json")), args.split)
    print(json.dumps({"split": args.split, "voices": score_voices(voices, ruleset.rules, args.verbose),
                      "real": score_real(real, ruleset, args.verbose)}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
