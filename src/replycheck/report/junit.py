"""JUnit XML for CI dashboards: one test suite, one test case per draft; a failing draft lists its findings."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from replycheck.model import Severity
from replycheck.report.common import provenance, shower, where, xml_safe
from replycheck.report.terminal import verdict


def _name(r) -> str:
    name = r.path + (f" 第{r.index + 1}份" if r.index else "")
    return f"{name} {r.order_id}" if r.order_id else name


def _finding_line(f, show) -> str:
    waived = f"（已豁免：{f.waived}）" if f.waived else ""
    line = f"[{f.severity.label}] 第{f.clause}条 {f.title}（{f.rule}） {where(f)}：{f.message}{waived}"
    if f.excerpt:
        line += f"\n    原文：“{show(f.excerpt)}”"
    if f.hint and not f.waived:
        line += f"\n    建议：{f.hint}"
    return line


def _testcase(suite: ET.Element, r, show, fail_on: Severity) -> None:
    case = ET.SubElement(suite, "testcase", classname=xml_safe(r.department or r.path), name=xml_safe(_name(r)),
                         file=xml_safe(r.path), time="0")
    if r.skipped:
        ET.SubElement(case, "skipped", message=xml_safe(f"已跳过：{r.skipped}"))
        return
    if r.error:
        error = ET.SubElement(case, "error", message=xml_safe(show(r.error)), type="unreadable")
        error.text = xml_safe(show(r.error))
        return
    blocking = r.blocking(fail_on)
    lines = [f"提示：{n}" for n in r.notes] + [_finding_line(f, show) for f in r.findings]
    if blocking:
        first = blocking[0]
        counted = "个错误" if fail_on == Severity.error else "个问题（错误或警告）"
        failure = ET.SubElement(case, "failure", type=first.rule,
                                message=xml_safe(f"{len(blocking)} {counted}：第{first.clause}条 {first.title}：{first.message}"))
        failure.text = xml_safe("\n".join(lines))
    elif lines:
        out = ET.SubElement(case, "system-out")
        out.text = xml_safe("\n".join(lines))


def render(results, meta) -> str:
    show = shower(meta)
    errors = sum(1 for r in results if r.error)
    skipped = sum(1 for r in results if r.skipped)
    failures = sum(1 for r in results if not r.error and not r.skipped and not r.passes(meta.fail_on))
    attrs = {"name": "replycheck", "tests": str(len(results)), "failures": str(failures),
             "errors": str(errors), "skipped": str(skipped), "time": "0"}
    root = ET.Element("testsuites", attrs)
    suite = ET.SubElement(root, "testsuite", attrs)
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="replycheck.version", value=meta.version)
    ET.SubElement(props, "property", name="replycheck.rules", value=meta.rules_digest)
    ET.SubElement(props, "property", name="replycheck.fail_on", value=meta.fail_on.value)
    for r in results:
        _testcase(suite, r, show, meta.fail_on)
    out = ET.SubElement(suite, "system-out")
    out.text = xml_safe(f"{verdict(results, meta.fail_on)}（{provenance(meta)}）")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
