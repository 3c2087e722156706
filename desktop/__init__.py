"""Jikimi (지킴이): which photos of a child can a stranger see, and what to change."""

from importlib import metadata

APP_NAME = "Jikimi"
APP_ID = "jikimi"

try:
    __version__ = metadata.version("jikimi")
except metadata.PackageNotFoundError:  # frozen build or source tree without install
    __version__ = "0.1.0"
