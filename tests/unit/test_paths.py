from pathlib import Path

from desktop import paths


def test_explicit_data_dir_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JIKIMI_HOME", str(tmp_path / "from-env"))
    chosen = paths.resolve(tmp_path / "explicit")
    assert chosen.data_dir == (tmp_path / "explicit").resolve()


def test_environment_used_when_no_explicit_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("JIKIMI_HOME", str(tmp_path / "from-env"))
    assert paths.resolve().data_dir == (tmp_path / "from-env").resolve()


def test_platform_default_when_nothing_given(monkeypatch):
    monkeypatch.delenv("JIKIMI_HOME")
    default = paths.resolve().data_dir
    assert default.name == "Jikimi"


def test_tests_never_point_at_the_real_home(isolated_home):
    assert paths.resolve().data_dir == isolated_home.resolve()
    assert not str(paths.resolve().data_dir).startswith(str(Path.home() / ".local"))


def test_ensure_creates_owner_only_directories(tmp_path):
    app_paths = paths.resolve(tmp_path / "data").ensure()
    for directory in (app_paths.data_dir, app_paths.keys_dir, app_paths.log_dir, app_paths.backups_dir):
        assert directory.is_dir()
        assert directory.stat().st_mode & 0o077 == 0


def test_each_data_dir_has_its_own_keyring_entry(tmp_path):
    first = paths.keyring_account(paths.resolve(tmp_path / "a"))
    second = paths.keyring_account(paths.resolve(tmp_path / "b"))
    assert first != second and first.startswith("jikimi-data-key-")
