"""The longest GUI event-loop stall during a scan (target < 100 ms).

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/gui_stall.py [--mode noface|mixed] [--photos 300]
        [--latency 0.05]

Opens the real main window on the Results page for a child enrolled from ``assets/demo/enrol``, whose Bluesky
is the loopback server of ``benchmarks/scan_server.py`` (every request 50 ms late), and calls the page's
"Scan now" (``ResultsPage.scan_now``): the real ``ScanDialog`` started through the window's ``TaskRunner`` (a
pool thread), shown with ``exec()``, then the page renders the results. A precise ``QTimer`` in the GUI thread
ticks every 10 ms; a gap between ticks longer than 10 ms is time the event loop could not run (a stall).
Reported: the longest gap, the 99th percentile, the number of gaps over 100 ms, how many progress updates
reached the dialog and the longest one. A first scan and a re-scan (nothing changed) are measured, each until
200 ms after the dialog closed (the render and the thumbnails after it included).

The scanner's HTTP client runs with ``min_interval=0`` and four requests at once to the one loopback host
(the politeness pause is for real hosts; see ``benchmarks/scan_latency.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scan_server import BenchPlatform, make_photos, prepare_workspace  # noqa: E402

TICK_MS = 10


class StallMeter:
    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self.last: float | None = None
        self.timer = QTimer()
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            self.gaps.append((now - self.last) * 1000)
        self.last = now

    def start(self) -> None:
        self.gaps, self.last = [], None
        self.timer.start()

    def stop(self) -> dict:
        self.timer.stop()
        gaps = sorted(self.gaps)
        p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))] if gaps else 0.0
        return {"ticks": len(gaps), "max_ms": gaps[-1] if gaps else 0.0, "p99_ms": p99,
                "over_100": sum(1 for g in gaps if g > 100)}


def measure_scan(window, page, meter: StallMeter, engine) -> dict:
    """Press "Scan now" on the Results page (``ResultsPage.scan_now``: the real dialog, runner and render)."""
    from desktop.scan import orchestrator
    from desktop.sources.http import HttpClient
    from desktop.ui.results.scan_dialog import ScanDialog

    real_scanner, real_progress = orchestrator.Scanner, ScanDialog._progress
    updates: list[float] = []

    class LoopbackScanner(real_scanner):
        """The real scanner; only its HTTP client skips the politeness pause (the server is on this
        machine) and it shares the warmed face engine."""

        def __init__(self, workspace, **options):
            client = HttpClient(validator_store=workspace.http_validators, min_interval=0.0,
                                host_concurrency=orchestrator.FETCH_WORKERS)
            super().__init__(workspace, engine=engine, client=client, **options)

        def close(self):
            self.client.close()

    def timed_progress(dialog, progress):
        started = time.perf_counter()
        real_progress(dialog, progress)
        updates.append((time.perf_counter() - started) * 1000)

    outcomes = []
    real_done = ScanDialog._done
    orchestrator.Scanner, ScanDialog._progress = LoopbackScanner, timed_progress
    ScanDialog._done = lambda dialog, outcome: (outcomes.append(outcome), real_done(dialog, outcome))
    from PySide6.QtTest import QTest

    try:
        meter.start()
        started = time.perf_counter()
        page.scan_now()
        scanned = time.perf_counter() - started
        QTest.qWait(20 * TICK_MS)  # the grid's thumbnails are decoded in turns after the render: let them run
        result = meter.stop()
    finally:
        orchestrator.Scanner, ScanDialog._progress, ScanDialog._done = real_scanner, real_progress, real_done
    result.update({"seconds": scanned, "updates": len(updates), "update_max_ms": max(updates, default=0.0),
                   "outcome": outcomes[0].state if outcomes else "failed or cancelled",
                   "exposures": len(page.data.exposures) if page.data else 0})
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("noface", "mixed"), default="noface")
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from desktop.faces.engine import FaceEngine
    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    platform = BenchPlatform(make_photos(args.mode, args.photos), latency=args.latency).start()
    engine = FaceEngine()
    list(engine.analyse_many([(0, make_photos("noface", 1)[0])]))  # worker processes up before the clock
    with tempfile.TemporaryDirectory(prefix="jikimi-bench-") as data_dir:
        workspace, child = prepare_workspace(Path(data_dir), platform.base_url)
        window = MainWindow(workspace)
        window.resize(1280, 860)
        window.show()
        window.show_page("results")
        page = window.pages["results"]
        page.show_person(child.id)
        app.processEvents()
        meter = StallMeter()
        print(f"mode={args.mode} photos={args.photos} latency={args.latency * 1000:.0f} ms")
        try:
            for label in ("first scan", "re-scan"):
                r = measure_scan(window, page, meter, engine)
                print(f"  {label:10s} {r['seconds']:6.2f} s  longest stall {r['max_ms']:6.1f} ms  "
                      f"p99 {r['p99_ms']:5.1f} ms  gaps>100ms {r['over_100']}  ticks {r['ticks']}  "
                      f"progress updates {r['updates']} (longest {r['update_max_ms']:.1f} ms)  "
                      f"exposures {r['exposures']}  [{r['outcome']}]")
                sys.stdout.flush()
        finally:
            window.close()
            workspace.close()
            engine.close()
            platform.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
