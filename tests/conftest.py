"""Every test gets its own data directory, no real keyring, English unless it asks, and Qt offscreen."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests must never read or write the real system keyring: the fail backend makes Jikimi use its
# visible key-file fallback unless a test passes its own in-memory backend.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ["JIKIMI_STRICT_I18N"] = "1"  # a message missing a value fails the test (users see a gap instead)
# One BLAS thread, as the app sets before numpy loads (desktop/faces/pool_start.py)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest  # noqa: E402

from desktop import i18n, paths  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "jikimi-home"
    monkeypatch.setenv(paths.ENV_HOME, str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("JIKIMI_PASSCODE", raising=False)
    i18n.set_language("en")
    yield home
    i18n.set_language("en")


@pytest.fixture
def app_paths(isolated_home):
    return paths.resolve(isolated_home).ensure()


@pytest.fixture
def workspace(app_paths):
    from desktop.store.workspace import open_workspace

    opened = open_workspace(app_paths)
    yield opened
    opened.close()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (it is beside the repository in CI and on developer machines)")
    return SHARED_DATA


class MemoryKeyring:
    """A keyring backend that keeps secrets in a dict, standing in for the OS keyring in tests."""

    priority = 1

    def __init__(self):
        import keyring.backend

        class _Backend(keyring.backend.KeyringBackend):
            priority = 1
            store: dict = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def delete_password(self, service, username):
                self.store.pop((service, username), None)

        self.backend = _Backend()
        self.backend.store = {}


@pytest.fixture
def memory_keyring():
    return MemoryKeyring().backend


@pytest.fixture(scope="session")
def demo_server():
    from desktop.demo_server import DemoServer

    running = DemoServer().start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def scanned_demo_template(tmp_path_factory, demo_server):
    """A data dir in which the demo family was scanned once by the real engine; tests get copies of it."""
    from desktop import demo
    from desktop.store.workspace import open_workspace

    template = paths.resolve(tmp_path_factory.mktemp("demo-template") / "data").ensure()
    opened = open_workspace(template)
    try:
        demo.run_demo_scan(opened, demo_server.base_url)
    finally:
        opened.close()
    return template


@pytest.fixture
def scanned_workspace(scanned_demo_template, isolated_home):
    """A fresh copy of the scanned demo data, opened (the key file travels with it)."""
    import shutil

    from desktop.store.workspace import open_workspace

    shutil.rmtree(isolated_home, ignore_errors=True)
    shutil.copytree(scanned_demo_template.data_dir, isolated_home)
    opened = open_workspace(paths.resolve(isolated_home))
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _release_qt_objects(request):
    """After a GUI test, delete its windows and collect garbage now, on the GUI thread with no work running.

    Otherwise Python may collect leftover Qt objects at an arbitrary later moment, e.g. in the middle of a
    scan whose worker threads are busy, which is not a state the real app ever destroys widgets in.
    """
    yield
    if "qtbot" not in request.fixturenames:
        return
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()
