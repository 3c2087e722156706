"""The printable checklist embeds the Hangul font and carries every platform, in both languages."""

import shutil
import subprocess

import pytest

from desktop.core import guidance
from desktop.reports.checklist_pdf import write_checklist_pdf

needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) not installed")


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_checklist_pdf_embeds_nanum_gothic_and_lists_every_platform(tmp_path, lang):
    target = write_checklist_pdf(tmp_path / f"checklist-{lang}.pdf", lang, {"instagram.private_account"}, "Minji")
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    assert "NanumGothic" in fonts
    for line in fonts.splitlines()[2:]:
        assert " yes " in line  # embedded
    text = " ".join(pdf_text(target).split())
    for platform in guidance.checklist(lang):
        assert platform.name in text
    if lang == "ko":
        assert "계정을 비공개로 바꾸세요" in text and "디지털성범죄피해자지원센터" in text
        assert "1366" in text
    else:
        assert "Make your account private" in text and "Checklist of: Minji" in text


@needs_poppler
def test_checklist_pdf_page_renders_hangul(tmp_path):
    target = write_checklist_pdf(tmp_path / "ko.pdf", "ko")
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(target), str(tmp_path / "page")],
                   check=True)
    from PIL import Image

    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = page.point(lambda value: 255 if value < 128 else 0).histogram()[255]
    assert dark > 1000  # text is drawn, not an empty page


def test_cli_writes_a_blank_checklist_and_one_with_a_persons_ticks(tmp_path, capsys):
    from desktop import paths
    from desktop.app import main
    from desktop.store.checklist import ChecklistRepository
    from desktop.store.workspace import open_workspace

    home = str(tmp_path / "home")
    assert main(["--data-dir", home, "person", "add", "Minji", "--consent", "guardian"]) == 0
    workspace = open_workspace(paths.resolve(home))
    minji = workspace.persons.require("Minji")
    ChecklistRepository(workspace.db).set_done(minji.id, "x.protect_posts")
    workspace.close()

    assert main(["--lang", "ko", "checklist", "--pdf", str(tmp_path / "blank.pdf")]) == 0
    assert (tmp_path / "blank.pdf").read_bytes().startswith(b"%PDF")
    assert main(["--data-dir", home, "--lang", "en", "checklist", "--pdf", str(tmp_path / "x.pdf"),
                 "--person", "Nobody"]) == 2
    assert "Nobody" in capsys.readouterr().err
    assert main(["--data-dir", home, "--lang", "en", "checklist", "--pdf", str(tmp_path / "minji.pdf"),
                 "--person", "Minji"]) == 0
    assert "minji.pdf" in capsys.readouterr().out
    if shutil.which("pdftotext"):
        text = " ".join(pdf_text(tmp_path / "minji.pdf").split())
        assert "Checklist of: Minji" in text
        assert f"1 of {len(guidance.checklist_item_ids())} items done" in text


@pytest.mark.parametrize(("photos", "sentence"), [
    (1, "Jikimi checked on 2026-05-02: 1 photo still carries location data."),
    (3, "Jikimi checked on 2026-05-02: 3 photos still carry location data."),
])
def test_the_location_fact_reads_right_for_one_photo_and_for_several(photos, sentence):
    from desktop.reports.checklist_pdf import fact_text
    from desktop.store.checklist import Fact

    item = guidance.checklist_item("en", "general.location_off")
    fact = Fact(item.id, photos, False, "2026-05-02T09:00:00+00:00", ("bluesky",))
    assert fact_text(item, fact, "en") == sentence


def test_a_long_hotline_name_pushes_the_next_row_down_instead_of_overlapping_it():
    from desktop.reports.checklist_pdf import _table
    from desktop.reports.pdf import JikimiPDF

    pdf = JikimiPDF("t", lang="ko")
    pdf.add_page()
    long_name = "1366 (디지털 성범죄 피해 상담 · 여성긴급전화1366) 디지털성범죄피해자지원센터 (디성센터, ACOSAV)"
    top = pdf.get_y()
    _table(pdf, [(long_name, "1366")], key_width=70)
    lines = len(pdf.multi_cell(68, 9.5 * 0.5, long_name, dry_run=True, output="LINES"))
    assert lines >= 2
    assert pdf.get_y() >= top + lines * 9.5 * 0.5
    assert bytes(pdf.output()).startswith(b"%PDF")  # written out, so fpdf closes the font files


@needs_poppler
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_student_pdf_explains_check_once_and_leaves_out_the_adult_advice(tmp_path, lang):
    from desktop import i18n

    text = " ".join(pdf_text(write_checklist_pdf(tmp_path / "s.pdf", lang)).split())
    explained = " ".join(i18n.tr("guidance.checklist.check_explained", lang=lang).split())[:30]
    assert text.count(explained) == 1
    advice_title, _ = guidance.sharenting(lang)
    assert advice_title not in text
    long_caution = "공식 도움말에서 찾지 못한 경로입니다" if lang == "ko" else "no official help page states this path"
    assert long_caution not in text
    with_advice = " ".join(pdf_text(write_checklist_pdf(tmp_path / "a.pdf", lang, adult_advice=True)).split())
    assert advice_title in with_advice
