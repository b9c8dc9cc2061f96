"""LabPBR normal (`_n`) and specular (`_s`) maps made from a synthesized texture and its seed (NumPy only).

The encodings follow the LabPBR Material Standard 1.3 (shaderLABS wiki,
https://shaderlabs.org/wiki/LabPBR_Material_Standard); docs/pbr.md says channel by channel what is written.
"""
