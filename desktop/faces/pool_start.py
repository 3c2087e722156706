"""One BLAS thread per process, set before numpy loads; and the first thing a face-engine worker runs.

This module imports nothing heavy, numpy least of all: BLAS reads its thread count when numpy first loads.
:func:`limit_blas_threads` runs at the top of the program (``app.main``, before anything imports numpy) and
again in each worker (:func:`start_worker`, the pool's initializer), for workers started otherwise.

Why one thread: the face engine runs a process per core, and its encoder (``resnet.py``) is the only numpy work
heavy enough for BLAS to split. A second BLAS thread gains a little on an idle machine (one process: 1.25x the
speed for 1.5x the CPU) and loses badly on a busy one: OpenBLAS threads wait for each other, and with the other
core taken the encoder ran 3 to 80 times slower than with one thread (``benchmarks/encoder_speed.py``,
``docs/benchmarks.md``). An explicit setting in the environment is kept (to measure with).
"""

from __future__ import annotations

import os

BLAS_THREADS = "1"
# OpenBLAS (numpy's wheels on Linux and Windows), Accelerate (numpy's wheels on macOS), MKL (conda's numpy)
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "MKL_NUM_THREADS")


def limit_blas_threads() -> None:
    """One BLAS thread for this process and those it starts, unless the environment says otherwise. No effect on
    a numpy already loaded."""
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, BLAS_THREADS)


def start_worker() -> None:
    limit_blas_threads()
    from desktop.faces.engine import _worker_start

    _worker_start()
