"""The pack model: resource packs, models and blockstates, classification, pack formats, worlds."""
