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
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

from desktop.safe_files import is_regular, read_regular
from desktop.sources.base import SourceError

TEXT_CAP = 100 * 1024 * 1024  # a JSON/CSV/Atom file inside an export
MAX_TOTAL = 64 * 1024 * 1024 * 1024  # no real export declares more than this uncompressed
MAX_MEMBERS = 500_000
MAX_RATIO = 100  # uncompressed / compressed; real JSON is ~10, photos ~1
RATIO_FLOOR = 8 * 1024 * 1024  # small members may compress well; only large ones are judged by ratio
SINGLE_FILES = (".xml", ".atom", ".json", ".js", ".csv")  # an export's data file may be given on its own
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".bmp", ".tif", ".tiff")


def names_encoding(infos: list[zipfile.ZipInfo]) -> str | None:
    """How the names without the UTF-8 flag were written: UTF-8 (written without the flag by some tools),
    else CP949 (Korean Windows "compressed folders"), else cp437 (the ZIP standard). None when all are ASCII
    or flagged. One encoding for the whole archive: a tool writes all its names the same way."""
    raws = [_raw_name(info) for info in infos if not info.flag_bits & 0x800]
    raws = [raw for raw in raws if not raw.isascii()]
    if not raws:
        return None
    for encoding in ("utf-8", "cp949"):
        try:
            for raw in raws:
                raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "cp437"


def _raw_name(info: zipfile.ZipInfo) -> bytes:
    # zipfile decoded a name without the UTF-8 flag as cp437, which maps every byte: encoding gives it back
    return info.orig_filename.encode("cp437")


def member_name(info: zipfile.ZipInfo, encoding: str | None = None) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    raw = _raw_name(info)
    if raw.isascii():
        return info.filename
    for candidate in ([encoding] if encoding else []) + ["utf-8", "cp949"]:
        try:
            return raw.decode(candidate)
        except UnicodeDecodeError:
            continue
    return info.filename


PART_NAME = re.compile(r"^(?P<stem>.+?)[-_ ](?P<number>\d{1,3})$")


def zip_parts(path: Path) -> list[Path]:
    """The ZIP files of one export split into numbered parts (Google Takeout's ``takeout-…-001.zip``,
    ``-002.zip`` …) when the family chose one of them; else just the chosen file."""
    own = PART_NAME.match(path.stem)
    if not own or path.suffix.lower() != ".zip":
        return [path]
    parts = []
    for candidate in path.parent.iterdir():
        match = PART_NAME.match(candidate.stem)
        if (match and candidate.suffix.lower() == ".zip" and match["stem"] == own["stem"]
                and len(match["number"]) == len(own["number"]) and candidate.is_file()
                and not candidate.is_symlink()):
            parts.append((int(match["number"]), candidate))
    return [candidate for _, candidate in sorted(parts)] or [path]


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
        self._zips: list[zipfile.ZipFile] = []
        self._infos: dict[str, tuple[zipfile.ZipFile, zipfile.ZipInfo]] = {}
        self.parts: list[Path] = [self.path]  # the ZIP files read as this one export
        self._by_file: dict[str, list[str]] | None = None  # file name -> members, built on first need
        self._member_set: set[str] | None = None
        self._on_disk: dict[str, str] = {}  # a folder's names as read (NFC) -> as written on disk, where they differ
        self.name_encoding: str | None = None  # how member names without the UTF-8 flag were written
        self._lock = threading.Lock()
        self.skipped_links = 0
        if not self.path.exists():
            raise SourceError("sources.export_missing", path=str(self.path))
        if self.path.is_dir():
            self.root = self.path.resolve()
            self.names = self._walk_folder()
        elif self.path.suffix.lower() in SINGLE_FILES and not zipfile.is_zipfile(self.path):
            # one file of an export chosen on its own (a Blogger backup XML, user_data_tiktok.json …)
            self.root = self.path.parent.resolve()
            self.names = [self.path.name]
        else:
            self.root = None  # type: ignore[assignment]  # a ZIP: read through zipfile, never from a folder
            self.parts = zip_parts(self.path)
            self.names = []
            try:
                for part in self.parts:
                    self.names.extend(self._open_zip(part))
            except SourceError:
                self.close()
                raise

    # --- opening ------------------------------------------------------------------------------------
    def _open_zip(self, path: Path) -> list[str]:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SourceError("sources.export_not_zip", str(exc)) from exc
        infos = archive.infolist()
        if len(infos) + len(self._infos) > MAX_MEMBERS:
            archive.close()
            raise SourceError("sources.export_bomb", "too many members")
        total = 0
        names = []
        encoding = names_encoding(infos)
        self.name_encoding = self.name_encoding or encoding
        for info in infos:
            mode = (info.external_attr >> 16) & 0xFFFF
            if _unsafe_name(member_name(info, encoding)):
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
            name = unicodedata.normalize("NFC", member_name(info, encoding).replace("\\", "/"))
            if name in self._infos:
                continue  # the same file in two parts: the first part's copy is read
            self._infos[name] = (archive, info)
            names.append(name)
        archive_size = max(1, path.stat().st_size)
        if total > MAX_TOTAL or (total > RATIO_FLOOR and total > MAX_RATIO * archive_size):
            archive.close()
            raise SourceError("sources.export_bomb", "total size")
        self._zips.append(archive)
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
                relative = full.relative_to(self.root).as_posix()
                name = unicodedata.normalize("NFC", relative)  # macOS writes names decomposed (NFD)
                if name != relative:
                    self._on_disk[name] = relative
                names.append(name)
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
        clean = unicodedata.normalize("NFC", relative.replace("\\", "/").lstrip("/"))
        if _unsafe_name(clean):
            return None
        members = self._members()
        if clean in members:
            return clean
        if near and "/" in near:
            # try the prefix folders of the file that referenced it
            prefix_parts = near.split("/")[:-1]
            for cut in range(len(prefix_parts), -1, -1):
                candidate = "/".join(prefix_parts[:cut] + [clean])
                if candidate in members:
                    return candidate
        same_name = self._names_by_file().get(clean.rsplit("/", 1)[-1], [])
        suffix = "/" + clean
        matches = [n for n in same_name if n.endswith(suffix)]
        if matches:
            return min(matches, key=len)
        # The export names a folder the files are not in (Facebook's 2023 JSON says "your_activity_across_facebook/"
        # for files under "your_facebook_activity/"): match on the tail, at least the folder and the file name.
        parts = clean.split("/")
        for cut in range(1, len(parts) - 1):
            tail = "/" + "/".join(parts[cut:])
            matches = [n for n in same_name if n.endswith(tail)]
            if matches:
                return min(matches, key=len)
        return None

    def _members(self) -> set[str]:
        if self._member_set is None:
            self._member_set = set(self.names)
        return self._member_set

    def _names_by_file(self) -> dict[str, list[str]]:
        if self._by_file is None:
            self._by_file = {}
            for name in self.names:
                self._by_file.setdefault(name.rsplit("/", 1)[-1], []).append(name)
        return self._by_file

    def by_file_name(self, file_name: str) -> str | None:
        """The one member with this file name (an export that names its photos by web address, with the files
        beside it); None when none or several have it."""
        if not file_name or "/" in file_name:
            return None
        matches = self._names_by_file().get(file_name, [])
        return matches[0] if len(matches) == 1 else None

    # --- reading ------------------------------------------------------------------------------------
    def read_bytes(self, name: str, cap: int = TEXT_CAP) -> bytes:
        if _unsafe_name(name) or name not in self._members():
            raise SourceError("sources.export_member_missing", name=PurePosixPath(name).name)
        if self._zips:
            with self._lock:
                archive, info = self._infos[name]
                if info.file_size > cap:
                    raise SourceError("sources.too_large", megabytes=cap // (1024 * 1024))
                try:
                    with archive.open(info) as handle:
                        data = handle.read(cap + 1)
                except (zipfile.BadZipFile, OSError, EOFError) as exc:
                    raise SourceError("sources.export_corrupt", str(exc)) from exc
            if len(data) > cap:
                raise SourceError("sources.too_large", megabytes=cap // (1024 * 1024))
            return data
        full = self.root / self._on_disk.get(name, name)
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
        for archive in self._zips:
            archive.close()
        self._zips = []


def _natural(name: str):
    return [int(bit) if bit.isdigit() else bit.lower() for bit in re.split(r"(\d+)", name)]
