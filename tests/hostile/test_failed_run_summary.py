"""Case 11 of issue 19, the trust rule: a scan whose sources all failed is never summarised as
"exposure score 0 (low)"; it says there is no result, and exits 3."""

from __future__ import annotations

import json

from desktop.app import main
from desktop.resources import asset


def test_a_scan_where_no_source_could_be_read_shows_no_score(workspace, capsys, qtbot):
    from desktop.faces.enrol import enrol

    person = workspace.persons.add("Haneul", role="child", consent_by=["guardian"])
    enrol(workspace, person, sorted(asset("demo", "enrol").glob("*.jpg")))
    # A local address without --allow-private: refused before any request, so the only source fails.
    workspace.sources.add(person_id=person.id, kind="web", target="http://127.0.0.1:9/gallery", owner="school")
    workspace.close()
    assert main(["scan", "Haneul"]) == 3
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "No linked account or page of Haneul could be read, so nothing was checked."
    assert "exposure score" not in out and "(low)" not in out
    assert main(["scan", "Haneul", "--json"]) == 3
    payload = json.loads(capsys.readouterr().out)
    assert payload["complete"] is False and payload["risk"]["score"] is None

    from desktop.store.workspace import open_workspace
    from desktop.ui.main_window import MainWindow
    from desktop.ui.worker import SyncTaskRunner

    reopened = open_workspace(workspace.paths)
    window = MainWindow(reopened, runner=SyncTaskRunner())
    qtbot.addWidget(window)
    try:
        page = window.pages["results"]
        page.show_person(person.id)
        window.show_page("results")
        from desktop.i18n import tr

        assert page.score_label.accessibleName() == tr("results.no_score")  # "—", never a reassuring 0
        assert page.state_banner.isVisibleTo(page) and "nothing has been checked" in page.state_banner.text()
    finally:
        window.close()
        reopened.close()
