"""Cold start to first window: frozen bundle vs. running from source. Results go into docs/benchmarks.md.

    uv run python benchmarks/startup.py                       # Qt offscreen (no display needed)
    xvfb-run -a env QT_QPA_PLATFORM=xcb uv run python benchmarks/startup.py   # a real X11 window (Xvfb)

Each variant runs --runs times (default 5) in a fresh data folder and the median is reported:
- "first window": launch → the app prints its JIKIMI_STARTUP_PROBE mark, which it does when the main window
  has painted for the first time (desktop/ui/app_shell.py), then it quits;
- "--screenshot": launch → exit of `--demo --screenshot out.png` (start, render the home page, save the PNG).
The frozen variants need dist/jikimi (installers/build.py). Without --drop-caches the page cache is warm after
the first run: what a user sees from the second launch on. With --drop-caches (Linux, as root) the kernel's
page cache is emptied before every run, so each launch reads its files from disk: a true cold start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FROZEN = REPO / "dist" / "jikimi" / ("jikimi-cli.exe" if sys.platform == "win32" else "jikimi")
MARK = "jikimi-startup-probe: first window painted"


def environment(home: Path, probe: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["JIKIMI_HOME"] = str(home)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if probe:
        env["JIKIMI_STARTUP_PROBE"] = "1"
    else:
        env.pop("JIKIMI_STARTUP_PROBE", None)
    return env


DROP_CACHES = False


def drop_caches() -> None:
    if DROP_CACHES:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")


def time_first_window(command: list[str]) -> float:
    drop_caches()
    with tempfile.TemporaryDirectory() as home:
        started = time.perf_counter()
        process = subprocess.Popen(command + ["--demo"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True, env=environment(Path(home), probe=True))
        assert process.stdout is not None
        elapsed = None
        for line in process.stdout:
            if MARK in line:
                elapsed = time.perf_counter() - started
                break
        process.wait(timeout=120)
        if elapsed is None:
            raise RuntimeError(f"{command[0]} exited ({process.returncode}) without showing its window")
        return elapsed


def time_screenshot(command: list[str]) -> float:
    drop_caches()
    with tempfile.TemporaryDirectory() as home:
        target = Path(home) / "shot.png"
        started = time.perf_counter()
        subprocess.run(command + ["--demo", "--screenshot", str(target)], check=True, capture_output=True,
                       env=environment(Path(home), probe=False), timeout=120)
        elapsed = time.perf_counter() - started
        if not target.is_file():
            raise RuntimeError(f"{command[0]} wrote no screenshot")
        return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-frozen", action="store_true")
    parser.add_argument("--skip-uv", action="store_true", help="leave out the `uv run jikimi` variant")
    parser.add_argument("--drop-caches", action="store_true", help="cold page cache before every run (root)")
    args = parser.parse_args(argv)
    global DROP_CACHES
    DROP_CACHES = args.drop_caches

    source = [sys.executable, str(REPO / "main.py")]
    uv = shutil.which("uv")
    variants: list[tuple[str, list[str]]] = []
    if not args.skip_frozen:
        if not FROZEN.exists():
            raise SystemExit(f"{FROZEN} is missing: run `uv run python installers/build.py` first")
        variants.append(("frozen", [str(FROZEN)]))
    variants.append(("source (python main.py)", source))
    if uv and not args.skip_uv:
        variants.append(("source (uv run jikimi)", [uv, "run", "--frozen", "jikimi"]))

    load = f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "n/a"
    print(f"platform: QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}, runs: {args.runs}, "
          f"cpus: {os.cpu_count()}, load: {load}, page cache: {'dropped before each run' if DROP_CACHES else 'warm'}")
    for name, command in variants:
        for label, measure in (("first window", time_first_window), ("--screenshot", time_screenshot)):
            samples = [measure(command) for _ in range(args.runs)]
            print(f"{name:26} {label:13} median {statistics.median(samples):.2f} s  "
                  f"(min {min(samples):.2f}, max {max(samples):.2f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
