"""Settings every test shares.

Hypothesis's per-example deadline is a timed assertion: on a loaded machine (CI on two
cores, a suite beside other work) a correct property fails on time alone. Speed is
measured by benchmarks/, so the deadline is off for every property.
"""

from hypothesis import settings

settings.register_profile("tracker", deadline=None)
settings.load_profile("tracker")
