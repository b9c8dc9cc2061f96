"""texturegen: pixel-art resource packs upscaled by neural patch synthesis against photos."""

from texturegen.api import synthesize, synthesize_file
from texturegen.core.errors import TexturegenError
from texturegen.quality import metrics
from texturegen.synthesis.settings import SynthesisSettings

__all__ = ["SynthesisSettings", "TexturegenError", "metrics", "synthesize", "synthesize_file"]
__version__ = "0.1.0"
