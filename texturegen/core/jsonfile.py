"""JSON with a bound on nesting: a file nested 100,000 deep is refused by name, not a RecursionError."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 256
"""Deepest nesting of arrays and objects accepted; Minecraft's own files stay under 10."""
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def parse_json(data: bytes) -> Any:
    """Parse UTF-8 JSON bytes (a BOM allowed); raise ValueError for bad text, bad JSON or nesting past MAX_DEPTH."""
    text = data.decode("utf-8-sig")
    bare = _STRINGS.sub('""', text)
    depth = max(accumulate((_STEP.get(c, 0) for c in bare if c in _STEP), initial=0))
    if depth > MAX_DEPTH:
        raise ValueError(f"nested {depth} deep, more than {MAX_DEPTH}")
    return json.loads(text)
