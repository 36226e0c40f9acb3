"""A synthetic corpus of reply drafts for the benchmark: realistic .docx files, fast to make in thousands.

The texts come from the project's own drafts (examples/*.json, tests/data/natural, tests/data/defects):
compliant and defective drafts of every category and action. Each is laid out in the five layouts the
examples use (two-column table, four-column table, “标签：内容” paragraphs, heading + paragraphs, label
above value), a third of them with an embedded picture, and padded with a few realistic sentences.

python-docx builds those few hundred *masters*; the thousands of files are stamped from them, each with
its own work-order number, dates shifted by a few days and other village names, by rewriting only
``word/document.xml`` in a copy of the master's zip (the other parts are copied as they are).
"""

from __future__ import annotations

import io
import json
import random
import re
import struct
import zlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "examples", ROOT / "tests" / "data" / "natural", ROOT / "tests" / "data" / "defects"]

LABELS = [
    ("order_id", "工单编号"), ("category", "工单类型"), ("action", "办理类型"), ("department", "承办科室"),
    ("received_at", "接单时间"), ("deadline", "办理时限"), ("internal_result", "办理结果（内部可见）"),
    ("citizen_reply", "回复市民时间及内容（市民可见）"), ("attachments", "附件"),
]
LAYOUTS = ("label_right", "four_columns", "inline", "headings", "label_above")
VILLAGES_IN_SOURCES = ("杨家泊村", "东河筒村", "西河筒村", "付庄村")
VILLAGES = ("后沽村", "前沽村", "腰坨村", "高庄村", "大辛村", "小王庄村", "马棚口村", "刘岗庄村", "张庄村",
            "北辛庄村", "南辛庄村", "东坨村", "西坨村", "李家房子村", "郭庄子村", "大苏庄村")
# Neutral sentences a clerk adds to the internal result; they change no verdict on their own.
PADDING = (
    "现场查看时，周边道路通行正常，未发现其他安全隐患。",
    "承办科室已将本次处置情况录入工单台账，相关记录留档备查。",
    "处置过程中，村委会干部全程配合，协助做好周边群众的解释工作。",
    "经与村委会核实，该区域近期未收到同类问题的其他反映。",
    "本次处置共出动工作人员3人次、车辆1台次，处置期间未影响周边群众正常生产生活。",
    "承办科室同步对辖区内同类设施进行了排查，排查中未发现类似情况。",
    "针对此类问题，承办科室已在村务公开栏张贴告示，提醒村民注意安全、爱护公共设施。",
    "相关处置影像资料和现场记录已整理归档，可随时调阅。",
)
_ORDER = re.compile(r"BH\d{13}")
_DAY = re.compile(r"(?<![0-9])3月(\d{1,2})日|2026-03-(\d{2})")


def _png(width: int = 96, height: int = 64) -> bytes:
    """A small gradient PNG, standing in for a site photo."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(v for x in range(width) for v in (x * 255 // width, y * 255 // height, 128))
                   for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def base_drafts() -> list[dict]:
    """Every single-draft JSON file the project ships, in a stable order."""
    drafts = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                data["_name"] = path.stem
                drafts.append(data)
    return drafts


def _rows(draft: dict) -> list[tuple[str, str]]:
    rows = []
    for key, label in LABELS:
        value = draft.get(key)
        if key == "attachments":
            names = [a["name"] if isinstance(a, dict) else str(a) for a in value or []]
            value = "\n".join(f"{i}.{n}" for i, n in enumerate(names, 1)) or "无"
        if value in (None, ""):
            continue
        rows.append((label, str(value)))
    return rows


def _lines(cell, value: str) -> None:
    lines = value.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def build_master(draft: dict, layout: str, picture: bool, padding: int) -> bytes:
    """One .docx, as Word users lay it out, made with python-docx."""
    from docx import Document
    from docx.shared import Cm

    draft = dict(draft)
    if padding:
        extra = "".join(PADDING[(len(draft.get("internal_result", "")) + k) % len(PADDING)] for k in range(padding))
        draft["internal_result"] = (draft.get("internal_result") or "") + "\n" + extra
    rows = _rows(draft)
    doc = Document()
    doc.add_heading("杨家泊镇便民专线工单办理结果反馈单", level=1)
    short = [r for r in rows if len(r[1]) < 30 and "\n" not in r[1]]
    long = [r for r in rows if r not in short]
    if layout == "label_right":
        table = doc.add_table(rows=0, cols=2)
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text = label
            _lines(cells[1], value)
    elif layout == "four_columns":
        table = doc.add_table(rows=0, cols=4)
        for i in range(0, len(short), 2):
            cells = table.add_row().cells
            for j, (label, value) in enumerate(short[i:i + 2]):
                cells[2 * j].text = label
                cells[2 * j + 1].text = value
        for label, value in long:
            cells = table.add_row().cells
            cells[0].text = label
            _lines(cells[1].merge(cells[3]), value)
    elif layout == "inline":
        for label, value in rows:
            lines = value.split("\n")
            doc.add_paragraph(f"{label}：{lines[0]}")
            for line in lines[1:]:
                doc.add_paragraph(line)
    elif layout == "headings":
        for label, value in rows:
            doc.add_paragraph().add_run(label.replace("（", "(").replace("）", ")")).bold = True
            for line in value.split("\n"):
                doc.add_paragraph(line)
    elif layout == "label_above":
        table = doc.add_table(rows=2, cols=len(short))
        for i, (label, value) in enumerate(short):
            table.cell(0, i).text = label
            table.cell(1, i).text = value
        for label, value in long:
            a = table.add_row().cells
            a[0].merge(a[-1]).text = label
            b = table.add_row().cells
            _lines(b[0].merge(b[-1]), value)
    else:  # pragma: no cover
        raise ValueError(layout)
    if picture:
        doc.add_paragraph("现场照片：")
        doc.add_paragraph().add_run().add_picture(io.BytesIO(_png()), width=Cm(4))
    doc.add_paragraph("填报人：　　　　　　审核人：　　　　　　填报日期：")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@dataclass
class Master:
    name: str
    skeleton: bytes  # the .docx without word/document.xml
    document: str  # word/document.xml, to be stamped
    order_id: str
    days: tuple[int, int]  # smallest and largest day of March written in the draft


def _split(docx: bytes) -> tuple[bytes, str]:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        document = src.read("word/document.xml").decode("utf-8")
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info), compress_type=info.compress_type)
    return out.getvalue(), document


def masters(limit: int | None = None) -> list[Master]:
    drafts = base_drafts()
    out: list[Master] = []
    k = 0
    for layout_no, layout in enumerate(LAYOUTS):
        for draft_no, draft in enumerate(drafts):
            picture = k % 3 == 0
            padding = (0, 2, 4, 7)[(draft_no + layout_no) % 4]
            skeleton, document = _split(build_master(draft, layout, picture, padding))
            days = [int(a or b) for a, b in _DAY.findall(document)] or [10]
            out.append(Master(f"{draft['_name']}-{layout}{'-pic' if picture else ''}", skeleton, document,
                              draft.get("order_id") or "", (min(days), max(days))))
            k += 1
            if limit and k >= limit:
                return out
    return out


def stamp(master: Master, i: int) -> bytes:
    """The ``i``-th variant of a master: its own order number, dates and villages."""
    rnd = random.Random(i)
    low, high = master.days
    shift = rnd.randint(1 - low, max(1 - low, 28 - high))
    day = lambda d: d + shift if 1 <= d + shift <= 28 and d <= 28 else d  # noqa: E731

    def redate(m: re.Match) -> str:
        if m.group(1):
            return f"3月{day(int(m.group(1)))}日"
        return f"2026-03-{day(int(m.group(2))):02d}"

    xml = _DAY.sub(redate, master.document)
    order = f"BH202603{rnd.randint(1, 28):02d}{i % 100000:05d}"
    xml = _ORDER.sub(order, xml)
    villages = rnd.sample(VILLAGES, len(VILLAGES_IN_SOURCES))
    for old, new in zip(VILLAGES_IN_SOURCES, villages):
        xml = xml.replace(old, new)
    buf = io.BytesIO(master.skeleton)
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml.encode("utf-8"))
    return buf.getvalue()


def make_corpus(folder: Path, count: int, ms: list[Master], start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        m = ms[i % len(ms)]
        path = folder / f"{i:05d}-{m.name}.docx"
        path.write_bytes(stamp(m, i))
        paths.append(path)
    return paths


def json_draft(i: int = 7) -> str:
    """One JSON draft, varied the same way as the .docx ones."""
    drafts = base_drafts()
    data = {k: v for k, v in drafts[i % len(drafts)].items() if not k.startswith("_")}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    for old, new in zip(VILLAGES_IN_SOURCES, VILLAGES):
        text = text.replace(old, new)
    return text
