"""The family report files of a class are padded to one size: every size asked for is reached exactly, across
the sizes where the padding's numbers gain a digit, and the file still opens as it did."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from fpdf import FPDF

from desktop.reports.pdf import padded_to


def small_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(text="hello")
    return bytes(pdf.output())


@pytest.mark.parametrize("start", [2_000, 9_900, 99_900, 999_900])
def test_every_size_is_reached_exactly_even_where_a_number_gains_a_digit(start):
    document = small_pdf()
    sizes = range(start, start + 400)
    assert [len(padded_to(document, size)) for size in sizes] == list(sizes)


def test_a_padded_file_still_reads_as_before(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "padded.pdf"
    path.write_bytes(padded_to(small_pdf(), 100_182))
    read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert read.returncode == 0 and read.stdout.strip() == "hello" and read.stderr == ""
    assert path.stat().st_size == 100_182
