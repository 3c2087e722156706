"""`jikimi source check` says what it found and what it skipped and why; `--explain` says which file of an
export gave what, with paths and counts only, so a family can send a useful report without their data."""

from __future__ import annotations

from pathlib import Path

from desktop.app import main

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def link(kind: str, target: Path) -> None:
    assert main(["source", "add", "Haneul", kind, str(target)]) == 0


def test_a_check_summarises_found_and_skipped_and_explain_names_the_files_without_their_content(capsys):
    assert main(["person", "add", "Haneul", "--consent", "guardian"]) == 0
    link("x-export", CORPUS / "x" / "2022_tweets_js")
    capsys.readouterr()
    assert main(["source", "check", "Haneul"]) == 0
    plain = capsys.readouterr().out
    assert "photos by kind: 1 in posts, 1 profile photo, 1 cover photo" in plain
    assert "1 retweet skipped: it is someone else's post" in plain
    assert "2 videos: faces in videos are not checked" in plain
    assert "read from these files" not in plain

    assert main(["source", "check", "Haneul", "--explain"]) == 0
    explained = capsys.readouterr().out
    assert "data/tweets.js: tweets, entries: 5, photos listed: 1" in explained
    assert "media files: images 3, other files 2 (.jpg 3, .mp4 2)" in explained
    explain_part = explained.split("read from these files", 1)[1]
    assert "운동회" not in explain_part and "FhQ2aXcAE1x9" not in explain_part  # no tweet text, no photo names
    assert "햇살초" not in explain_part  # nor the bio

    assert main(["--lang", "ko", "source", "check", "Haneul", "--explain"]) == 0
    korean = capsys.readouterr().out
    assert "리트윗 1개는 다른 사람의 게시물이라 건너뛰었습니다" in korean
    assert "data/tweets.js: 트윗, 항목 5개, 사진 1장" in korean


def test_explain_lists_the_data_files_of_an_export_that_could_not_be_read(capsys):
    assert main(["person", "add", "Haneul", "--consent", "guardian"]) == 0
    link("x-export", CORPUS / "tiktok" / "2025_profile_and_settings")  # the wrong kind of export
    capsys.readouterr()
    assert main(["source", "check", "Haneul", "--explain"]) == 1
    out = capsys.readouterr().out
    assert "the export holds 1 data file:" in out
    assert "  user_data_tiktok.json" in out
