"""Data shipped inside the package, read with importlib.resources, never code.

``models/`` holds trained weights: the claim-strength linear model and int8 encoder
(comparison/claim_model.py, claim_encoder.py) and the reference CRF
(extraction/ref_model.py), rebuilt by benchmarks/train_*.py. ``demo_pages/`` holds the
bundled article and the revisions that ``tracker demo`` serves.
"""
