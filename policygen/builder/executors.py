"""Where the parts of a build are laid out: this machine's process pool or a Dask cluster.

A build hands each part to an executor as one job: the part's HTML (templates
already applied, styles inlined, no outside files) and how to number it. The
worker lays it out with the fonts it has installed and returns the PDF bytes.
So a Dask worker needs policygen and the fonts, nothing else: no project files,
templates or cache.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

SCHEMES = ("dask://",)
DASK_HINT = "install the Dask extra: `pip install policygen[dask]`"


class ExecutorError(ValueError):
    """An executor address that cannot be used; the message says what to do."""


@dataclass
class ClusterExecutor:
    """An executor on a Dask cluster and the client that owns it; ``close()`` disconnects."""

    executor: Executor
    client: Any

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.client.close()


def connect(address: str, *, timeout: float = 30) -> ClusterExecutor:
    """Connect to the Dask scheduler at ``dask://HOST:PORT`` and return an executor on it."""
    if not address.startswith(SCHEMES):
        raise ExecutorError(f"unknown executor {address!r} — use dask://HOST:PORT (a Dask scheduler)")
    host = address[len("dask://"):].rstrip("/")
    if not host or ":" not in host:
        raise ExecutorError(f"executor {address!r} names no port — use dask://HOST:PORT, e.g. dask://scheduler:8786")
    try:
        from distributed import Client
    except ImportError:
        raise ExecutorError(f"--executor {address} needs Dask distributed — {DASK_HINT}") from None
    try:
        client = Client(f"tcp://{host}", timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler at {host}: {exc} — start it with `dask scheduler` or check the address") from None
    return ClusterExecutor(client.get_executor(pure=False), client)  # type: ignore[no-untyped-call]
