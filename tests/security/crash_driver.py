"""One demo scan in a data dir against an already running demo server (argv: data_dir base_url). Killed with
SIGKILL at random points by tests/security/test_crash_safety.py; prints the outcome when it gets to finish."""

from __future__ import annotations

import sys

from desktop import paths
from desktop.demo import run_demo_scan
from desktop.store.workspace import open_workspace

if __name__ == "__main__":
    workspace = open_workspace(paths.resolve(sys.argv[1]).ensure())
    try:
        outcome = run_demo_scan(workspace, sys.argv[2])
        print(f"{outcome.state} resumed={outcome.resumed}", flush=True)
    finally:
        workspace.close()
