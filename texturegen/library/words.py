"""What a texture's path says: its words, and the material family they name (no per-texture table)."""

from __future__ import annotations

import re

FAMILIES = (
    "stone",
    "granite",
    "cobble",
    "marble",
    "porous",
    "dirt",
    "sand",
    "gravel",
    "clay",
    "planks",
    "bark",
    "wood",
    "leaves",
    "grass",
    "moss",
    "snow",
    "ice",
    "bricks",
    "stonebricks",
    "tiles",
    "concrete",
    "fabric",
    "metal",
    "rust",
    "glass",
    "netherrack",
    "thatch",
)
"""The material families a library photo belongs to (references/library/index.json)."""

KIN: dict[str, tuple[str, ...]] = {
    "stone": ("granite", "cobble", "porous", "marble"),
    "granite": ("stone", "marble"),
    "cobble": ("stone", "gravel", "stonebricks"),
    "marble": ("stone", "concrete", "tiles"),
    "porous": ("stone", "netherrack"),
    "dirt": ("sand", "gravel", "moss"),
    "sand": ("dirt", "concrete"),
    "gravel": ("cobble", "dirt"),
    "clay": ("concrete", "dirt"),
    "planks": ("wood", "bark"),
    "bark": ("wood", "planks"),
    "wood": ("planks", "bark"),
    "leaves": ("grass", "moss"),
    "grass": ("leaves", "moss"),
    "moss": ("grass", "leaves"),
    "snow": ("ice",),
    "ice": ("snow", "glass"),
    "bricks": ("stonebricks", "tiles"),
    "stonebricks": ("bricks", "tiles", "cobble", "stone"),
    "tiles": ("stonebricks", "bricks", "marble"),
    "concrete": ("clay", "marble"),
    "fabric": (),
    "metal": ("rust",),
    "rust": ("metal",),
    "glass": ("ice",),
    "netherrack": ("porous", "stone"),
    "thatch": ("leaves", "wood"),
}
"""Families a photo may stand in for at a lower score (a related look)."""

FORM, MATERIAL, SHAPE = 2, 1, 0
"""A word naming the texture's form (bricks, planks, a log's top) outweighs one naming its material (stone, oak),
which outweighs an object's shape that only suggests a material (a door or a lantern: an iron door is iron)."""

WORDS: dict[str, tuple[str, int]] = {
    # stone and rock kinds, ores' host rock
    "stone": ("stone", MATERIAL),
    "rock": ("stone", MATERIAL),
    "andesite": ("stone", FORM),
    "deepslate": ("stone", MATERIAL),
    "tuff": ("porous", FORM),
    "blackstone": ("stone", MATERIAL),
    "basalt": ("stone", FORM),
    "slate": ("stone", MATERIAL),
    "ore": ("stone", FORM),
    "obsidian": ("stone", FORM),
    "bedrock": ("stone", FORM),
    "granite": ("granite", FORM),
    "diorite": ("granite", FORM),
    "dripstone": ("stone", FORM),
    "calcite": ("marble", FORM),
    "marble": ("marble", FORM),
    "quartz": ("marble", MATERIAL),
    "polished": ("marble", MATERIAL),
    "smooth": ("concrete", MATERIAL),
    "cobblestone": ("cobble", FORM),
    "cobble": ("cobble", FORM),
    "cobbled": ("cobble", FORM),
    "pebbles": ("cobble", FORM),
    "end": ("porous", FORM),
    "sponge": ("porous", FORM),
    "prismarine": ("stone", MATERIAL),
    "amethyst": ("glass", MATERIAL),
    # ground
    "dirt": ("dirt", FORM),
    "soil": ("dirt", FORM),
    "podzol": ("dirt", FORM),
    "farmland": ("dirt", FORM),
    "mud": ("dirt", FORM),
    "path": ("dirt", MATERIAL),
    "mycelium": ("dirt", FORM),
    "rooted": ("dirt", MATERIAL),
    "sand": ("sand", FORM),
    "sandstone": ("sand", MATERIAL),
    "powder": ("sand", FORM),
    "soul": ("sand", SHAPE),  # soul sand and soil say sand or soil; alone it is soul fire (a lantern, a torch)
    "gravel": ("gravel", FORM),
    "glowstone": ("gravel", FORM),
    "coal": ("gravel", MATERIAL),
    "clay": ("clay", FORM),
    "terracotta": ("clay", FORM),
    # wood
    "planks": ("planks", FORM),
    "plank": ("planks", FORM),
    "boards": ("planks", FORM),
    "bookshelf": ("planks", FORM),
    "barrel": ("planks", SHAPE),
    "crafting": ("planks", SHAPE),
    "table": ("planks", SHAPE),
    "door": ("planks", SHAPE),
    "trapdoor": ("planks", SHAPE),
    "fence": ("planks", SHAPE),
    "gate": ("planks", SHAPE),
    "ladder": ("planks", SHAPE),
    "chest": ("planks", SHAPE),
    "lectern": ("planks", SHAPE),
    "loom": ("planks", SHAPE),
    "note": ("planks", SHAPE),
    "jukebox": ("planks", SHAPE),
    "composter": ("planks", SHAPE),
    "frame": ("planks", SHAPE),
    "oak": ("planks", MATERIAL),
    "spruce": ("planks", MATERIAL),
    "birch": ("planks", MATERIAL),
    "jungle": ("planks", MATERIAL),
    "acacia": ("planks", MATERIAL),
    "mangrove": ("planks", MATERIAL),
    "cherry": ("planks", MATERIAL),
    "log": ("bark", FORM),
    "stem": ("bark", FORM),
    "hyphae": ("bark", FORM),
    "bark": ("bark", FORM),
    "bamboo": ("bark", MATERIAL),
    "wood": ("bark", FORM),
    # plants
    "leaves": ("leaves", FORM),
    "leaf": ("leaves", FORM),
    "azalea": ("leaves", MATERIAL),
    "grass": ("grass", FORM),
    "nylium": ("moss", FORM),
    "moss": ("moss", FORM),
    "mossy": ("moss", MATERIAL),
    "wart": ("netherrack", FORM),
    "hay": ("thatch", FORM),
    "straw": ("thatch", FORM),
    "thatch": ("thatch", FORM),
    "dried": ("thatch", MATERIAL),
    "kelp": ("thatch", MATERIAL),
    "mushroom": ("fabric", MATERIAL),
    # cold
    "snow": ("snow", FORM),
    "powder_snow": ("snow", FORM),
    "ice": ("ice", FORM),
    "frosted": ("ice", MATERIAL),
    # built
    "bricks": ("bricks", FORM),
    "brick": ("bricks", FORM),
    "tiles": ("tiles", FORM),
    "tile": ("tiles", FORM),
    "purpur": ("tiles", MATERIAL),
    "chiseled": ("stonebricks", MATERIAL),
    "concrete": ("concrete", FORM),
    "plaster": ("concrete", FORM),
    "cement": ("concrete", FORM),
    "wool": ("fabric", FORM),
    "carpet": ("fabric", FORM),
    "cloth": ("fabric", FORM),
    "fabric": ("fabric", FORM),
    "felt": ("fabric", FORM),
    "iron": ("metal", MATERIAL),
    "gold": ("metal", MATERIAL),
    "copper": ("metal", MATERIAL),
    "netherite": ("metal", MATERIAL),
    "steel": ("metal", MATERIAL),
    "metal": ("metal", MATERIAL),
    "diamond": ("metal", MATERIAL),
    "emerald": ("metal", MATERIAL),
    "lapis": ("metal", MATERIAL),
    "redstone": ("metal", MATERIAL),
    "furnace": ("stone", MATERIAL),
    "dispenser": ("stone", MATERIAL),
    "dropper": ("stone", MATERIAL),
    "observer": ("stone", MATERIAL),
    "piston": ("stone", MATERIAL),
    "chain": ("metal", FORM),
    "bars": ("metal", FORM),
    "rail": ("metal", FORM),
    "lantern": ("metal", SHAPE),
    "anvil": ("metal", FORM),
    "cauldron": ("metal", FORM),
    "hopper": ("metal", FORM),
    "oxidized": ("rust", MATERIAL + 1),
    "weathered": ("rust", MATERIAL + 1),
    "exposed": ("rust", MATERIAL),
    "rust": ("rust", FORM),
    "glass": ("glass", FORM),
    "pane": ("glass", FORM),
    "netherrack": ("netherrack", FORM),
    "magma": ("netherrack", FORM),
    "shroomlight": ("netherrack", FORM),
    "nether": ("netherrack", MATERIAL),
}
"""A word and the family it names, with its weight (FORM beats MATERIAL; ties go to the later word)."""

STONY = frozenset({"stone", "cobble", "granite", "marble", "porous"})
"""Materials whose bricks are stone bricks (stone_bricks, deepslate_bricks, end_stone_bricks)."""

LOG_END = frozenset({"top", "bottom", "stripped"})
"""Words that turn a log (bark) into its bare wood: the log's top and end, a stripped log."""

UNPICTURED = frozenset({"water", "lava"})
"""Words of things no photo of a solid material shows (a liquid's surface): an auto rule leaves them to `unmatched`
rather than fill water with wood grain or lava with soil, as the best-scoring photo of no family did."""

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_SPLIT = re.compile(r"[^A-Za-z0-9]+")
SUBWORD = 4
"""Shortest known word looked for inside an unknown one (a mod's `marblebricks`, `oakplank`)."""


def words(texture: str) -> list[str]:
    """The lower-case words of `namespace:path`: split at every non-letter, camelCase and digits."""
    out: list[str] = []
    for part in _SPLIT.split(texture):
        out.extend(w.lower() for w in _CAMEL.sub(" ", part).split() if not w.isdigit())
    return out


def _known(word: str) -> list[tuple[str, int]]:
    """The families one word names: itself if known, else the known words inside it (longest first)."""
    if word in WORDS:
        return [WORDS[word]]
    inside = sorted((k for k in WORDS if len(k) >= SUBWORD and k in word), key=lambda k: (-len(k), k))
    return [WORDS[k] for k in inside[:2]]


def unpictured(texture: str) -> str | None:
    """The word that says no library photo can show this texture (UNPICTURED), or None."""
    return next((w for w in words(texture) if w in UNPICTURED), None)


def family_of(texture: str) -> str | None:
    """The material family a texture's path names, or None when its words name none."""
    found: list[tuple[int, int, str]] = []
    for position, word in enumerate(words(texture)):
        found.extend((weight, position, family) for family, weight in _known(word))
    if not found:
        return None
    weight, _, family = max(found)
    if family == "bark" and weight == MATERIAL and ("planks" in {f for w, _, f in found if w == SHAPE}):
        return "planks"  # a wooden object of a wood that names no form: a bamboo door is bamboo planks
    if family == "bricks" and {f for _, _, f in found} & STONY:
        return "stonebricks"
    if family == "bark" and LOG_END & set(words(texture)):
        return "wood"
    return family
