"""Ctrl-C for the long-running commands the tests start (``build --watch``, ``serve``).

A test run started in the background of a shell script (``cmd &`` without job
control) inherits SIGINT as *ignored*, and so does every process it starts; a
Python started that way never turns SIGINT into KeyboardInterrupt. The tests
stop those commands with SIGINT, as a user's Ctrl-C does, so the child gets
SIGINT's default disposition back before it runs.
"""

from __future__ import annotations

import signal


def restore_sigint() -> None:
    """``preexec_fn`` for ``subprocess.Popen``: SIGINT as a terminal's Ctrl-C delivers it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
