"""Globs on `namespace:path` ids: fnmatch plus `{a,b}` alternatives."""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

_BRACE = re.compile(r"\{([^{}]*)\}")


@lru_cache(maxsize=1024)
def expand(pattern: str) -> tuple[str, ...]:
    """Expand `{a,b}` alternatives into plain fnmatch globs."""
    m = _BRACE.search(pattern)
    if not m:
        return (pattern,)
    out: list[str] = []
    for option in m.group(1).split(","):
        out.extend(expand(pattern[: m.start()] + option + pattern[m.end() :]))
    return tuple(out)


def matches(text: str, pattern: str) -> bool:
    """True when `text` fits the glob (case-sensitive; `*` also crosses `/`)."""
    return any(fnmatch.fnmatchcase(text, p) for p in expand(pattern))
