"""Sub-commands beyond validate and schema: build, doctor, release, diff, bump, init."""

from __future__ import annotations

import argparse
from collections.abc import Callable

REGISTER: list[Callable[[argparse._SubParsersAction], None]] = []  # type: ignore[type-arg]
