"""What a scan tells its caller as it goes (per source and in total) and how it ended."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace


@dataclass
class SourceProgress:
    source_id: int
    kind: str
    label: str
    state: str = "pending"
    photos_found: int = 0
    photos_checked: int = 0
    error: str | None = None  # message id
    error_values: dict = field(default_factory=dict)


@dataclass
class ScanProgress:
    scan_id: int
    person_name: str
    sources: dict[int, SourceProgress]
    started: float = field(default_factory=time.monotonic)
    current_source: int | None = None

    @property
    def photos_found(self) -> int:
        return sum(s.photos_found for s in self.sources.values())

    @property
    def photos_checked(self) -> int:
        return sum(s.photos_checked for s in self.sources.values())

    def eta_seconds(self) -> float | None:
        done, total = self.photos_checked, self.photos_found
        if done < 3 or total <= done:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / done * (total - done)

    def snapshot(self) -> ScanProgress:
        return replace(self, sources={k: replace(v) for k, v in self.sources.items()})


@dataclass(frozen=True)
class ScanOutcome:
    scan_id: int
    state: str
    score: int | None
    level: str | None
    resumed: bool


LABEL_TARGET_CHARS = 48  # a long address is shortened in the middle so the progress rows stay readable


def source_label(kind: str, target: str) -> str:
    """What the progress shows for a source: its kind in the user's language and its (shortened) address."""
    from desktop.i18n import tr_or

    if len(target) > LABEL_TARGET_CHARS:
        keep = (LABEL_TARGET_CHARS - 1) // 2
        target = f"{target[:keep]}…{target[-keep:]}"
    return f"{tr_or(f'sources.kind.{kind}', kind)}: {target}"
