"""Tests of the claim assessor (tracker.comparison.claims) and `tracker claims`."""
