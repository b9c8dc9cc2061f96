"""Globs on `namespace:path` ids: fnmatch plus `{a,b}` alternatives."""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

_BRACE = re.compile(r"\{([^{}]*)\}")
MAX_ALTERNATIVES = 4096
"""Most plain globs one `{a,b}` pattern may stand for (26 groups of two would be 67 million)."""


def alternatives(pattern: str) -> int:
    """How many plain globs the pattern's `{a,b}` groups expand to, counted without expanding them."""
    count = 1
    rest = pattern
    while m := _BRACE.search(rest):
        count *= len(m.group(1).split(","))
        rest = rest[: m.start()] + "x" + rest[m.end() :]
        if count > MAX_ALTERNATIVES:
            return count
    return count


@lru_cache(maxsize=1024)
def expand(pattern: str) -> tuple[str, ...]:
    """Expand `{a,b}` alternatives into plain fnmatch globs."""
    if alternatives(pattern) > MAX_ALTERNATIVES:
        raise ValueError(f"glob '{pattern}' has more than {MAX_ALTERNATIVES} alternatives")
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
