"""Review fixtures: the real store and sample session of tests/store, shared rather than copied."""

from tests.store.conftest import sample, store  # noqa: F401  (fixtures, registered by import)
