"""``policygen release``: archive a published version under releases/<id>/<version>/."""

from __future__ import annotations

import argparse
from typing import Any
from ..versioning.release import release


def cmd_release(args: argparse.Namespace) -> int:
    result = release(args.policy, args.releases)
    print(result.message())
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("release", help="archive a published policy as releases/<id>/<version>/ with a manifest")
    p.add_argument("policy", metavar="POLICY", help="the policy file to release")
    p.add_argument("--releases", metavar="DIR", default="releases", help="releases folder (default: releases)")
    p.set_defaults(func=cmd_release)

