"""A local folder of photos (e.g. the ones about to be posted): recursive, images only, "not posted".

``image_url`` is the photo's path inside the folder. Symbolic links are not followed, so nothing outside the
chosen folder is read.
"""

from __future__ import annotations

from desktop.sources.base import PhotoRef, SourceError, SourceListing
from desktop.sources.exports.archive import ExportArchive, is_image_name
from desktop.sources.exports.base import ExportConnector


class FolderConnector(ExportConnector):
    kind = "folder"

    @property
    def archive(self) -> ExportArchive:
        if self._archive is None:
            from pathlib import Path

            if not Path(self.target).expanduser().is_dir():
                raise SourceError("sources.folder_missing", path=self.target)
            self._archive = ExportArchive(self.target)
        return self._archive

    def list_photos(self, ctx) -> SourceListing:
        ctx.check_cancelled()
        archive = self.archive
        listing = SourceListing(visibility="not_posted")
        names = [n for n in archive.names if is_image_name(n)]
        for name in names:
            listing.photos.append(PhotoRef(name, None, None, name.rsplit("/", 1)[-1], "not_posted", "post"))
        if archive.skipped_links:
            listing.notices.append("sources.folder_links_skipped")
        listing.account_flags["images"] = len(names)
        ctx.progress(1, 1, "")
        return listing
