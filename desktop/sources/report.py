"""What a check found and what it left out, in words: the per-kind summary after ``source check``, and
``source check --explain``, which says which file of an export gave what (paths and counts, never content), so
a family with an unusual export can send a useful report without sending their data."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

from desktop import i18n
from desktop.sources.base import PHOTO_ROLES, SourceError, SourceListing
from desktop.sources.exports.archive import ExportArchive, is_image_name
from desktop.sources.registry import kind_info

DATA_FILES = (".json", ".js", ".csv", ".xml", ".atom", ".html", ".htm", ".txt")
MAX_INVENTORY = 200  # data files listed by --explain; a real export has tens


def summary_lines(listing: SourceListing) -> list[str]:
    """Found: how many photos of each role. Skipped: how many of what, and why."""
    roles = Counter(photo.role for photo in listing.photos)
    lines = []
    if listing.photos:
        parts = ", ".join(i18n.tr(f"sources.role.{role}", count=roles[role]) for role in PHOTO_ROLES if roles[role])
        lines.append(i18n.tr("sources.summary.found", roles=parts))
    for reason, count in listing.skipped.items():
        lines.append(i18n.tr(reason, count=count))
    failed = listing.account_flags.get("failed_page")
    if isinstance(failed, str):
        lines.append(i18n.tr("sources.summary.failed_page", url=failed))
    return lines


# Folders whose entries are named after people or by the family (message threads, blogs, albums, playlists):
# the name right after one of these is shown as "…".
NAMED_BY_PEOPLE = {"inbox", "message_requests", "archived_threads", "filtered_threads", "e2ee_cutover", "blogs",
                   "albums", "playlists", "재생목록", "블로그", "앨범"}


def shown_path(name: str, top: str | None) -> str:
    """A path inside an export as --explain prints it: a folder the family named (the one folder everything
    sits in, e.g. "지우 백업") and names of people, blogs, albums and playlists are shown as "…"."""
    if top and name.startswith(top + "/"):
        name = "…/" + name[len(top) + 1 :]
    parts = name.split("/")
    for index in range(1, len(parts)):
        if parts[index - 1].lower() in NAMED_BY_PEOPLE:
            suffix = PurePosixPath(parts[index]).suffix if index == len(parts) - 1 else ""
            parts[index] = "…" + suffix
    return "/".join(parts)


STRUCTURAL_TOPS = {"data", "takeout"}  # the platforms' own single top folders (X archive, Google Takeout)


def common_top(names: list[str]) -> str | None:
    """The one folder every file sits in, when the family made it (a re-zipped export's "지우 백업")."""
    tops = {name.split("/", 1)[0] for name in names if "/" in name}
    if len(tops) != 1 or not all("/" in n for n in names):
        return None
    top = next(iter(tops))
    return None if top.lower() in STRUCTURAL_TOPS else top


def explain_lines(kind: str, target: str, listing: SourceListing | None, error: SourceError | None) -> list[str]:
    """Which file of an export gave what; for an export that could not be read, what files it holds."""
    if kind_info(kind).network:
        if listing is None or not listing.files_read:
            return [i18n.tr("sources.explain.nothing_read")]
        lines = [i18n.tr("sources.explain.addresses_header")]
        for read in listing.files_read:
            lines.append("  " + i18n.tr("sources.explain.read_line", path=read.path,
                                        part=i18n.tr(f"sources.part.{read.part}"), items=read.items,
                                        photos=read.photos))
        return lines
    lines = []
    try:
        archive = ExportArchive(target)
    except SourceError as exc:
        return [i18n.tr("sources.explain.unreadable", message=i18n.tr(exc.message_id, **exc.values))]
    try:
        top = common_top(archive.names)
        if len(archive.parts) > 1:
            lines.append(i18n.tr("sources.explain.parts", count=len(archive.parts)))
        if archive.name_encoding:
            lines.append(i18n.tr("sources.explain.name_encoding", encoding=archive.name_encoding))
        if listing is not None and listing.files_read:
            lines.append(i18n.tr("sources.explain.read_header"))
            for read in listing.files_read:
                lines.append("  " + i18n.tr(
                    "sources.explain.read_line", path=shown_path(read.path, top),
                    part=i18n.tr(f"sources.part.{read.part}"), items=read.items, photos=read.photos,
                ))
        elif listing is not None:
            lines.append(i18n.tr("sources.explain.read_nothing"))
        if error is not None or listing is None or not listing.files_read:
            data = [n for n in archive.names if n.lower().endswith(DATA_FILES)]
            lines.append(i18n.tr("sources.explain.inventory_header", count=len(data)))
            shown = Counter(shown_path(name, top) for name in data)  # masked names fold together
            for path, count in list(shown.items())[:MAX_INVENTORY]:
                lines.append(f"  {path}" + (f" ×{count}" if count > 1 else ""))
            if len(shown) > MAX_INVENTORY:
                lines.append("  " + i18n.tr("sources.explain.more", count=len(shown) - MAX_INVENTORY))
        media = Counter(
            PurePosixPath(n).suffix.lower() or "-" for n in archive.names if not n.lower().endswith(DATA_FILES)
        )
        images = sum(count for suffix, count in media.items() if is_image_name("x" + suffix))
        kinds = ", ".join(f"{suffix} {count}" for suffix, count in sorted(media.items()))
        lines.append(i18n.tr("sources.explain.media", images=images, others=sum(media.values()) - images,
                             kinds=kinds or "-"))
    finally:
        archive.close()
    return lines
