"""Reply skeletons: every element the notice asks for, in its order, as a sentence with 【】 blanks.

``replycheck template --category 办理 --action 办结 --kind 报修 -o 回复.docx`` writes one. Each blank
is a placeholder such as 【联系时间】; the rule ``placeholder-unfilled`` flags every blank left, so a
skeleton checked as it is fails once per blank, and one filled in with real facts passes.

The builders are pure: :func:`skeleton` gives the fields (Chinese labels → text), :func:`fill` puts
values in, :func:`to_json` and :func:`to_docx` write a file.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from replycheck import programs
from replycheck.model import FIELD_LABELS, Action, Category

PLACEHOLDER = programs.pattern(r"【([^【】\n]{1,20})】")
TITLE = "杨家泊镇便民专线工单办理结果反馈单"


class Kind(str, Enum):
    协调 = "协调"
    执法 = "执法"
    报修 = "报修"
    调解 = "调解"


def _label(name: str) -> str:
    return FIELD_LABELS[name][0]


CONTACT = "【联系时间】，【科室名称】工作人员【承办人员】通过【联系方式】联系反映人，了解到反映人诉求为：【诉求内容】。"

# Clause 3.2 (and 3.2.2–3.2.4): what was done, by category and, for 办理, by kind.
PROCESS: dict[str, list[str]] = {
    "咨询": [],
    "办理": ["【调查时间】，【承办人员】到现场调查核实，【办理过程】。"],
    "协调": ["【调查时间】，【承办人员】会同【协办单位】到现场查看，【现场情况】。",
             "【协调时间】，【科室名称】组织【参会各方】召开专题协调会，经协调，【协调结果】。"],
    "执法": ["【执法时间】，执法人员【执法人员】到达现场检查，经查，【检查情况】。",
             "依据《【法律法规名称】》【条款】，【执法措施】。"],
    "报修": ["【到达现场时间】，【承办人员】带领【维修人员】到达现场处置，经排查，【故障原因】。",
             "【维修措施】，【修复时间】修复完毕。"],
    "调解": ["【调解时间】，【调解组织】组织双方当事人面对面调解，双方达成一致：【调解协议内容】，并签订人民调解协议书。"],
    "投诉": ["【调查时间】，【承办人员】到现场调查核实，经核实，反映情况【核实结论】：【调查情况】。"],
    "建议": ["【研究时间】，【承办人员】到现场查看，经【科室名称】研究，该建议【是否采纳】。"],
}
PROCESS["举报"] = PROCESS["投诉"]

# Clause 3.3.1–3.3.4: the definite result.
RESULT: dict[str, list[str]] = {
    "咨询": ["承办人【承办人员】依据《【政策文件名称】》【条款】向反映人解答，该文件规定：【政策文件相应内容】。",
             "经查询，【答复结论】。"],
    "办理": ["【复查情况】，问题已经解决。"],
    "投诉": ["【处罚决定或事实依据】。"],
    "建议": ["【计划安排或不采纳原因】。"],
}
RESULT["举报"] = RESULT["投诉"]

SEAL = "本反馈结果已加盖【科室名称】印章，电子版已同步提交。"

REPLY = {
    "办结": "【回复时间】，【承办人员】通过【联系方式】回复市民：【办理结果】。市民对办理结果【市民意见】。",
    "延期": "【回复时间】，【承办人员】通过【联系方式】告知市民：【延期原因及目前处置情况】，已申请延期至【延期后日期】。"
            "市民对延期原因【市民意见】。",
    "退单": "【回复时间】，【承办人员】通过【联系方式】告知市民：【退单原因说明】，我单位已申请退单。市民【市民意见】。",
}

EXTENSION = ["情况说明：【延期原因】，无法在办理时限内办结。",
             "初步解决方案：【解决方案及时间节点】。申请延期至【延期后日期】。",
             "本次延期申请已于【审批时间】经【分管领导】审批同意。"]

RETURN = ["退单理由：" + CONTACT, "【退单理由】。",
          "政策依据：依据《【政策文件名称】》【条款】，【不属本单位职责的依据】。",
          "转派意见：建议转派至【建议承办单位】，由其【建议处理事项】。"]

# Evidence the notice asks for (3.3.2), by kind; 延期 carries its 情况说明.
NEEDS_ATTACHMENT = {"报修", "调解", "协调", "执法", "投诉", "举报", "延期"}


def internal_lines(category: Category, action: Action, kind: Optional[Kind] = None) -> list[str]:
    """The internal result, one sentence group a line, in the notice's order."""
    if action == Action.退单:
        return [*RETURN, SEAL]
    key = kind.value if (category == Category.办理 and kind) else category.value
    lines = [CONTACT, *PROCESS[key]]
    if action == Action.延期:
        lines += EXTENSION
    else:
        lines += RESULT[category.value]
    return [*lines, SEAL]


def skeleton(category: Category, action: Action, kind: Optional[Kind] = None) -> dict[str, object]:
    """The draft's fields under their contract labels, every value to fill in a 【】 blank."""
    data: dict[str, object] = {
        _label("order_id"): "【编号】",
        _label("category"): category.value,
        _label("action"): action.value,
        _label("department"): "【科室名称】",
        _label("received_at"): "【接单日期】",
        _label("deadline"): "【截止日期】",
        _label("internal_result"): "\n".join(internal_lines(category, action, kind)),
        _label("citizen_reply"): REPLY[action.value],
    }
    needs = {action.value, category.value, kind.value if kind and category == Category.办理 else ""}
    data[_label("attachments")] = ["【附件名称】"] if needs & NEEDS_ATTACHMENT and action != Action.退单 else []
    return data


def placeholders(data: dict[str, object]) -> list[str]:
    """Every blank, in order, repeats included: one finding each when left unfilled."""
    out: list[str] = []
    for value in data.values():
        for text in (value if isinstance(value, list) else [value]):
            out += PLACEHOLDER.findall(str(text))
    return out


def fill_text(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def fill(data: dict[str, object], values: dict[str, str]) -> dict[str, object]:
    """A copy of ``data`` with the blanks named in ``values`` (name without 【】 → text) filled in."""
    out: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, list):
            out[key] = [fill_text(str(v), values) for v in value]
        else:
            out[key] = fill_text(str(value), values)
    return out


def to_json(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_docx(data: dict[str, object], path: Path) -> None:
    """A Word file: a title and a two-column table, labels left, values right (one paragraph a line)."""
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    rows = [(k, v) for k, v in data.items() if not (isinstance(v, list) and not v)]
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows):
        row.cells[0].text = label
        lines = [str(v) for v in value] if isinstance(value, list) else str(value).split("\n")
        cell = row.cells[1]
        cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph().add_run(line)
    document.save(str(path))


class OutputFormat(str, Enum):
    docx = "docx"
    json = "json"


def _output_problem(output: Path, force: bool) -> str | None:
    """Why the template cannot be written to ``output`` (one line), checked before anything is written:
    a folder, a pipe or device (writing would wait forever), a missing folder, or an existing file."""
    import stat

    try:
        st = output.stat()
    except FileNotFoundError:
        parent = output.parent
        if not parent.is_dir():
            return f"{output} 所在的文件夹 {parent} 不存在；请先建好文件夹，或换一个路径"
        return None
    except OSError as exc:
        from replycheck.errors import os_reason

        return f"无法写入 {output}（{os_reason(exc)}）；请换一个文件名或文件夹"
    if stat.S_ISDIR(st.st_mode):
        return f"{output} 是一个文件夹；请在 -o 后写模板的文件名，如 {output / '回复模板.docx'}"
    if not stat.S_ISREG(st.st_mode):
        return f"{output} 不是普通文件（可能是管道或设备）；请换一个文件名"
    if not force:
        return f"{output} 已存在；加 --force 覆盖"
    return None


def command(
    category: Category = typer.Option(..., "--category", "-c", help="工单类型：咨询、办理、投诉、举报、建议"),
    action: Action = typer.Option(Action.办结, "--action", "-a", help="办理类型：办结、退单、延期"),
    kind: Optional[Kind] = typer.Option(None, "--kind", "-k", help="办理类问题的种类：协调、执法、报修、调解"),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help="docx 或 json（默认按输出文件扩展名）"),
    output: Path = typer.Option(..., "--output", "-o", help="写入的模板文件"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的文件"),
) -> None:
    """生成回复模板：按通知要求的顺序列出每个要素，待填内容用【】标出。"""
    if kind is not None and category != Category.办理:
        typer.echo("replycheck：--kind 只适用于办理类工单", err=True)
        raise typer.Exit(2)
    chosen = fmt or (OutputFormat.json if output.suffix.lower() == ".json" else OutputFormat.docx)
    problem = _output_problem(output, force)
    if problem:
        typer.echo(f"replycheck：{problem}", err=True)
        raise typer.Exit(2)
    data = skeleton(category, action, kind)
    try:
        if chosen == OutputFormat.json:
            output.write_text(to_json(data), encoding="utf-8")
        else:
            to_docx(data, output)
    except OSError as exc:
        from replycheck.errors import os_reason

        typer.echo(f"replycheck：无法写入 {output}（{os_reason(exc)}）；请换一个文件名或文件夹", err=True)
        raise typer.Exit(2)
    typer.echo(f"已生成模板 {output}（{len(placeholders(data))} 处待填写，填写后用 replycheck {output.name} 检查）", err=True)
