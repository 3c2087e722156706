"""The scan stays readable: no function or method of the scan's modules takes more than five parameters (self
included), so what one scan holds lives on its ``ScanRun`` instead of being handed from method to method."""

from __future__ import annotations

import inspect

from desktop.scan import class_pages, orchestrator, progress, recording, run, thumbnails

MAX_PARAMETERS = 5
MODULES = (orchestrator, run, recording, thumbnails, class_pages, progress)
# Its keywords (engine, client, fetch_workers, factories) are the Scanner's public API, kept as they were.
PUBLIC_CONSTRUCTOR = "Scanner.__init__"


def functions_written_in(module):
    """Every function and method whose code is in the module (not the ones dataclasses generate)."""
    for name, value in vars(module).items():
        members = vars(value).items() if inspect.isclass(value) and value.__module__ == module.__name__ else ()
        for member_name, member in [(name, value), *members]:
            func = getattr(member, "__func__", None) or getattr(member, "fget", None) or member
            func = inspect.unwrap(func) if callable(func) else func
            if inspect.isfunction(func) and func.__code__.co_filename == module.__file__:
                yield f"{value.__name__}.{member_name}" if member is not value else name, func


def test_no_scan_function_takes_more_than_five_parameters():
    found = {f"{module.__name__}.{name}": len(inspect.signature(func).parameters)
             for module in MODULES for name, func in functions_written_in(module)}
    assert "desktop.scan.run.ScanRun.run" in found and "desktop.scan.run.ScanRun.record" in found
    too_many = {name: count for name, count in found.items()
                if count > MAX_PARAMETERS and not name.endswith(PUBLIC_CONSTRUCTOR)}
    assert too_many == {}

