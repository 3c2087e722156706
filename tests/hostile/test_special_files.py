"""Case 8 of issue 19: a named pipe (FIFO) among the photos of a folder source, an unpacked export or a folder
to blur is skipped; nothing waits on it."""

from __future__ import annotations

import os

import pytest

from desktop.core.tasks import TaskContext
from desktop.safe_files import NotARegularFile, read_regular
from desktop.sources.registry import connector_for
from tests.hostile.servers import run_bounded
from tests.sources_helpers import jpeg

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")


@pytest.fixture
def folder_with_a_pipe(tmp_path):
    folder = tmp_path / "to-post"
    folder.mkdir()
    (folder / "real.jpg").write_bytes(jpeg())
    os.mkfifo(folder / "pipe.jpg")
    return folder


def test_a_folder_source_lists_and_reads_only_regular_files(folder_with_a_pipe):
    connector = connector_for("folder", str(folder_with_a_pipe))
    finished, listing, _ = run_bounded(lambda: connector.list_photos(TaskContext()), 10)
    assert finished, "listing the folder hung on a named pipe"
    assert [photo.image_url for photo in listing.photos] == ["real.jpg"]
    finished, fetched, _ = run_bounded(lambda: connector.fetch_image(listing.photos[0]), 10)
    assert finished and fetched.data == jpeg()


def test_reading_a_pipe_by_name_is_refused_at_once(folder_with_a_pipe):
    finished, result, elapsed = run_bounded(lambda: read_regular(folder_with_a_pipe / "pipe.jpg"), 10)
    assert finished and isinstance(result, NotARegularFile) and elapsed < 5


def test_blurring_a_folder_with_a_pipe_finishes(folder_with_a_pipe, tmp_path):
    from desktop.faces.blur import blur_folder

    out = tmp_path / "blurred"
    finished, summary, _ = run_bounded(lambda: blur_folder(folder_with_a_pipe, out), 60)
    assert finished, "blur hung on a named pipe"
    assert not isinstance(summary, BaseException), summary
    assert sorted(path.name for path in out.iterdir()) == ["real.jpg"]
