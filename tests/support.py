"""Helpers shared by several test files (pytest puts this folder on ``sys.path``)."""

import contextlib
import warnings

import numpy as np
import pytest
import sklearn.metrics as skm

import lectures_lib.metrics as lm


@contextlib.contextmanager
def raises_naming(exc, *names):
    """``pytest.raises(exc)``, plus a check that the message holds every one of ``names``."""
    with pytest.raises(exc) as info:
        yield info
    for name in names:
        assert name in str(info.value), (name, str(info.value))


def call(fn, *args, **kwargs):
    """``fn``'s result (or ValueError/TypeError, the kind it raised) and its user warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(*args, **kwargs)
        except ValueError:  # sklearn's InvalidParameterError is both: ValueError first
            result = ValueError
        except TypeError:
            result = TypeError
    return result, [(w.category, str(w.message)) for w in caught
                    if issubclass(w.category, UserWarning)]


def assert_same(ours, theirs):
    """The same numbers (or the same error kind) from lectures_lib and scikit-learn."""
    if isinstance(theirs, type) or isinstance(ours, type):
        assert ours is theirs, f"ours gave {ours}, scikit-learn {theirs}"
        return
    ours = ours if isinstance(ours, tuple) else (ours,)
    theirs = theirs if isinstance(theirs, tuple) else (theirs,)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        assert a.shape == b.shape, f"shapes differ: {a.shape} vs {b.shape}"
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True)


def compare(name, *args, **kwargs):
    """Call metric ``name`` from both libraries: the same values (or error kind) and warnings."""
    ours, our_warnings = call(getattr(lm, name), *args, **kwargs)
    theirs, their_warnings = call(getattr(skm, name), *args, **kwargs)
    assert_same(ours, theirs)
    assert our_warnings == their_warnings
    return ours
