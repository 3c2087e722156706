"""A parent links places by the names they know: a Naver blog ID becomes its feed, a YouTube handle is
explained, a malformed address is caught with a message that keeps what was typed, and a KakaoTalk profile
(which needs a login) gets a guided check and counts the photos the parent saved from it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from desktop.scan.summary import source_summaries
from desktop.sources.places import address_problem, resolve
from desktop.ui.dialogs.sources_dialog import SourceFormDialog, SourcesDialog
from desktop.ui.worker import SyncTaskRunner
from tests.sources_helpers import jpeg


@pytest.fixture
def minji(workspace):
    return workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])


def form_for(qtbot, place_id, text=""):
    form = SourceFormDialog()
    qtbot.addWidget(form)
    form.kind.setCurrentIndex(form.kind.findData(place_id))
    form.target.setText(text)
    form._accept()
    return form


def test_a_naver_blog_id_becomes_its_feed(qtbot):
    form = form_for(qtbot, "naver_blog", "haneul_mom")
    assert form.target_label.text() == "Blog ID or address" and form.target.accessibleName() == "Blog ID or address"
    assert form.result() == QDialog.DialogCode.Accepted
    values = form.values()
    assert (values["kind"], values["target"], values["place"]) == (
        "feed", "https://rss.blog.naver.com/haneul_mom.xml", "naver_blog")
    assert resolve("naver_blog", "https://m.blog.naver.com/haneul_mom")[1] == \
        "https://rss.blog.naver.com/haneul_mom.xml"


def test_a_youtube_channel_becomes_its_feed_and_a_handle_is_explained(qtbot):
    channel = "UCabcdefghijklmnopqrstuv"
    assert resolve("youtube", f"https://www.youtube.com/channel/{channel}") == (
        "feed", f"https://www.youtube.com/feeds/videos.xml?channel_id={channel}")
    form = form_for(qtbot, "youtube", "https://www.youtube.com/@haneul")
    assert form.result() != QDialog.DialogCode.Accepted
    assert form.error.text().startswith("Jikimi needs the channel ID, not the name @haneul.")
    assert "Copy channel ID" in form.error.text()
    assert form.target.text() == "https://www.youtube.com/@haneul"


def test_a_malformed_address_is_caught_and_what_was_typed_stays(qtbot):
    form = form_for(qtbot, "school_homepage", "htp//host/galery")
    assert form.result() != QDialog.DialogCode.Accepted
    assert form.error.text() == "The address should start with https:// (it starts with “htp//”). Check the beginning."
    assert form.target.text() == "htp//host/galery"
    assert address_problem("https://school.example.kr/board") is None
    assert address_problem("gallery/photos")[0] == "sources.address.host"


def test_a_school_homepage_defaults_to_the_school_as_owner(qtbot):
    form = form_for(qtbot, "school_homepage", "https://school.example.kr/board/photos")
    assert form.values()["owner"] == "school" and form.values()["kind"] == "web"


def test_kakaotalk_gets_a_guided_check_and_the_saved_photos_count_as_the_parent_says(qtbot, workspace, minji,
                                                                                      tmp_path, monkeypatch):
    form = SourceFormDialog()
    qtbot.addWidget(form)
    form.kind.setCurrentIndex(form.kind.findData("kakaotalk"))
    assert form.guide.isVisibleTo(form) and form.stated.isVisibleTo(form)
    guide = form.guide.text()
    assert guide.startswith("Who can see it:") and "Show your profile posts to friends only" in guide
    assert not form.advanced.isVisibleTo(form)

    # Without saved photos nothing is stored, and the parent is told why.
    dialog = SourcesDialog(None, workspace, minji, SyncTaskRunner())
    qtbot.addWidget(dialog)
    monkeypatch.setattr(SourceFormDialog, "exec", lambda f: (f.kind.setCurrentIndex(f.kind.findData("kakaotalk")),
                                                             f._accept(), f.result())[-1])
    dialog.add_source()
    assert workspace.sources.list_for_person(minji.id) == []
    assert dialog.result_label.text().startswith("Nothing was added")

    saved = tmp_path / "kakao"
    saved.mkdir()
    (saved / "profile.jpg").write_bytes(jpeg())

    def with_folder(f):
        f.kind.setCurrentIndex(f.kind.findData("kakaotalk"))
        f.target.setText(str(saved))
        f.stated.setCurrentIndex(f.stated.findData("public"))
        f._accept()
        return f.result()

    monkeypatch.setattr(SourceFormDialog, "exec", with_folder)
    dialog.add_source()
    [record] = workspace.sources.list_for_person(minji.id)
    assert (record.kind, record.place, record.stated_visibility) == ("folder", "kakaotalk", "public")
    assert dialog.list.item(0).text().startswith("KakaoTalk (profile)")
    assert [s.platform for s in source_summaries(workspace, minji, None)] == ["kakaotalk"]


def test_settings_for_experts_stay_folded_until_asked_for(qtbot):
    form = SourceFormDialog()
    qtbot.addWidget(form)
    form.kind.setCurrentIndex(form.kind.findData("school_homepage"))
    assert form.advanced.isVisibleTo(form) and not form.base_url.isVisibleTo(form)
    assert not form.technical.isVisibleTo(form)
    form.more_button.click()
    assert form.technical.isVisibleTo(form) and "robots.txt" in form.technical.text()
    form.advanced.setChecked(True)
    assert form.base_url.isVisibleTo(form) and form.allow_private.isVisibleTo(form)
