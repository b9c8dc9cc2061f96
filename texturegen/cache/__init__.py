"""A content-addressed store of synthesized textures, shared by builds and machines."""
