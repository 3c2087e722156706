"""A parent links their child's sources from the Family page: add with a plain explanation of each kind,
check what a stranger sees now (off the GUI thread, with progress and Cancel), edit and remove."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop import i18n
from desktop.ui.dialogs.sources_dialog import SourceFormDialog, SourcesDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner
from tests.sources_helpers import jpeg


@pytest.fixture
def minji(workspace):
    return workspace.persons.add("Minji", role="child", age_band="under14", consent_by=["guardian"])


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "to-post"
    (folder / "trip").mkdir(parents=True)
    (folder / "a.jpg").write_bytes(jpeg())
    (folder / "trip" / "b.jpg").write_bytes(jpeg((1, 1, 1)))
    return folder


@pytest.mark.parametrize(("lang", "label"), [("en", "Linked sources…"), ("ko", "연결된 출처…")])
def test_family_page_has_a_linked_sources_button(qtbot, workspace, minji, lang, label):
    i18n.set_language(lang)
    window = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show_page("family")
    page = window.pages["family"]
    assert page.sources_button.accessibleName() == label
    assert page.sources_button.isEnabled()
    assert page.add_button.accessibleName() and page.remove_button.accessibleName()  # what was there stays


def test_the_form_offers_korean_places_by_name_and_explains_each_in_both_languages(qtbot):
    form = SourceFormDialog()
    qtbot.addWidget(form)
    form.kind.setCurrentIndex(form.kind.findData("instagram"))
    assert "not logged in" in form.explain.text() and "data export" in form.explain.text()
    assert not form.browse.isVisibleTo(form)
    form.kind.setCurrentIndex(form.kind.findData("folder"))
    assert "not posted" in form.explain.text()
    assert form.browse.isVisibleTo(form) and not form.advanced.isVisibleTo(form)
    i18n.set_language("ko")
    korean = SourceFormDialog()
    qtbot.addWidget(korean)
    names = [korean.kind.itemText(i) for i in range(korean.kind.count())]
    assert names[:8] == ["카카오톡(프로필)", "인스타그램", "네이버 블로그", "네이버 밴드(공개 밴드)", "유튜브",
                         "틱톡(내 데이터 다운로드)", "학교 홈페이지(사진 게시판)",
                         "학급 알림 앱(하이클래스, 클래스팅, e알리미)"]
    assert "블루스카이(Bluesky) 프로필" in names and "이 컴퓨터의 폴더" in names
    assert not any("RSS" in name or "robots" in name for name in names)  # jargon stays behind "more"
    assert korean.kind.accessibleName() == "사진이 있는 곳"


def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(qtbot):
    form = SourceFormDialog()
    qtbot.addWidget(form)
    form.kind.setCurrentIndex(form.kind.findData("mastodon"))
    form.target.setText("minji")
    form._accept()
    assert form.result() != QDialog.DialogCode.Accepted
    assert "@minji@mastodon.social" in form.error.text()
    assert form.target.text() == "minji"


def test_add_check_edit_and_remove_a_source(qtbot, workspace, minji, photos, monkeypatch):
    dialog = SourcesDialog(None, workspace, minji, SyncTaskRunner())
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text().startswith("No sources linked yet")
    assert not dialog.check_button.isEnabled()

    def fill_and_accept(form):
        form.kind.setCurrentIndex(form.kind.findData("folder"))
        form.target.setText(str(photos))
        form.owner.setCurrentIndex(form.owner.findData("parent"))
        return True

    monkeypatch.setattr(SourceFormDialog, "exec", fill_and_accept)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text() == f"Folder on this computer · {photos.resolve()} · mine / the other parent's"
    assert dialog.check_button.isEnabled()

    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    lines = dialog.result_label.text().splitlines()
    assert lines == ["Who can see it: not posted", "Photos found: 2", "• not posted: 2",
                     "photos by kind: 2 in posts"]  # the per-kind summary, as on the CLI
    assert not dialog.progress.isVisible()

    def change_owner(form):
        assert form.target.text() == str(photos.resolve())
        form.owner.setCurrentIndex(form.owner.findData("school"))
        return True

    monkeypatch.setattr(SourceFormDialog, "exec", change_owner)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.list.item(0).text().endswith("school / class")

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert workspace.sources.list_for_person(minji.id) == []


def test_a_failing_check_shows_the_message_in_korean(qtbot, workspace, minji, httpserver):
    i18n.set_language("ko")
    httpserver.expect_request("/api/v1/accounts/lookup").respond_with_json({"error": "Record not found"}, status=404)
    workspace.sources.add(
        person_id=minji.id,
        kind="mastodon",
        target="@ghost@school.example",
        base_url=httpserver.url_for("/"),
        allow_private=True,
    )
    dialog = SourcesDialog(None, workspace, minji, SyncTaskRunner())
    qtbot.addWidget(dialog)
    dialog.check_source()
    assert dialog.result_label.text().startswith("확인하지 못했습니다: 이 주소에서 아무것도 찾지 못했습니다.")


def test_checking_a_school_page_behind_a_login_says_members_only(qtbot, workspace, minji, httpserver):
    from werkzeug.wrappers import Response

    from tests.sources_helpers import payload

    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/album").respond_with_response(Response(status=302, headers={"Location": "/login"}))
    httpserver.expect_request("/login").respond_with_data(payload("web/login.html", ""), content_type="text/html")
    workspace.sources.add(person_id=minji.id, kind="web", target=httpserver.url_for("/album"), owner="school",
                          allow_private=True)
    dialog = SourcesDialog(None, workspace, minji, SyncTaskRunner())
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    lines = dialog.result_label.text().splitlines()
    assert lines[:2] == ["Who can see it: members only (a login is needed)", "Photos found: 0"]
    assert lines[2].startswith("This page asks for a login, so a stranger without an account sees only the login")


def test_cancel_during_a_check(qtbot, workspace, minji, photos, monkeypatch):
    workspace.sources.add(person_id=minji.id, kind="folder", target=str(photos))

    class CancellingRunner(SyncTaskRunner):
        def run_task(self, func, on_done, on_error=None, on_progress=None, on_cancelled=None, *, owner=None):
            def cancelled_work(ctx):
                ctx.cancel()
                return func(ctx)

            return super().run_task(cancelled_work, on_done, on_error, on_progress, on_cancelled)

    dialog = SourcesDialog(None, workspace, minji, CancellingRunner())
    qtbot.addWidget(dialog)
    dialog.check_source()
    assert dialog.result_label.text() == "Check cancelled."
    assert dialog.check_button.isEnabled()


def test_every_control_has_an_accessible_name(qtbot, workspace, minji):
    dialog = SourcesDialog(None, workspace, minji, SyncTaskRunner())
    qtbot.addWidget(dialog)
    for widget in (
        dialog.list,
        dialog.add_button,
        dialog.edit_button,
        dialog.check_button,
        dialog.remove_button,
        dialog.progress,
        dialog.cancel_button,
        dialog.result_label,
    ):
        assert widget.accessibleName()
    form = SourceFormDialog()
    qtbot.addWidget(form)
    for widget in (form.kind, form.target, form.owner, form.base_url, form.allow_private, form.advanced, form.browse):
        assert widget.accessibleName()


def test_the_dialog_still_answers_how_it_was_closed(qtbot, workspace, minji):
    """The line that reports a check is not named ``result``: that would hide QDialog.result(), and whoever
    asks how the dialog was closed would get a label (TypeError) instead of Accepted or Rejected."""
    dialog = SourcesDialog(None, workspace, minji, SyncTaskRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.result_label.text() == ""


def test_removing_a_source_says_how_many_photos_found_there_are_forgotten(qtbot, workspace, minji, monkeypatch):
    from desktop.store.demo_rows import add_finished_scan

    add_finished_scan(workspace.db, workspace.vault, minji.id, {}, ("public", "private"),
                      [("match", ()), ("possible", ()), ("match", ())])
    with_photos, without = workspace.sources.list_for_person(minji.id)
    dialog = SourcesDialog(None, workspace, minji, SyncTaskRunner())
    qtbot.addWidget(dialog)
    asked = []
    monkeypatch.setattr("desktop.ui.dialogs.sources_dialog.ask_destructive",
                        lambda _parent, _title, text: asked.append(text) or False)
    for source in (with_photos, without):
        dialog.refresh(source.id)
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert asked == [f"Remove {with_photos.target} from the linked accounts and pages? The 3 photos found there are"
                     " forgotten too (not deleted from the site).",
                     f"Remove {without.target} from the linked accounts and pages? The 0 photos found there are"
                     " forgotten too (not deleted from the site)."]
    assert len(workspace.sources.list_for_person(minji.id)) == 2  # answered no: both stay
