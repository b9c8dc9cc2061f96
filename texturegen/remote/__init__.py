"""Synthesis on a Dask cluster: workers make the PNG bytes, the doit process keeps the graph and the files."""
