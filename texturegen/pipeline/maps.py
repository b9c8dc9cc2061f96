"""`pbr: labpbr`: a texture's LabPBR maps, written by the texture's own task right after it (texturegen/pbr/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from texturegen.cache import open_store
from texturegen.cache.keys import maps_key
from texturegen.core.atomic import atomic_write
from texturegen.core.png import decode_png, encode_png
from texturegen.pbr.maps import labpbr
from texturegen.pipeline.jobs import MapTargets, TextureJob

MAX_MAP_PIXELS = 1 << 30
"""The output decoded for its maps was written by this build (its size already checked against the limits)."""


def make_maps(seed: bytes, png: bytes, job: TextureJob) -> dict[str, bytes]:
    """{"n": PNG, "s": PNG}: the maps of an output from its seed, tiling as the job's settings say."""
    assert job.maps is not None
    made = labpbr(
        decode_png(seed, job.seed, job.limits.max_image_pixels),
        decode_png(png, job.target, MAX_MAP_PIXELS),
        job.settings.tiling == "wrap",
        job.maps.material,
    )
    return {"n": encode_png(made.normal, keep_alpha=True), "s": encode_png(made.specular, keep_alpha=True)}


def _wanted(maps: MapTargets) -> dict[str, str]:
    """{"n"/"s": target} of the maps this texture writes (the pack's own are left to their nearest task)."""
    return {kind: target for kind, target in (("n", maps.normal), ("s", maps.specular)) if target}


def write_maps(job: TextureJob, seed: bytes, png: bytes, key: Callable[[], str] | None = None) -> None:
    """Write the job's maps and their .mcmeta copies; from the cache under the texture's `key` when it has them."""
    if job.maps is None:
        return
    wanted = _wanted(job.maps)
    store = open_store(job.cache) if job.cache and key is not None else None
    names = {kind: maps_key(key(), job.maps.key() | {"map": kind}) for kind in wanted} if store and key else {}
    found = {kind: store.get(names[kind]) for kind in wanted} if store else {}
    got = {kind: data for kind, data in found.items() if data is not None}
    if len(got) < len(wanted):
        got = make_maps(seed, png, job)
        for kind in wanted:
            if store:
                store.put(names[kind], got[kind])
    for kind, target in wanted.items():
        atomic_write(target, got[kind])
    if job.maps.mcmeta and job.maps.mcmeta_source:
        meta = Path(job.maps.mcmeta_source).read_bytes()
        for target in job.maps.mcmeta:
            atomic_write(target, meta)
