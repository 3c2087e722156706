"""The one PDF base every printable document uses: the bundled Nanum Gothic embedded (Hangul renders on any
reader), A4, page numbers, and a few building blocks (headings, paragraphs, bullets, key-value rows,
images from bytes)."""

from __future__ import annotations

import io
import logging
from datetime import datetime
from pathlib import Path
from typing import cast

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from desktop import i18n
from desktop.resources import BOLD_FONT, REGULAR_FONT, asset

# fontTools reports every hinting table it drops while subsetting the font; that is expected, not news.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

FAMILY = "NanumGothic"
INK = (29, 36, 51)
ACCENT = (31, 58, 95)
MUTED = (90, 98, 115)


class JikimiPDF(FPDF):
    def __init__(self, title: str, lang: str | None = None):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.lang = lang or i18n.current_language()
        self.doc_title = title
        self.add_font(FAMILY, "", str(asset("fonts", REGULAR_FONT)))
        self.add_font(FAMILY, "B", str(asset("fonts", BOLD_FONT)))
        self.set_title(title)
        self.set_creator("Jikimi")
        self.set_lang(self.lang)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.add_page()

    def header(self) -> None:
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"Jikimi 지킴이 · {self.doc_title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.page_no()} / {{nb}}", align="C")

    def heading(self, text: str, level: int = 1) -> None:
        sizes = {1: 18, 2: 14, 3: 12}
        self.ln(2 if level > 1 else 0)
        self.set_font(FAMILY, "B", sizes.get(level, 12))
        self.set_text_color(*ACCENT)
        self.multi_cell(0, sizes.get(level, 12) * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def paragraph(self, text: str, size: float = 10.5, muted: bool = False) -> None:
        self.set_font(FAMILY, "", size)
        self.set_text_color(*(MUTED if muted else INK))
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def bullets(self, items: list[str], size: float = 10.5, marker: str = "•") -> None:
        self.set_font(FAMILY, "", size)
        self.set_text_color(*INK)
        for item in items:
            self.cell(6, size * 0.5, marker)
            self.multi_cell(0, size * 0.5, item, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(0.8)
        self.ln(1)

    def checkbox_items(self, items: list[tuple[bool, str]], size: float = 10.5) -> None:
        """Printable tick boxes (drawn, since the font has no ballot-box glyph); ticked ones are crossed."""
        self.set_font(FAMILY, "", size)
        self.set_text_color(*INK)
        side = size * 0.32
        for done, text in items:
            x, y = self.get_x(), self.get_y()
            self.rect(x, y + 0.6, side, side)
            if done:
                self.line(x, y + 0.6, x + side, y + 0.6 + side)
                self.line(x, y + 0.6 + side, x + side, y + 0.6)
            self.set_x(x + 6)
            self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(0.8)
        self.ln(1)

    def keep_together(self, height_mm: float) -> None:
        """Start a new page unless ``height_mm`` still fits on this one (a record is not split across pages)."""
        if self.get_y() + height_mm > self.page_break_trigger:
            self.add_page()

    def key_values_height(self, rows: list[tuple[str, str]], key_width: float = 45, size: float = 9.5) -> float:
        return sum(self._row_height(key, value, key_width, size) for key, value in rows)

    def _row_height(self, key: str, value: str, key_width: float, size: float) -> float:
        line = size * 0.5
        self.set_font(FAMILY, "B", size)
        key_lines = len(cast(list, self.multi_cell(key_width, line, key, dry_run=True, output="LINES")))
        self.set_font(FAMILY, "", size)
        width = self.w - self.r_margin - self.l_margin - key_width
        value_lines = len(cast(list, self.multi_cell(width, line, value, dry_run=True, output="LINES")))
        return max(key_lines, value_lines) * line + 0.6

    def key_values(self, rows: list[tuple[str, str]], key_width: float = 45, size: float = 9.5) -> None:
        for key, value in rows:
            # The key and its value are written side by side from one y: both must land on the same page.
            self.keep_together(self._row_height(key, value, key_width, size))
            self.set_font(FAMILY, "B", size)
            self.set_text_color(*MUTED)
            y = self.get_y()
            self.multi_cell(key_width, size * 0.5, key, new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.set_xy(self.l_margin + key_width, y)
            self.set_font(FAMILY, "", size)
            self.set_text_color(*INK)
            self.multi_cell(0, size * 0.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(0.6)

    def image_bytes(self, data: bytes, width_mm: float = 30,
                    box: tuple[float, float, float, float] | None = None) -> None:
        """The picture at the cursor, ``width_mm`` wide; ``box`` (left, top, right, bottom in the picture's
        pixels): a face drawn boxed on it, as the results grid does."""
        x, y = self.get_x(), self.get_y()
        info = self.image(io.BytesIO(data), w=width_mm)
        pixels = float(info["w"])  # type: ignore[arg-type]
        if box is not None and pixels > 0:
            factor = width_mm / pixels
            left, top, right, bottom = (value * factor for value in box)
            with self.local_context(draw_color=(242, 184, 75), line_width=0.5):
                self.rect(x + left, y + top, right - left, bottom - top)
        self.ln(1)

    def generated_line(self) -> None:
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        self.paragraph(i18n.tr("pdf.generated", when=stamp), size=8.5, muted=True)

    def save(self, target: str | Path, exclusive: bool = False) -> Path:
        """Write the PDF to ``target``, completely or not at all (:func:`desktop.reports.output.save_bytes`).
        ``exclusive``: create the file, never replace one (``FileExistsError`` when it is already there)."""
        from desktop.reports.output import save_bytes

        return save_bytes(target, bytes(self.output()), exclusive=exclusive)


def padded_to(document: bytes, size: int) -> bytes:
    """``document`` grown to exactly ``size`` bytes (or left as it is when it is that size already), by an
    incremental update holding one unreferenced stream of random bytes: every reader ignores it, and the
    document still opens with the same password. Sealed files handed out together are padded to one size so
    that their sizes do not tell who has photos in their report."""
    import os
    import re

    if len(document) >= size:
        return document
    trailer_at = document.rfind(b"trailer")
    start_at = document.rfind(b"startxref")
    if trailer_at < 0 or start_at < trailer_at:
        raise ValueError("not a PDF with a classic trailer")
    trailer = document[trailer_at:start_at]
    size_match = re.search(rb"/Size (\d+)", trailer)
    previous_xref = re.search(rb"startxref\s+(\d+)", document[start_at:])
    if size_match is None or previous_xref is None:
        raise ValueError("not a PDF with a classic trailer")
    number = int(size_match.group(1))
    body = document if document.endswith(b"\n") else document + b"\n"

    dictionary = re.sub(rb"/Size \d+", b"/Size %d" % (number + 1), trailer[len(b"trailer"):].strip())
    dictionary = dictionary[:-2].rstrip() + b"\n/Prev %s\n>>" % previous_xref.group(1)

    def pieces(filler: int, spaces: int) -> tuple[bytes, bytes, bytes]:
        """The new object's head and foot around ``filler`` stream bytes, and the update's xref and trailer."""
        head = b"%d 0 obj\n<< /Length %d >>\nstream\n" % (number, filler)
        foot = b"\nendstream\nendobj\n"
        xref_at = len(body) + len(head) + filler + len(foot)
        tail = (b"xref\n%d 1\n%010d 00000 n \ntrailer\n" % (number, len(body)) + dictionary + b" " * spaces
                + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at)
        return head, foot, tail

    # The stream's length and the update's offset are written in digits, so the overhead grows with the filler;
    # where a digit is gained, a space after the trailer (past every offset) takes up the byte the filler cannot.
    for spaces in range(4):
        head, foot, tail = pieces(0, spaces)
        filler = size - len(body) - len(head) - len(foot) - len(tail)
        for candidate in range(filler, max(-1, filler - 16), -1):
            head, foot, tail = pieces(candidate, spaces)
            if len(body) + len(head) + candidate + len(foot) + len(tail) == size:
                return body + head + os.urandom(candidate) + foot + tail
    raise ValueError("the size is too small for the padding")
