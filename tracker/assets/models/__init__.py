"""Data files shipped inside the package (trained weights, read with importlib.resources)."""
