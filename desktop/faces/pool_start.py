"""The first thing a face-engine worker process runs (the pool's initializer). This module imports nothing
heavy, numpy least of all: BLAS reads its thread count when numpy first loads, and that must happen after
:func:`start_worker` has set it.

One BLAS thread a worker: the pool already has a process per core, and a second BLAS thread in each (OpenBLAS
starts as many as there are cores) only competes with the other worker, at about 40 % more CPU for the same
work (``benchmarks/encoder_speed.py``). An explicit ``OPENBLAS_NUM_THREADS`` in the environment is kept, to
measure with. Numpy already loaded when the worker starts (the program's main module imports it, and the
forkserver or spawn imported that main module first) keeps the count it loaded with.
"""

from __future__ import annotations

import os

WORKER_BLAS_THREADS = "1"
# OpenBLAS (numpy's wheels on Linux and Windows), Accelerate (numpy's wheels on macOS), MKL (conda's numpy)
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "MKL_NUM_THREADS")


def limit_blas_threads() -> None:
    """Set one BLAS thread for this process (and its children), unless the environment says otherwise."""
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, WORKER_BLAS_THREADS)


def start_worker() -> None:
    limit_blas_threads()
    from desktop.faces.engine import _worker_start

    _worker_start()
