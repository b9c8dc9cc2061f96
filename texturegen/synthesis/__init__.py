"""Synthesis of one texture: NumPy preparation here, the TensorFlow part in `neural` (imported on first use)."""
