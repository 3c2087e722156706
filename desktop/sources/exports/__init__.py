"""Data exports a person downloads from a platform (Instagram, Facebook, X, TikTok, Google Takeout).

Each importer reads the export's own files (ZIP or extracted folder, via :mod:`.archive`) and lists the
photos with the visibility the export's flags give, else "unknown".
"""
