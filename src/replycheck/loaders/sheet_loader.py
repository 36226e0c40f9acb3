"""Platform exports: an .xlsx workbook or a .csv file with one work order per row.

A header row names the columns with the notice's labels or their synonyms (rules/labels.yaml), in any
order; other columns (caller, address, status…) are ignored, the citizen's request is kept as context.
Each row below it is a draft, located in every report by its sheet and row. openpyxl is imported here
only, and reads the workbook in read-only mode after the zip guard has checked the archive.
"""

from __future__ import annotations

import zipfile
import zlib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from replycheck.errors import InputError
from replycheck.loaders.common import max_chars_for, read_limited
from replycheck.loaders.form import attachments_from
from replycheck.loaders.labels import field_for_key
from replycheck.model import Draft, Location

Loaded = Union[Draft, InputError]
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header row
MAX_COLUMNS = 500


def _header(cells: list[Any]) -> dict[int, tuple[str, str]]:
    """Column → (field, header as written) for the cells that name a field."""
    columns: dict[int, tuple[str, str]] = {}
    seen: set[str] = set()
    for i, cell in enumerate(cells[:MAX_COLUMNS]):
        if not isinstance(cell, str) or not cell.strip():
            continue
        name = field_for_key("".join(cell.split()))
        if name is not None and name not in seen:  # a second column of the same name is ignored
            seen.add(name)
            columns[i] = (name, cell.strip())
    return columns


def _value(cell: Any) -> Any:
    if isinstance(cell, datetime):
        return cell
    if isinstance(cell, date):
        return datetime(cell.year, cell.month, cell.day)
    if isinstance(cell, time):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a work-order number typed as a number
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return str(cell)
    return cell


def _drafts(rows: Iterable[tuple[int, list[Any]]], source: str, sheet: Optional[str], *, max_bytes: int,
            first_index: int) -> Iterator[Loaded]:
    """Drafts from one sheet's rows (row number, cells); nothing at all when the sheet is empty."""
    columns: dict[int, tuple[str, str]] = {}
    place = f"工作表“{sheet}”" if sheet else ""
    index = first_index
    looked = 0
    for number, cells in rows:
        if not columns:
            if not any(isinstance(c, str) and c.strip() for c in cells):
                continue
            columns = _header(cells)
            if len([1 for name, _ in columns.values() if name != "request"]) < 2:
                columns = {}
                looked += 1
                if looked >= HEADER_SEARCH_ROWS:
                    break
            continue
        values = {name: _value(cells[i]) if i < len(cells) else None for i, (name, _) in columns.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue  # a blank row
        yield _row_draft(values, columns, source, sheet, number, index, max_bytes)
        index += 1
    if looked and not columns:
        labels = "工单编号、工单类型、办理结果（内部可见）、回复市民时间及内容（市民可见）"
        yield InputError(source, f"{place}前 {looked} 行中没有认出表头（如 {labels}）",
                         "请让第一行是列名，列名用通知中的栏目名称；本单位的叫法可以加到 rules/labels.yaml")


def _row_draft(values: dict[str, Any], columns: dict[int, tuple[str, str]], source: str, sheet: Optional[str],
               number: int, index: int, max_bytes: int) -> Loaded:
    from replycheck.loaders.common import build_draft

    what = (f"工作表“{sheet}”第{number}行" if sheet else f"第{number}行") + "："
    locations = {name: Location(kind="row", sheet=sheet, row=number, column=header)
                 for name, header in columns.values()}
    attachments = values.pop("attachments", None)
    if isinstance(attachments, str):
        values["attachments"] = attachments_from(attachments.replace("；", "\n").replace(";", "\n"))
    elif attachments is not None:
        values["attachments"] = attachments
    try:
        return build_draft(values, source=source, index=index, locations=locations, what=what,
                           max_chars=max_chars_for(max_bytes))
    except InputError as exc:
        return exc


def _load_xlsx(path: Path, source: str, max_bytes: int) -> list[Loaded]:
    from replycheck.loaders.zipguard import check_entries, check_sizes

    fix = "请用 Excel 或 WPS 打开后重新另存为 .xlsx"
    with path.open("rb") as fh:
        head = fh.read(8)
        if not head:
            raise InputError(source, "文件是空的（0 字节）", "请重新导出该表格")
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError(source, "这是旧版 Excel 97-2003（.xls）或加密的表格，不是 .xlsx", fix)
        if not head.startswith(b"PK"):
            raise InputError(source, "文件不是 .xlsx 格式（不是 zip 压缩包）", fix)
        fh.seek(0)
        check_entries(fh, source, ".xlsx", fix)
        try:
            with zipfile.ZipFile(fh) as zf:
                check_sizes(zf, source, max_bytes)
                if "xl/workbook.xml" not in zf.namelist():
                    raise InputError(source, "压缩包中没有 Excel 工作簿（xl/workbook.xml），不是有效的 .xlsx 文件", fix)
        except zipfile.BadZipFile:
            raise InputError(source, "文件已损坏或不完整，无法解压", fix) from None
    import openpyxl

    out: list[Loaded] = []
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        try:
            for ws in workbook.worksheets:
                rows = ((r, list(cells)) for r, cells in enumerate(ws.iter_rows(values_only=True), start=1))
                out.extend(_drafts(rows, source, ws.title, max_bytes=max_bytes, first_index=len(out)))
        finally:
            workbook.close()
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise InputError(source, f"表格已损坏或无法读取（{type(exc).__name__}）", fix) from None
    except Exception as exc:  # openpyxl's own parse errors have no common base class
        raise InputError(source, f"表格无法读取（{type(exc).__name__}）", fix) from None
    if not out:
        raise InputError(source, "表格中没有任何工单", "请确认导出的是工单明细（每行一个工单，第一行是列名）")
    return _sheets_without_header_as_notes(out)


def _sheets_without_header_as_notes(items: list[Loaded]) -> list[Loaded]:
    """A sheet without a header beside sheets of work orders is a note (说明, 汇总): said once, not an error.
    A workbook with no work-order sheet at all keeps the errors."""
    drafts = [i for i in items if isinstance(i, Draft)]
    headerless = [i for i in items if isinstance(i, InputError) and "没有认出表头" in i.problem]
    if not drafts or not headerless:
        return items
    drafts[0].notes.extend(f"{e.problem}，未检查该工作表" for e in headerless)
    return [i for i in items if i not in headerless]


def _csv_rows(text: str) -> Iterator[tuple[int, list[Any]]]:
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _load_csv(path: Path, source: str, max_bytes: int) -> list[Loaded]:
    import csv

    from replycheck.loaders.json_loader import decode

    raw = read_limited(path, source, max_bytes)
    if not raw.strip():
        raise InputError(source, "文件是空的", "请重新导出工单明细（每行一个工单，第一行是列名）")
    text, encoding = decode(raw, source, "CSV")
    csv.field_size_limit(max(max_chars_for(max_bytes), 131072))
    try:
        out = list(_drafts(_csv_rows(text), source, None, max_bytes=max_bytes, first_index=0))
    except csv.Error as exc:
        raise InputError(source, f"CSV 格式有误（{str(exc)[:60]}）", "请从平台重新导出，或用 Excel 另存为 .csv") from None
    if not out:
        raise InputError(source, "表格中没有任何工单", "请确认导出的是工单明细（每行一个工单，第一行是列名）")
    if encoding:
        for item in out:
            if isinstance(item, Draft):
                item.notes.append(f"文件按 {encoding} 编码读取")
    return out


def load(path: Path, *, max_bytes: int) -> list[Loaded]:
    source = str(path)
    if path.suffix.lower() == ".csv":
        return _load_csv(path, source, max_bytes)
    return _load_xlsx(path, source, max_bytes)
