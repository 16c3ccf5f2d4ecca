import matplotlib

matplotlib.use("Agg")  # tests draw figures without a display

from hypothesis import HealthCheck, settings

# Property-based tests (tests/test_bad_input_*.py) draw the same examples on every run: make test
# must never flake, and a failure must reproduce. No example database is written to the clone.
settings.register_profile("lectures", derandomize=True, deadline=None, database=None,
                          max_examples=60, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lectures")
