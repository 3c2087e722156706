"""What every export importer shares: the archive, photo reads under the image cap, mojibake repair."""

from __future__ import annotations

import json
from typing import Any

from desktop.sources.base import Connector, FetchedImage, PhotoRef, SourceError
from desktop.sources.exports.archive import ExportArchive
from desktop.sources.http import IMAGE_CAP
from desktop.sources.media_hosts import EXPORT_MEDIA_HOSTS, check_media_host


def fix_mojibake(text: str) -> str:
    """Instagram and Facebook write UTF-8 text as if each byte were a Latin-1 character: undo that."""
    if not text or text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def fix_all(value: Any) -> Any:
    if isinstance(value, str):
        return fix_mojibake(value)
    if isinstance(value, list):
        return [fix_all(item) for item in value]
    if isinstance(value, dict):
        return {fix_mojibake(key): fix_all(item) for key, item in value.items()}
    return value


def dig(value: Any, *path: str | int, default: Any = None) -> Any:
    """``value[path[0]][path[1]]…`` without failing on a missing key or a different shape."""
    for key in path:
        if isinstance(value, dict) and isinstance(key, str):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
            value = value[key]
        else:
            return default
        if value is None:
            return default
    return value


class ExportConnector(Connector):
    """A connector over a data export; ``target`` is the path of the ZIP file or the extracted folder."""

    max_photos = None  # the family's own files, bounded by the archive's size checks: every photo is checked

    def __init__(self, target: str, client=None, base_url: str | None = None, allow_private: bool = False):
        super().__init__(target, client, base_url, allow_private)
        self._archive: ExportArchive | None = None

    @property
    def archive(self) -> ExportArchive:
        if self._archive is None:
            self._archive = ExportArchive(self.target)
        return self._archive

    def load_json(self, name: str, repair: bool = False) -> Any:
        text = self.archive.read_text(name)
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:  # 50,000-deep nesting included
            raise SourceError("sources.export_bad_file", str(exc), name=name.rsplit("/", 1)[-1]) from exc
        return fix_all(data) if repair else data

    def fetch_image(self, photo: PhotoRef) -> FetchedImage:
        if photo.image_url.startswith(("http://", "https://")):
            if self.client is None:
                raise SourceError("sources.needs_network")
            check_media_host(photo.image_url, EXPORT_MEDIA_HOSTS.get(self.kind, ()))
            return self.client.get_image(photo.image_url, allow_private=self.allow_private)
        data = self.archive.read_bytes(photo.image_url, IMAGE_CAP)
        return FetchedImage(data=data, final_url=photo.image_url)

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None
