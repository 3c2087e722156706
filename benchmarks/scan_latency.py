"""Scan wall time behind injected server latency, and a re-scan with nothing changed.

    uv run python benchmarks/scan_latency.py [--mode noface|mixed|both] [--photos 300] [--latency 0.05]
        [--concurrency 4] [--hosts 1] [--host-concurrency 4]

A loopback Bluesky (``benchmarks/scan_server.py``) lists ``--photos`` posts with one image each; every request
(API pages and images) sleeps ``--latency`` seconds. One child is enrolled from ``assets/demo/enrol`` and her
Bluesky linked. Then:

1. first scan (the real ``Scanner``: listing, concurrent downloads, SHA-256 dedupe, face analysis in the
   process pool, findings, score);
2. a re-scan with nothing changed: every page and image request must be conditional (``304``) and no photo
   analysed again.

Reported: wall times, the bound ``photos × latency / concurrency`` and the ratio (target ≤ 1.3), the
re-scan/first-scan ratio, the server's count of 200 and 304 answers, and the number of analyses run.

``--mode noface`` serves tiny generated pictures without faces, so analysis costs next to nothing and the run
measures the network part; ``--mode mixed`` serves real portraits (one in five) among 800×600 pictures, so the
run measures the whole scan. The face engine's worker processes are started and warmed before the clock
starts (that cost is paid once per app session, not per scan).

The HTTP client runs with ``min_interval=0`` because the server is on this machine: the politeness pause
(≥ 1 s per host by default) is deliberate for real hosts and would dominate any latency figure.
``--hosts N`` spreads the images over N loopback addresses; ``--host-concurrency`` is how many requests the
client lets run at once against one host. ``--urls cid`` serves the images at Bluesky CDN addresses named by
their content hash, which a re-scan need not ask for again.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scan_server import BenchPlatform, make_photos, prepare_workspace  # noqa: E402
from desktop.faces.engine import FaceEngine  # noqa: E402


class CountingEngine(FaceEngine):
    """The real engine, counting the photos it is asked to analyse."""

    analysed = 0

    def analyse_many(self, items, ctx=None):
        def counted():
            for item in items:
                self.analysed += 1
                yield item

        return super().analyse_many(counted(), ctx)


def warm(engine: FaceEngine) -> None:
    from benchmarks.scan_server import noface_image

    list(engine.analyse_many([(n, noface_image(n, (64, 48))) for n in range(engine.workers * 2)]))


def fetch_floor(platform: BenchPlatform, concurrency: int) -> float:
    """The same images fetched by a bare ``requests.Session`` in ``concurrency`` threads: what this machine
    manages with no scanner at all (the latency bound plus Python's and the loaded machine's own overhead)."""
    from concurrent.futures import ThreadPoolExecutor

    import requests

    session = requests.Session()
    session.trust_env = False
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda n: session.get(platform.image_url(n)).content, range(len(platform.photos))))
    session.close()
    platform.reset_counts()
    return time.perf_counter() - started


def run(mode: str, photos: int, latency: float, concurrency: int, hosts: int, host_concurrency: int,
        url_style: str = "plain") -> dict:
    from desktop.scan.orchestrator import Scanner
    from desktop.sources.http import HttpClient

    platform = BenchPlatform(make_photos(mode, photos), latency=latency, image_hosts=hosts,
                             url_style=url_style).start()
    floor = fetch_floor(platform, concurrency)
    engine = CountingEngine()
    warm(engine)
    engine.analysed = 0
    with tempfile.TemporaryDirectory(prefix="jikimi-bench-") as data_dir:
        workspace, child = prepare_workspace(Path(data_dir), platform.base_url)
        try:
            timings = []
            for _ in ("first", "rescan"):
                platform.reset_counts()
                engine.analysed = 0
                limits = {"host_concurrency": host_concurrency} if host_concurrency > 1 else {}
                client = HttpClient(validator_store=workspace.http_validators, min_interval=0.0,
                                    max_concurrency=concurrency, **limits)
                scanner = Scanner(workspace, engine=engine, client=client, fetch_workers=concurrency)
                started = time.perf_counter()
                outcome = scanner.scan(child)
                elapsed = time.perf_counter() - started
                client.close()
                findings = workspace.db.query_one(
                    "SELECT count(*) FROM findings WHERE person_id = ? AND last_seen_scan = ?",
                    (child.id, outcome.scan_id))[0]
                timings.append({"seconds": elapsed, "requests": platform.summary(), "analysed": engine.analysed,
                                "findings": findings, "state": outcome.state})
        finally:
            workspace.close()
            engine.close()
            platform.stop()
    bound = photos * latency / concurrency
    first, rescan = timings
    return {"mode": mode, "photos": photos, "latency": latency, "concurrency": concurrency, "hosts": hosts,
            "host_concurrency": host_concurrency, "url_style": url_style, "bound": bound, "floor": floor,
            "first": first,
            "rescan": rescan,
            "ratio": first["seconds"] / bound, "rescan_ratio": rescan["seconds"] / first["seconds"]}


def show(result: dict) -> None:
    first, rescan = result["first"], result["rescan"]
    print(f"mode={result['mode']} photos={result['photos']} latency={result['latency'] * 1000:.0f} ms "
          f"concurrency={result['concurrency']} hosts={result['hosts']} host_concurrency={result['host_concurrency']} "
          f"urls={result['url_style']}")
    print(f"  bound photos×latency/concurrency = {result['bound']:.2f} s; bare requests.Session, same images, "
          f"{result['concurrency']} threads: {result['floor']:.2f} s (ratio {result['floor'] / result['bound']:.2f})")
    print(f"  first scan  {first['seconds']:7.2f} s  ratio to bound {result['ratio']:.2f}  "
          f"requests {first['requests']}  analysed {first['analysed']}  findings {first['findings']}")
    print(f"  re-scan     {rescan['seconds']:7.2f} s  ratio to first {result['rescan_ratio']:.2f}  "
          f"requests {rescan['requests']}  analysed {rescan['analysed']}  findings {rescan['findings']}")
    sys.stdout.flush()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("noface", "mixed", "both"), default="both")
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--hosts", type=int, default=1)
    parser.add_argument("--host-concurrency", type=int, default=4)
    parser.add_argument("--urls", choices=("plain", "cid"), default="plain",
                        help="image addresses: /img/<n>.jpg, or Bluesky CDN style named by the content's hash")
    args = parser.parse_args(argv)
    modes = ("noface", "mixed") if args.mode == "both" else (args.mode,)
    for mode in modes:
        show(run(mode, args.photos, args.latency, args.concurrency, args.hosts, args.host_concurrency, args.urls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
