"""Reading a data export safely: a ZIP file or the folder it was extracted to.

Nothing is extracted to disk; members are read into memory under a byte cap. A ZIP is refused whole when any
entry tries to leave the archive (``../``, absolute paths, drive letters), is a symbolic link, is encrypted,
or when its sizes look like a decompression bomb (a member or the whole archive expanding far beyond its
compressed size, or a total beyond any real export). In a folder, symbolic links are never followed.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import threading
import zipfile
from pathlib import Path, PurePosixPath

from desktop.safe_files import is_regular, read_regular
from desktop.sources.base import SourceError

TEXT_CAP = 100 * 1024 * 1024  # a JSON/CSV/Atom file inside an export
MAX_TOTAL = 64 * 1024 * 1024 * 1024  # no real export declares more than this uncompressed
MAX_MEMBERS = 500_000
MAX_RATIO = 100  # uncompressed / compressed; real JSON is ~10, photos ~1
RATIO_FLOOR = 8 * 1024 * 1024  # small members may compress well; only large ones are judged by ratio
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".bmp", ".tif", ".tiff")


def is_image_name(name: str) -> bool:
    return name.lower().endswith(IMAGE_EXTENSIONS)


def _unsafe_name(name: str) -> bool:
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        return True
    return any(part == ".." for part in unified.split("/"))


class ExportArchive:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path).expanduser()
        self._zip: zipfile.ZipFile | None = None
        self._lock = threading.Lock()
        self.skipped_links = 0
        if not self.path.exists():
            raise SourceError("sources.export_missing", path=str(self.path))
        if self.path.is_dir():
            self.root = self.path.resolve()
            self.names = self._walk_folder()
        else:
            self.root = None
            self.names = self._open_zip()

    # --- opening ------------------------------------------------------------------------------------
    def _open_zip(self) -> list[str]:
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SourceError("sources.export_not_zip", str(exc)) from exc
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            archive.close()
            raise SourceError("sources.export_bomb", "too many members")
        total = 0
        names = []
        for info in infos:
            mode = (info.external_attr >> 16) & 0xFFFF
            if _unsafe_name(info.filename):
                archive.close()
                raise SourceError("sources.export_unsafe", info.filename)
            if stat.S_ISLNK(mode):
                archive.close()
                raise SourceError("sources.export_unsafe", f"symlink {info.filename}")
            if info.flag_bits & 0x1:
                archive.close()
                raise SourceError("sources.export_encrypted")
            if info.is_dir():
                continue
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
                archive.close()
                raise SourceError("sources.export_bomb", f"ratio {info.filename}")
            names.append(info.filename.replace("\\", "/"))
        archive_size = max(1, self.path.stat().st_size)
        if total > MAX_TOTAL or (total > RATIO_FLOOR and total > MAX_RATIO * archive_size):
            archive.close()
            raise SourceError("sources.export_bomb", "total size")
        self._zip = archive
        return names

    def _walk_folder(self) -> list[str]:
        names = []
        for directory, subdirs, files in os.walk(self.root, followlinks=False):
            base = Path(directory)
            kept = []
            for sub in subdirs:
                if (base / sub).is_symlink():
                    self.skipped_links += 1
                elif not sub.startswith("."):
                    kept.append(sub)
            subdirs[:] = sorted(kept)
            for name in sorted(files):
                full = base / name
                if name.startswith("."):
                    continue
                if full.is_symlink():
                    self.skipped_links += 1
                    continue
                if not is_regular(full):  # a named pipe would block the scan forever
                    continue
                names.append(full.relative_to(self.root).as_posix())
        return names

    # --- finding ------------------------------------------------------------------------------------
    def glob(self, *patterns: str) -> list[str]:
        """Members whose trailing path components match one of ``patterns`` (any top-level folder allowed)."""
        found = []
        for name in self.names:
            parts = name.split("/")
            for pattern in patterns:
                want = pattern.split("/")
                if len(parts) >= len(want) and fnmatch.fnmatch("/".join(parts[-len(want) :]).lower(), pattern.lower()):
                    found.append(name)
                    break
        return sorted(found, key=_natural)

    def resolve(self, relative: str, near: str | None = None) -> str | None:
        """The member an export's relative ``uri`` points at (the export may sit in a top-level folder)."""
        if not relative:
            return None
        clean = relative.replace("\\", "/").lstrip("/")
        if _unsafe_name(clean):
            return None
        members = set(self.names)
        if clean in members:
            return clean
        if near and "/" in near:
            # try the prefix folders of the file that referenced it
            prefix_parts = near.split("/")[:-1]
            for cut in range(len(prefix_parts), -1, -1):
                candidate = "/".join(prefix_parts[:cut] + [clean])
                if candidate in members:
                    return candidate
        suffix = "/" + clean
        matches = [n for n in self.names if n.endswith(suffix)]
        return min(matches, key=len) if matches else None

    # --- reading ------------------------------------------------------------------------------------
    def read_bytes(self, name: str, cap: int = TEXT_CAP) -> bytes:
        if _unsafe_name(name) or name not in set(self.names):
            raise SourceError("sources.export_member_missing", name=PurePosixPath(name).name)
        if self._zip is not None:
            with self._lock:
                info = self._zip.getinfo(name)
                if info.file_size > cap:
                    raise SourceError("sources.too_large", megabytes=cap // (1024 * 1024))
                try:
                    with self._zip.open(info) as handle:
                        data = handle.read(cap + 1)
                except (zipfile.BadZipFile, OSError, EOFError) as exc:
                    raise SourceError("sources.export_corrupt", str(exc)) from exc
            if len(data) > cap:
                raise SourceError("sources.too_large", megabytes=cap // (1024 * 1024))
            return data
        full = self.root / name
        if full.is_symlink() or not full.resolve().is_relative_to(self.root):
            raise SourceError("sources.export_unsafe", name)
        try:
            data = read_regular(full, cap)
        except OSError as exc:
            raise SourceError("sources.export_member_missing", str(exc), name=full.name) from exc
        if len(data) > cap:
            raise SourceError("sources.too_large", megabytes=cap // (1024 * 1024))
        return data

    def read_text(self, name: str, cap: int = TEXT_CAP) -> str:
        return self.read_bytes(name, cap).decode("utf-8-sig", "replace")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None


def _natural(name: str):
    return [int(bit) if bit.isdigit() else bit.lower() for bit in re.split(r"(\d+)", name)]
