"""texturegen: pixel-art resource packs upscaled by neural patch synthesis against photos.

The names users touch are loaded on first use, so a module deep inside (the SIGTERM handler that `dodo.py`
installs before anything else) imports neither NumPy nor Pillow with the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from texturegen.api import synthesize, synthesize_file
    from texturegen.core.errors import TexturegenError
    from texturegen.quality import metrics
    from texturegen.synthesis.settings import SynthesisSettings

__all__ = ["SynthesisSettings", "TexturegenError", "metrics", "synthesize", "synthesize_file"]
__version__ = "0.1.0"

_HOMES = {
    "synthesize": "texturegen.api",
    "synthesize_file": "texturegen.api",
    "TexturegenError": "texturegen.core.errors",
    "SynthesisSettings": "texturegen.synthesis.settings",
}


def __getattr__(name: str) -> Any:
    """The public names, imported when first asked for."""
    if name == "metrics":
        return importlib.import_module("texturegen.quality.metrics")
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'texturegen' has no attribute {name!r}")
