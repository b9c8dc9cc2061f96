"""DESIGN.md's quality figures and the before/after preview."""
