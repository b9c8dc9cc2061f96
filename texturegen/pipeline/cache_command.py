"""`texturegen cache stats|prune`: the upkeep of a shared cache folder."""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

from texturegen.cache import open_store
from texturegen.core.errors import ConfigError

AGE = re.compile(r"^(\d+)([dhm])$")
UNIT = {"d": 86400, "h": 3600, "m": 60}


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Arguments of `texturegen cache`."""
    p = sub.add_parser("cache", help="show or prune the shared cache of synthesized textures")
    p.add_argument("action", choices=["stats", "prune"])
    p.add_argument("--cache", help="the cache folder (default: TEXTUREGEN_CACHE, else the config's cache key)")
    p.add_argument("--config", default="pipeline.yaml", help="config whose cache key to use")
    p.add_argument("--older-than", default="30d", help="prune entries unused this long: 30d, 12h, 90m (default 30d)")


def age_seconds(text: str) -> float:
    """`30d`, `12h` or `90m` in seconds."""
    found = AGE.match(text)
    if not found:
        raise ConfigError(f"--older-than {text!r}: give a number and d, h or m (30d, 12h, 90m)")
    return int(found.group(1)) * UNIT[found.group(2)]


def cache_folder(args: argparse.Namespace) -> Path:
    """The folder the command works on."""
    if args.cache:
        return Path(args.cache)
    if os.environ.get("TEXTUREGEN_CACHE"):
        return Path(os.environ["TEXTUREGEN_CACHE"])
    from texturegen.pipeline.config import load_config

    folder = load_config(args.config).cache
    if folder is None:
        raise ConfigError(f"{args.config}: no cache key; give --cache DIR or set TEXTUREGEN_CACHE")
    return folder


def run(args: argparse.Namespace) -> int:
    """Print the cache's stats, or prune it."""
    folder = cache_folder(args)
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such cache folder")
    store = open_store(folder)
    if args.action == "prune":
        removed = store.prune(age_seconds(args.older_than))
        print(f"{folder}: removed {removed} entries unused for {args.older_than}")
    stats = store.stats()
    ages = ""
    if stats.oldest is not None and stats.newest is not None:
        now = time.time()
        ages = f", last used {_days(now - stats.newest)} to {_days(now - stats.oldest)} ago"
    print(f"{folder}: {stats.entries} textures, {stats.bytes / 1e6:.1f} MB{ages}")
    return 0


def _days(seconds: float) -> str:
    """An age for people."""
    return f"{seconds / 86400:.1f} days" if seconds >= 86400 else f"{seconds / 3600:.1f} h"
