"""Jikimi (지킴이): which photos of a child can a stranger see, and what to change."""

APP_NAME = "Jikimi"
APP_ID = "jikimi"


def __getattr__(name: str):
    # The version is looked up on first use: importlib.metadata costs ~50 ms, which every command would pay.
    if name == "__version__":
        from importlib import metadata

        try:
            version = metadata.version("jikimi")
        except metadata.PackageNotFoundError:  # frozen build or source tree without install
            version = "0.1.0"
        globals()["__version__"] = version
        return version
    raise AttributeError(name)
