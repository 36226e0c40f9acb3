"""The HTML report as a clerk sees it: rendered by headless Chromium, the page and its charts are not blank.

Skipped when Chromium is not installed (.ci/run installs it in CI). The screenshot is decoded with
zlib and struct only, so the test needs no imaging library.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from conftest import EXAMPLES

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def _chromium() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name) if not name.startswith("/") else (name if Path(name).exists() else None)
        if found:
            return found
    return None


def _add(a: bytes, b: bytes, low: int, high: int) -> bytes:
    """Byte-wise (a + b) mod 256 on whole rows at once, with big-integer arithmetic."""
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    return (((x & low) + (y & low)) ^ ((x ^ y) & high)).to_bytes(len(a), "big")


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows) for an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, f"unexpected PNG format {header}"
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    low, high = int.from_bytes(b"\x7f" * stride, "big"), int.from_bytes(b"\x80" * stride, "big")
    rows, prev = [], bytes(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
        if kind == 0:
            row = line
        elif kind == 2:
            row = _add(line, prev, low, high)
        else:
            out = bytearray(stride)
            for i in range(stride):
                left = out[i - bpp] if i >= bpp else 0
                up, corner = prev[i], (prev[i - bpp] if i >= bpp else 0)
                if kind == 1:
                    pred = left
                elif kind == 3:
                    pred = (left + up) // 2
                else:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                out[i] = (line[i] + pred) & 0xFF
            row = bytes(out)
        rows.append(row)
        prev = row
    return width, height, bpp, rows


def _pixels_of(rows: list[bytes], bpp: int, rgb: str, top: int, bottom: int) -> int:
    colour = bytes.fromhex(rgb.lstrip("#"))
    count = 0
    for row in rows[top:bottom]:
        pixels = row if bpp == 3 else b"".join(row[i:i + 3] for i in range(0, len(row), 4))
        start = pixels.find(colour)
        while start != -1:
            if start % 3 == 0:
                count += 1
            start = pixels.find(colour, start + 1)
    return count


def test_html_report_renders_in_chromium(tmp_path, cli):
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium; .ci/run does this when CI=true)")
    from replycheck.report.html import BAR_CLAUSE, BAR_DEPARTMENT

    page, png = tmp_path / "报告.html", tmp_path / "shot.png"
    code, _, _ = cli(str(EXAMPLES), "--format", "html", "-o", str(page))
    assert code == 1
    proc = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1200,1600",
         page.resolve().as_uri()],
        capture_output=True, timeout=120)
    assert png.is_file(), f"Chromium wrote no screenshot (exit {proc.returncode}): {proc.stderr[-800:]!r}"

    width, height, bpp, rows = decode_png(png.read_bytes())
    assert (width, height) == (1200, 1600)
    colours = set()
    for row in rows[::8]:
        colours.update(row[i:i + 3] for i in range(0, len(row), bpp * 4))
    assert len(colours) > 20, f"the page looks blank ({len(colours)} colours)"
    # The charts sit near the top: both bar colours must be there, in quantity.
    assert _pixels_of(rows, bpp, BAR_DEPARTMENT, 0, height // 2) > 2000
    assert _pixels_of(rows, bpp, BAR_CLAUSE, 0, height // 2) > 2000


def _has_cjk_font() -> bool:
    fc = shutil.which("fc-list")
    if fc is None:
        return True  # cannot tell: the rendering itself is the judge
    out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True, timeout=60).stdout
    return bool(out.strip())


def _cell(rows: list[bytes], bpp: int, x: int, y: int, size: int) -> bytes:
    """The RGB pixels of a size×size square at (x, y)."""
    out = []
    for row in rows[y:y + size]:
        line = row[x * bpp:(x + size) * bpp]
        out.append(line if bpp == 3 else b"".join(line[i:i + 3] for i in range(0, len(line), 4)))
    return b"".join(out)


def test_chinese_text_renders_as_glyphs_not_boxes(tmp_path):
    """A clerk reads Chinese in the report: with no CJK font, Chromium draws every character as the same
    empty box (.notdef). Three different characters must come out as three different pictures, each unlike
    the box a character that no font has (U+F0000, private use) is drawn as, and each with ink."""
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium; .ci/run does this when CI=true)")
    if not _has_cjk_font():
        pytest.skip("no Chinese font installed (apt-get install -y fonts-noto-cjk; .ci/run does this when CI=true)")
    from replycheck.report.html import CSS

    size, chars = 80, ["城", "建", "科", "\U000f0000"]
    cells = "".join(f'<div style="position:absolute;left:{i * 100}px;top:0;width:{size}px;height:{size}px;'
                    f'font-size:56px;line-height:{size}px;color:#000">{c}</div>' for i, c in enumerate(chars))
    page, png = tmp_path / "glyphs.html", tmp_path / "glyphs.png"
    page.write_text(f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{CSS}'
                    f"body{{margin:0;padding:0;background:#fff}}</style></head><body>{cells}</body></html>",
                    encoding="utf-8")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=800,300",
                    page.resolve().as_uri()], capture_output=True, timeout=120)
    assert png.is_file(), "Chromium wrote no screenshot"
    _, _, bpp, rows = decode_png(png.read_bytes())
    pictures = [_cell(rows, bpp, i * 100, 0, size) for i in range(len(chars))]
    white = b"\xff\xff\xff" * (size * size)
    for char, picture in zip(chars[:3], pictures):
        assert picture != white, f"“{char}” left no ink"
        assert picture != pictures[3], f"“{char}” is drawn as the missing-glyph box: no Chinese font is used"
    assert len(set(pictures[:3])) == 3, "城、建、科 look alike: they are boxes, not glyphs"
