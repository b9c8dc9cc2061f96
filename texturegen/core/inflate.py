"""Bounded inflation of gzip and zlib data: stops at a byte limit whatever the stream holds."""

from __future__ import annotations

import zlib

CHUNK = 1 << 16
"""Bytes inflated per step."""

GZIP = 16 + zlib.MAX_WBITS
ZLIB = zlib.MAX_WBITS


class TooLarge(ValueError):
    """The data inflates to more than the limit."""


def inflate(data: bytes, wbits: int, limit: int) -> bytes:
    """The inflated bytes of one gzip (`GZIP`) or zlib (`ZLIB`) stream, or TooLarge past `limit` bytes."""
    engine = zlib.decompressobj(wbits)
    parts: list[bytes] = []
    size = 0
    pending = data
    while pending and not engine.eof:
        part = engine.decompress(pending, CHUNK)
        size += len(part)
        if size > limit:
            raise TooLarge(f"inflates to more than {limit} bytes (a compression bomb?)")
        parts.append(part)
        pending = engine.unconsumed_tail
    if not engine.eof:
        raise zlib.error("compressed data ends before its stream does (truncated)")
    return b"".join(parts)


def is_gzip(data: bytes) -> bool:
    """True when the bytes start with gzip's magic number."""
    return data[:2] == b"\x1f\x8b"
