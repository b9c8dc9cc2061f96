"""texturegen: pixel-art resource packs upscaled by neural patch synthesis against photos."""

from texturegen.api import synthesize, synthesize_file
from texturegen.errors import TexturegenError
from texturegen.settings import SynthesisSettings

__all__ = ["SynthesisSettings", "TexturegenError", "synthesize", "synthesize_file"]
__version__ = "0.1.0"
