"""Bad and extreme input for the numerics of chapters 2-6: losses, numeric gradients, rate
theory, 2-D landscapes, objectives, random search and gradient descent, convexity checks,
curvature and the divergence check.

Each public function either raises a TypeError/ValueError whose message names the argument
(a DivergenceError naming the step for a run that diverges, with a hint that is true), or
returns a finite result, checked against a reference that does not share the code: Python's
``fractions`` and ``math``, ``mpmath`` at 50 digits, scipy, or the same problem scaled down
by a power of two (which changes no digit).
"""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import rosen

from lectures_lib.landscape import (convexity, curvature, curvature_cost, landscapes,
                                    moving_average, network_loss, objectives, online, runs)
from lectures_lib.nn import gradient_check, gradients, losses
from lectures_lib.optim import descent
from lectures_lib.landscape import theory
from lectures_lib.divergence import (FAR_OUT, DivergenceError, check_gradient, check_loss,
                                     hint)
from lectures_lib.optim import SGD

mpmath.mp.dps = 50
MAX = np.finfo(np.float64).max
FINITE = st.floats(allow_nan=False, allow_infinity=False)
ERRORS = (TypeError, ValueError, DivergenceError)


def error_naming(name, call, error=(TypeError, ValueError)):
    """The error ``call()`` raises, which must be an ``error`` with ``name`` in its message.

    (``support.raises_naming`` is the context-manager form, for several names at once.)
    """
    with pytest.raises(error) as info:
        call()
    assert name in str(info.value), f"{name!r} not in {str(info.value)!r}"
    return info.value


def all_finite(result):
    """True when every number in ``result`` (floats, arrays, tensors, tuples, dataclasses) is."""
    if isinstance(result, str) or callable(result):
        return True
    if isinstance(result, torch.Tensor):
        return bool(torch.isfinite(result).all())
    if isinstance(result, (tuple, list)):
        return all(all_finite(r) for r in result)
    if hasattr(result, "__dataclass_fields__"):
        return all(all_finite(getattr(result, k)) for k in result.__dataclass_fields__
                   if getattr(result, k) is not None)
    if isinstance(result, dict):
        return all(all_finite(v) for v in result.values())
    return bool(np.all(np.isfinite(np.asarray(result, dtype=float))))


# ------------------------------------------------------------------ losses


def softmax_reference(scores, y):
    """Mean softmax loss of integer scores times 2**k (given as (ints, k)), in mpmath."""
    ints, k = scores
    total = mpmath.mpf(0)
    with mpmath.workdps(400):          # scores up to 2**520 and log 2 to 50 digits beside them
        for row, label in zip(ints, y):
            s = [mpmath.ldexp(int(v), k) for v in row]
            total += mpmath.log(sum(mpmath.exp(v - max(s)) for v in s)) + max(s) - s[label]
        return total / len(y)


def test_issue_case_huge_weights_give_log_2_and_1():
    # equal scores of 1e200 each: the loss is log 2 (softmax) and the margin 1 (SVM)
    W, X, y = 1e200 * np.eye(2), np.array([[1.0, 1.0]]), np.array([0])
    loss, dW = losses.softmax_loss(W, X, y)
    assert loss == pytest.approx(math.log(2), rel=1e-15)
    np.testing.assert_allclose(dW, [[-0.5, 0.5], [-0.5, 0.5]], rtol=1e-15)
    loss, dW = losses.svm_loss(W, X, y)
    assert loss == 1.0
    np.testing.assert_array_equal(dW, [[-1.0, 1.0], [-1.0, 1.0]])


def test_scores_that_overflow_are_computed_scaled():
    # X @ W = 1e400 in each column: not representable, but the loss is log 2 all the same
    W, X = np.array([[1e200, 1e200]]), np.array([[1e200], [3e200]])
    loss, dW = losses.softmax_loss(W, X, [0, 1])
    assert loss == pytest.approx(math.log(2), rel=1e-15)
    np.testing.assert_allclose(dW, [[0.5e200, -0.5e200]], rtol=1e-15)   # (X.T @ (p - Y)) / 2
    assert losses.svm_loss(W, X, [0, 1])[0] == 1.0


@settings(max_examples=40)
@given(st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=1, max_size=4),
       st.integers(-500, 520), st.data())
def test_softmax_and_svm_at_any_scale_match_an_exact_reference(rows, k, data):
    # W = I scaled by 2**k: the scores are the integers times 2**k, exactly
    ints = np.array(rows, dtype=float)
    y = np.array(data.draw(st.lists(st.integers(0, 2), min_size=len(rows),
                                    max_size=len(rows))))
    W = np.ldexp(np.eye(3), k)
    try:
        loss, dW = losses.softmax_loss(W, ints, y)
    except ValueError as err:            # only when the loss itself is past float64's range
        assert "overflows" in str(err)
        assert softmax_reference((rows, k), y) > MAX
    else:
        assert loss == pytest.approx(float(softmax_reference((rows, k), y)), rel=1e-12, abs=1e-300)
        assert all_finite(dW)
    margins = [sum(max(mpmath.mpf(0), mpmath.ldexp(int(r[j]) - int(r[c]), k) + 1)
                   for j in range(3) if j != c) for r, c in zip(rows, y)]
    reference = sum(margins) / len(rows)
    try:
        loss, dW = losses.svm_loss(W, ints, y)
    except ValueError as err:
        assert "overflows" in str(err)
        assert max(margins) > MAX or reference > MAX
    else:
        assert loss == pytest.approx(float(reference), rel=1e-12)


def test_softmax_scores_loss_at_the_edge_of_float64():
    loss, dscores = losses.softmax_scores_loss([[1e308, -1e308, 1e308]], [0])
    assert loss == pytest.approx(math.log(2))
    np.testing.assert_allclose(dscores, [[-0.5, 0.0, 0.5]])
    error_naming("overflows", lambda: losses.softmax_scores_loss([[1e308, -1e308]], [1]))
    error_naming("scores", lambda: losses.softmax_scores_loss([[np.nan, 1.0]], [0]))
    error_naming("y", lambda: losses.softmax_scores_loss([[1.0, 2.0]], [5]))
    error_naming("scores", lambda: losses.softmax_scores_loss(np.zeros((1, 0)), [0]))


def test_losses_refuse_what_does_not_fit():
    error_naming("W", lambda: losses.softmax_loss(np.zeros((2, 0)), [[1.0, 1.0]], [0]))
    error_naming("reg", lambda: losses.softmax_loss(1e200 * np.eye(2), [[1.0, 1.0]], [0],
                                                     reg=1.0))
    error_naming("X", lambda: losses.svm_loss([[1.0, 0.0, 0.0]], [[1e308]], [1]))


# ------------------------------------------------------------------ numeric gradients


def test_numeric_gradient_refuses_a_step_below_the_float_spacing():
    err = error_naming("h = 1e-300", lambda: gradients.numeric_gradient(np.sum, [1.0],
                                                                        h=1e-300))
    assert "x[0]" in str(err)
    err = error_naming("h", lambda: gradients.numeric_gradient(np.sum, [0.0, 1e20]))
    assert "x[1]" in str(err)
    error_naming("h", lambda: gradients.numeric_gradient(np.sum, [1e308], h=1e308))
    error_naming("steps[1]", lambda: gradients.finite_difference_error(
        np.sum, np.ones_like, [1.0], [1e-3, 1e-320]))
    error_naming("h", lambda: gradient_check.grad_check_sparse(np.sum, [1.0], [1.0], h=1e-300))


def test_numeric_gradient_with_huge_steps_and_values_is_exact():
    # f = sum: (f(x + h) - f(x - h)) / 2h is 1; 2h and the difference would overflow
    assert gradients.numeric_gradient(np.sum, [1.0], h=1e308).tolist() == [1.0]
    g = gradients.numeric_gradient(lambda v: 1.5e308 * np.tanh(v[0]), [0.0], h=1.0)
    assert g[0] == pytest.approx(1.5e308 * math.tanh(1.0), rel=1e-15)
    error_naming("overflows", lambda: gradients.numeric_gradient(
        lambda v: 1.5e308 * np.tanh(1e10 * v[0]), [0.0], h=1e-5))


def test_numeric_gradient_checks_its_indices():
    error_naming("indices", lambda: gradients.numeric_gradient(np.sum, [1.0], indices=0))
    error_naming("indices", lambda: gradients.numeric_gradient(np.sum, [1.0], indices=[(3,)]))
    error_naming("indices", lambda: gradients.numeric_gradient(np.sum, [1.0],
                                                                indices=[(0.5,)]))
    error_naming("index", lambda: gradients.numeric_partial(np.sum, [1.0], None))
    assert gradients.numeric_partial(lambda v: v[0] ** 2, [3.0], 0) == pytest.approx(6.0)
    error_naming("f", lambda: gradients.numeric_gradient(3, [1.0]))


def test_relative_error_of_opposite_extremes_is_one():
    assert gradient_check.relative_error([1e308], [-1e308]) == 1.0
    assert gradient_check.relative_error([MAX], [MAX / 3]) == pytest.approx(0.5)
    assert gradient_check.relative_error(torch.tensor([1.0], requires_grad=True), [3.0]) == 0.5
    error_naming("error", lambda: gradient_check.format_error(-1.0))
    error_naming("seed", lambda: gradient_check.grad_check_sparse(np.sum, [1.0], [1.0], seed=-1))


@given(st.lists(st.tuples(FINITE, FINITE), min_size=1, max_size=4),
       st.floats(1e-300, 1e300))
def test_relative_error_matches_fractions(pairs, floor):
    a, b = zip(*pairs)
    expected = max(abs(Fraction(x) - Fraction(y)) / max(abs(Fraction(x)) + abs(Fraction(y)),
                                                       Fraction(floor)) for x, y in pairs)
    assert gradient_check.relative_error(a, b, floor=floor) == pytest.approx(float(expected),
                                                                       rel=1e-14)


@given(st.floats(-1e300, 1e300), st.floats(1e-320, 1e308))
def test_numeric_gradient_of_a_line_is_its_slope_or_the_step_is_refused(x, h):
    try:
        g = gradients.numeric_gradient(lambda v: 3.0 * v[0], [x], h=h)
    except ValueError as err:
        if "f(x)" in str(err):         # f itself overflows at x ± h
            assert 3 * max(abs(Fraction(x + h)), abs(Fraction(x - h))) > MAX
        else:
            assert "h" in str(err)
            assert x + h == x or x - h == x or not np.isfinite([x + h, x - h]).all() \
                or "overflows" in str(err)
    else:
        assert np.isfinite(g).all()
        # the difference quotient of f's rounded values at the rounded points x ± h
        exact = (Fraction(3.0 * (x + h)) - Fraction(3.0 * (x - h))) / (2 * Fraction(h))
        assert g[0] == pytest.approx(float(exact), rel=1e-12)


# ------------------------------------------------------------------ theory


def test_gd_optimal_lr_at_the_top_of_float64():
    assert theory.gd_optimal_lr([1e308, 1e308]) == 1e-308
    assert theory.momentum_optimal([1e308, 1e308]) == (pytest.approx(1e-308), 0.0)
    error_naming("too small", lambda: theory.gd_optimal_lr([1e-320]))
    error_naming("overflows", lambda: theory.condition_number([1e-320, 1e308]))
    error_naming("lr", lambda: theory.gd_rate(1e308, [1e308]))
    error_naming("bias_correction", lambda: moving_average.ewma([1.0], 0.5, bias_correction="no"))
    error_naming("values", lambda: moving_average.ewma(3.0, 0.5))


@given(st.lists(st.floats(1e-300, MAX), min_size=1, max_size=4))
def test_gd_optimal_lr_matches_fractions(eigs):
    expected = 2 / (Fraction(min(eigs)) + Fraction(max(eigs)))
    assert theory.gd_optimal_lr(eigs) == pytest.approx(float(expected), rel=1e-15)
    kappa = Fraction(max(eigs)) / Fraction(min(eigs))
    if kappa > MAX:
        error_naming("overflows", lambda: theory.condition_number(eigs))
    else:
        assert theory.condition_number(eigs) == pytest.approx(float(kappa), rel=1e-15)


@given(st.floats(0, 1e200), st.floats(0, 0.99), st.floats(1e-10, 1e200))
def test_momentum_rate_far_out_matches_mpmath(lr, beta, eig):
    # the largest root modulus of s^2 - T s + beta, T = 1 + beta - lr * eig
    T = 1 + mpmath.mpf(beta) - mpmath.mpf(lr) * mpmath.mpf(eig)
    disc = T * T - 4 * mpmath.mpf(beta)
    expected = mpmath.sqrt(beta) if disc < 0 else (abs(T) + mpmath.sqrt(disc)) / 2
    try:
        rate = theory.momentum_rate(lr, beta, [eig])
    except ValueError as err:
        assert "overflows" in str(err) and expected > MAX / 2
    else:
        assert rate == pytest.approx(float(expected), rel=1e-7, abs=1e-12)


@given(st.lists(st.floats(1e-300, 1e300), min_size=3, max_size=8))
def test_measured_rate_matches_mpmath(errors):
    last, half = len(errors) - 1, (len(errors) - 1) // 2
    expected = (mpmath.mpf(errors[last]) / errors[half]) ** (mpmath.mpf(1) / (last - half))
    try:
        rate = theory.measured_rate(errors)
    except ValueError as err:
        assert "overflows" in str(err) and expected > MAX
    else:
        assert rate == pytest.approx(float(expected), rel=1e-12, abs=1e-300)


@given(st.lists(st.floats(-MAX, MAX), min_size=1, max_size=6), st.floats(0, 0.999),
       st.booleans())
def test_ewma_stays_finite_and_matches_fractions(values, beta, correct):
    out = moving_average.ewma(values, beta, bias_correction=correct)
    assert all_finite(out)
    V, b = Fraction(0), Fraction(beta)
    for t, theta in enumerate(values, start=1):
        V = b * V + (1 - b) * Fraction(theta)
        expected = V / (1 - b ** t) if correct else V
        assert out[t - 1] == pytest.approx(float(expected), rel=1e-9, abs=1e-290)


# ------------------------------------------------------------------ divergence


def test_check_loss_validates_its_arguments():
    error_naming("blowup", lambda: check_loss(1.0, 1, initial_loss=1.0, blowup=-1))
    error_naming("initial_loss", lambda: check_loss(1.0, 1, initial_loss=float("nan")))
    error_naming("loss", lambda: check_loss("a", 1))
    error_naming("loss", lambda: check_loss(None, 1))
    error_naming("lr", lambda: check_loss(1.0, 1, lr=-0.1))
    assert check_loss(torch.tensor(2.0), 1) == 2.0
    error_naming("grad", lambda: check_gradient(["a"], 1))


def test_the_hint_blames_the_start_or_the_learning_rate_truthfully():
    err = error_naming("start", lambda: check_loss(float("nan"), 0, lr=0.1), DivergenceError)
    assert "too large" not in str(err)
    err = error_naming("start point", lambda: check_loss(
        float("inf"), 4, initial_loss=1e150, lr=0.1), DivergenceError)
    assert "not the learning rate" in str(err)
    error_naming("learning rate 0.1 is probably too large",
                  lambda: check_loss(float("inf"), 4, initial_loss=3.0, lr=0.1), DivergenceError)
    assert "start" in hint("0 (before training)", lr=0.1)
    assert "gradient there was already" in hint(5, initial_grad=10 * FAR_OUT)


@given(st.floats(allow_nan=True), st.floats(-1e300, 1e300), st.floats(1.5, 1e10))
def test_check_loss_raises_exactly_when_the_loss_is_bad(loss, first, blowup):
    bad = not math.isfinite(loss) or loss > blowup * max(abs(first), 1.0)
    if bad:
        error_naming("step 7", lambda: check_loss(loss, 7, initial_loss=first, blowup=blowup),
                      DivergenceError)
    else:
        assert check_loss(loss, 7, initial_loss=first, blowup=blowup) == loss


# ------------------------------------------------------------------ landscapes


def test_run_from_a_start_beyond_float64_blames_the_start():
    err = error_naming("start point", lambda: runs.run(
        landscapes.quadratic(), SGD, 10, start=(1e200, 1.0), lr=0.1), DivergenceError)
    assert "step 0" in str(err) and "too large" not in str(err)
    # the start's value is finite but enormous: the run blows up, and the start is blamed
    err = error_naming("start point is the likely problem", lambda: runs.run(
        landscapes.rosenbrock(), SGD, 10, start=(1e70, 1.0), lr=1e-3), DivergenceError)
    assert "1e+282" in str(err)
    # from the usual start a too-large learning rate is still blamed on the learning rate
    error_naming("learning rate 2.2 is probably too large", lambda: runs.run(
        landscapes.quadratic(10.0), SGD, 200, lr=2.2), DivergenceError)


def test_landscapes_compute_far_out_values_stably():
    assert landscapes.saddle()([1e200, 1e200]) == 0.0            # (x - y)(x + y)
    assert landscapes.saddle()([MAX, -MAX]) == 0.0
    x = 1.5e154                                                    # x**2 overflows, x**2 / 2 not
    assert landscapes.quadratic(1.0)([x, 0.0]) == float(Fraction(x) ** 2 / 2)
    error_naming("too far out", lambda: landscapes.quadratic()([1e200, 1.0]))
    error_naming("w", lambda: landscapes.quadratic()([1.0, 2.0, 3.0]))
    assert landscapes.rosenbrock().value([1.0, 2.0]) == pytest.approx(rosen([1.0, 2.0]))
    assert landscapes.rosenbrock().gradient([1.0, 1.0]).tolist() == [0.0, 0.0]


def test_landscape_arguments_are_checked():
    q = landscapes.quadratic()
    error_naming("kappa", lambda: landscapes.quadratic(1e-320))
    error_naming("seed", lambda: landscapes.with_gradient_noise(q, seed=-1))
    error_naming("landscape", lambda: landscapes.with_gradient_noise(3))
    error_naming("start", lambda: runs.run(q, SGD, 5, start=(1.0, 2.0, 3.0), lr=0.1))
    error_naming("optimizer", lambda: runs.run(q, 3, 5, lr=0.1))
    error_naming("schedule(t)", lambda: runs.run(q, SGD, 5, lr=0.1,
                                                        schedule=lambda t: -1.0))
    wrong = landscapes.Landscape("wrong", lambda w: np.sum(w ** 2, -1), lambda w: np.zeros(3),
                                 (1.0, 1.0), (-1, 1), (-1, 1))
    err = error_naming("(3,)", lambda: runs.run(wrong, SGD, 5, lr=0.1))
    assert "(2,)" in str(err)
    error_naming("xlim", lambda: landscapes.Landscape("x", np.sum, np.sign, (0, 0), (1, -1),
                                                       (-1, 1)))
    error_naming("bounds", lambda: online.run_online(SGD, [1.0], bounds=(1, -1), lr=0.1))
    error_naming("bounds", lambda: online.run_online(SGD, [1.0], bounds=(1, 2, 3), lr=0.1))
    error_naming("start", lambda: online.run_online(SGD, [1.0], start=5.0,
                                                         bounds=(-1, 1), lr=0.1))
    error_naming("start", lambda: online.run_online(SGD, [1.0], start=[1.0, 2.0], lr=0.1))
    error_naming("C", lambda: online.online_counterexample(SGD, 5, C="a", lr=0.1))
    error_naming("step 1", lambda: online.run_online(SGD, [1e308, 1e308], lr=10),
                  DivergenceError)


@settings(max_examples=40)
@given(st.tuples(st.floats(-1e300, 1e300), st.floats(-1e300, 1e300)), st.floats(0, 3))
def test_run_from_any_start_gives_a_finite_path_or_a_true_diagnosis(start, lr):
    f = landscapes.quadratic(10.0)
    try:
        result = runs.run(f, SGD, 20, start=start, lr=lr)
    except DivergenceError as err:
        message = str(err)
        exact = Fraction(start[0]) ** 2 / 20 + Fraction(start[1]) ** 2 / 2
        if exact > MAX:
            assert "step 0" in message and "start" in message
        elif exact >= FAR_OUT:
            assert "start point" in message
        else:
            assert lr > 2 and "learning rate" in message and "too large" in message
    else:
        assert all_finite(result)
        np.testing.assert_allclose(result.losses, f.value(result.path), rtol=1e-12)


# ------------------------------------------------------------------ objectives


def test_objectives_accept_lists_arrays_and_other_dtypes():
    assert objectives.rosenbrock([1.0, 2.0]) == pytest.approx(rosen([1.0, 2.0]))
    assert objectives.rosenbrock(torch.tensor([1, 2])).item() == pytest.approx(100.0)
    f = objectives.quadratic(np.eye(2))
    value = f(torch.tensor([1.0, 2.0], dtype=torch.float32))
    assert value.dtype == torch.float64 and value.item() == 2.5
    assert f([1.0, 2.0]).item() == 2.5
    w = torch.tensor([1.0, 2.0], requires_grad=True)      # autograd survives the cast
    f(w).backward()
    assert w.grad.tolist() == [1.0, 2.0]
    L = objectives.logistic_loss([[1.0, 2.0]], [0])
    assert L(torch.zeros(2)).item() == pytest.approx(math.log(2))


def test_objectives_name_bad_input():
    error_naming("w", lambda: objectives.rosenbrock(torch.tensor(1.0)))
    error_naming("w", lambda: objectives.quadratic(np.eye(2))(torch.ones(3)))
    error_naming("A", lambda: objectives.quadratic([[1.0, 1e-9], [0.0, 1.0]]))
    error_naming("A", lambda: objectives.quadratic(np.zeros((0, 0))))
    error_naming("y", lambda: objectives.logistic_loss([[1.0, 2.0]], [True]))
    error_naming("X", lambda: objectives.logistic_loss(np.zeros((0, 2)), []))
    error_naming("w", lambda: objectives.logistic_loss([[1.0, 2.0]], [0])(torch.ones(3)))
    error_naming("seed", lambda: objectives.minibatch_loss([[1.0, 2.0]], [0], 1, seed=-1))


# ------------------------------------------------------------------ descent


def square(W):
    return float(np.sum(W ** 2)), 2 * W


def test_gradient_descent_checks_what_loss_fn_returns():
    err = error_naming("dW", lambda: descent.gradient_descent(
        lambda W: (0.0, np.zeros((3, 1))), np.zeros(3), 0.1, 2))
    assert "(3, 1)" in str(err) and "(3,)" in str(err)
    error_naming("loss_fn", lambda: descent.gradient_descent(lambda W: 1.0, [1.0], 0.1, 2))
    error_naming("loss", lambda: descent.gradient_descent(lambda W: ("a", W), [1.0], 0.1, 2))
    error_naming("loss_fn", lambda: descent.gradient_descent(None, [1.0], 0.1, 2))
    err = error_naming("start", lambda: descent.gradient_descent(square, [1e200], 0.1, 2),
                        DivergenceError)
    assert "too large" not in str(err)
    error_naming("gradient", lambda: descent.gradient_descent(
        lambda W: (1.0, W * np.nan), [1.0], 0.1, 2), DivergenceError)


def test_random_search_checks_its_arguments():
    error_naming("seed", lambda: descent.random_search(square, (2,), 3, seed=-1))
    error_naming("shape", lambda: descent.random_search(square, (-2,), 3))
    error_naming("shape", lambda: descent.random_search(square, "ab", 3))
    error_naming("loss_fn", lambda: descent.random_search(lambda W: np.nan, (2,), 3))
    error_naming("scale", lambda: descent.random_search(square, (2,), 3, scale=1e308))
    assert descent.random_search(lambda W: float(W.sum()), 2, 3).W.shape == (2,)


# ------------------------------------------------------------------ convexity


def test_chord_helpers_name_bad_input():
    error_naming("x1", lambda: convexity.chord_gap(np.square, np.nan, 1.0, 0.5))
    error_naming("x2", lambda: convexity.chord_gap(np.square, 1.0, "a", 0.5))
    error_naming("f", lambda: convexity.chord_gap(None, 1.0, 1.0, 0.5))
    error_naming("f(x1)", lambda: convexity.chord_gap(np.square, 1e200, -1e200, 0.5))
    error_naming("f(t x1", lambda: convexity.chord_gap(lambda x: np.nan, 1.0, 2.0, 0.5))
    assert convexity.chord_gap(lambda x: torch.tensor(float(x)) ** 2, 1.0, 2.0, 0.5) == -0.25
    err = error_naming("xs", lambda: convexity.worst_chord([0.0, 2.0, 1.0], [0.0, 1.0, 2.0]))
    assert "xs[1] = 2" in str(err)
    error_naming("values", lambda: convexity.worst_chord([0.0, 1.0, 2.0], [0.0, np.nan, 1.0]))
    error_naming("values", lambda: convexity.worst_chord([0.0, 1.0, 2.0],
                                                          [1e308, -1e308, 1e308]))


@settings(max_examples=30)
@given(st.lists(st.floats(-10, 10), min_size=3, max_size=12, unique=True),
       st.integers(-1000, 1000), st.integers(-1000, 1000), st.data())
def test_worst_chord_at_any_scale_is_the_scaled_worst_chord(xs, kx, kv, data):
    xs = np.sort(np.array(xs))
    assume(np.all(np.diff(xs) > 1e-6))
    values = np.array(data.draw(st.lists(st.floats(-10, 10), min_size=len(xs),
                                         max_size=len(xs))))
    base = convexity.worst_chord(xs, values)
    big_x, big_v = np.ldexp(xs, kx), np.ldexp(values, kv)
    assume(np.all(np.isfinite(big_x)) and np.all(np.isfinite(big_v)))
    assume(np.all(np.abs(big_x[big_x != 0]) > 1e-300) and np.all(np.abs(big_v[big_v != 0])
                                                                  > 1e-290))
    try:
        check = convexity.worst_chord(big_x, big_v)
    except ValueError as err:
        assert "values" in str(err) and abs(math.ldexp(base.gap, kv)) > MAX / 4
    else:
        assert check.gap == pytest.approx(math.ldexp(base.gap, kv), rel=1e-9,
                                          abs=math.ldexp(1e-12, kv))
        assert check.t == pytest.approx(base.t)


def test_loss_along_line_casts_data_to_the_model():
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 3)
    X, y = torch.randint(-3, 3, (5, 2)), torch.tensor([0, 1, 2, 0, 1])
    d = network_loss.random_direction(model)
    expected = network_loss.loss_along_line(model, X.float(), y, d, [0.0, 1.0])
    np.testing.assert_allclose(network_loss.loss_along_line(model, X, y, d, [0.0, 1.0]), expected)
    np.testing.assert_allclose(network_loss.loss_along_line(model, X.numpy(), y.tolist(),
                                                         d.tolist(), [0.0, 1.0]), expected)
    np.testing.assert_allclose(network_loss.loss_along_line(model, X.double(), y, d, [0.0, 1.0]),
                               expected, rtol=1e-6)
    error_naming("ts", lambda: network_loss.loss_along_line(model, X, y, d, [1e308]))
    error_naming("direction", lambda: network_loss.loss_along_line(model, X, y, d * np.nan, [0.]))
    error_naming("y", lambda: network_loss.loss_along_line(model, X, y[:2], d, [0.0]))
    error_naming("X, y", lambda: network_loss.loss_along_line(model, X, y + 3, d, [0.0]))
    error_naming("seed", lambda: network_loss.random_direction(model, seed=-1))
    error_naming("model", lambda: network_loss.random_direction(3))


# ------------------------------------------------------------------ curvature


def test_flat_loss_and_quadratic_model_cast_and_name_bad_input():
    model = torch.nn.Linear(2, 3)
    X, y = torch.ones(4, 2, dtype=torch.int64), [0, 1, 2, 0]
    f, w0 = network_loss.flat_loss(model, X, y)
    expected = F.cross_entropy(model(X.float()), torch.tensor(y)).item()
    assert f(w0).item() == pytest.approx(expected)
    assert f(w0.double()).item() == pytest.approx(expected)
    error_naming("X", lambda: network_loss.flat_loss(model, X, y[:2]))
    error_naming("X", lambda: network_loss.flat_loss(model, [[np.nan, 1.0]], [0]))
    error_naming("loss_fn", lambda: network_loss.flat_loss(model, X, y, loss_fn=None))
    m = curvature.quadratic_model(lambda w: (w ** 2).sum(), [1.0])
    assert m([2.0]).item() == 4.0
    error_naming("w", lambda: m([2.0, 3.0]))
    error_naming("w", lambda: m("a"))
    error_naming("overflows", lambda: m([1e200]))
    error_naming("x0", lambda: curvature.quadratic_model(lambda w: (w ** 2).sum(), [1e200]))
    error_naming("sizes", lambda: curvature_cost.hessian_cost(lambda n: torch.sum, 3))
    # H v = 2 w v = 2e300, though the gradient times v (1e310) overflows: v is scaled first
    Hv = curvature.hvp(lambda w: (w ** 3).sum() / 3, [1e10], [1e290])
    assert Hv.item() == pytest.approx(float(2 * Fraction(1e10) * Fraction(1e290)), rel=1e-15)
    error_naming("H v", lambda: curvature.hvp(lambda w: (w ** 3).sum(), [1.0], [1e308]))
    error_naming("f_of_size", lambda: curvature_cost.hessian_cost(lambda n: 3, [2]))


# ------------------------------------------------------------------ random bad input


BAD = [None, "abc", True, float("nan"), float("inf"), -1, -1.5, 0, 1e308, 1e-320, 2**64, [],
       [[1.0], [2.0, 3.0]], np.zeros((0, 2)), np.array([True, False]), np.full((2, 2), np.nan),
       1 + 2j, [1e308, -1e308], [1e-320, 5e-324], np.array([1, 2], dtype=np.int8),
       torch.tensor([1.0, 2.0], dtype=torch.float32), (1.0, 2.0)]
NUMBERS = st.one_of(st.floats(), st.integers(-2**70, 2**70), st.floats(width=32))
RANDOM = st.one_of(st.sampled_from(BAD), NUMBERS, st.lists(NUMBERS, max_size=4),
                   st.lists(st.lists(st.floats(), min_size=2, max_size=2), min_size=1,
                            max_size=3).map(np.array))

W0, X0, Y0 = np.eye(2), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0, 1])
Q = landscapes.quadratic()
CALLS = {
    "softmax_loss W": ("W", lambda v: losses.softmax_loss(v, X0, Y0)),
    "softmax_loss X": ("X", lambda v: losses.softmax_loss(W0, v, Y0)),
    "softmax_loss y": ("y", lambda v: losses.softmax_loss(W0, X0, v)),
    "svm_loss reg": ("reg", lambda v: losses.svm_loss(W0, X0, Y0, reg=v)),
    "svm_loss margin": ("margin", lambda v: losses.svm_loss(W0, X0, Y0, margin=v)),
    "softmax_scores_loss": ("scores", lambda v: losses.softmax_scores_loss(v, [0])),
    "numeric_gradient x": ("x", lambda v: gradients.numeric_gradient(np.sum, v)),
    "numeric_gradient h": ("h", lambda v: gradients.numeric_gradient(np.sum, [1.0], h=v)),
    "relative_error a": ("a", lambda v: gradient_check.relative_error(v, [1.0, 2.0])),
    "relative_error floor": ("floor", lambda v: gradient_check.relative_error([1.0], [2.0], v)),
    "format_error": ("error", lambda v: gradient_check.format_error(v)),
    "grad_check_sparse seed": ("seed", lambda v: gradient_check.grad_check_sparse(
        np.sum, [1.0], [1.0], 2, seed=v)),
    "grad_check_sparse num_checks": ("num_checks", lambda v: gradient_check.grad_check_sparse(
        np.sum, [1.0], [1.0], v)),
    "gd_rate lr": ("lr", lambda v: theory.gd_rate(v, [1.0, 2.0])),
    "gd_optimal_lr": ("eigs", lambda v: theory.gd_optimal_lr(v)),
    "momentum_rate beta": ("beta", lambda v: theory.momentum_rate(0.1, v, [1.0])),
    "momentum_optimal": ("eigs", lambda v: theory.momentum_optimal(v)),
    "measured_rate": ("errors", lambda v: theory.measured_rate(v)),
    "ewma": ("values", lambda v: moving_average.ewma(v, 0.5)),
    "quadratic kappa": ("kappa", lambda v: landscapes.quadratic(v)),
    "landscape call": ("w", lambda v: Q(v)),
    "noise scale": ("scale", lambda v: landscapes.with_gradient_noise(Q, scale=v)),
    "noise seed": ("seed", lambda v: landscapes.with_gradient_noise(Q, seed=v)),
    "run start": ("start", lambda v: runs.run(Q, SGD, 3, start=v, lr=0.1)),
    "run num_steps": ("num_steps", lambda v: runs.run(Q, SGD, v, lr=0.1)),
    "run_online gradients": ("gradients", lambda v: online.run_online(SGD, v, lr=0.1)),
    "run_online start": ("start", lambda v: online.run_online(SGD, [1.0], start=v, lr=0.1)),
    "run_online bounds": ("bounds", lambda v: online.run_online(SGD, [1.0], bounds=v,
                                                                    lr=0.1)),
    "counterexample c": ("c", lambda v: online.online_counterexample(SGD, 3, c=v, lr=0.1)),
    "rosenbrock": ("w", lambda v: objectives.rosenbrock(v)),
    "quadratic A": ("A", lambda v: objectives.quadratic(v)),
    "quadratic f(w)": ("w", lambda v: objectives.quadratic(np.eye(2))(v)),
    "logistic X": ("X", lambda v: objectives.logistic_loss(v, [0, 1])),
    "logistic y": ("y", lambda v: objectives.logistic_loss(X0, v)),
    "minibatch seed": ("seed", lambda v: objectives.minibatch_loss(X0, Y0, 1, seed=v)),
    "random_search shape": ("shape", lambda v: descent.random_search(square, v, 2)),
    "random_search scale": ("scale", lambda v: descent.random_search(square, (2,), 2, v)),
    "gradient_descent W0": ("W0", lambda v: descent.gradient_descent(square, v, 0.1, 2)),
    "gradient_descent lr": ("lr", lambda v: descent.gradient_descent(square, [1.0], v, 2)),
    "chord_gap t": ("t", lambda v: convexity.chord_gap(np.square, 0.0, 1.0, v)),
    "chord_gap x1": ("x1", lambda v: convexity.chord_gap(np.square, v, 1.0, 0.5)),
    "worst_chord values": ("values", lambda v: convexity.worst_chord([0.0, 1.0, 2.0], v)),
    "random_direction seed": ("seed", lambda v: network_loss.random_direction(
        torch.nn.Linear(1, 1), seed=v)),
    "value_and_grad x": ("x", lambda v: curvature.value_and_grad(torch.sum, v)),
    "hvp v": ("v", lambda v: curvature.hvp(lambda w: (w ** 3).sum(), [1.0, 2.0], v)),
    "check_loss initial_loss": ("initial_loss", lambda v: check_loss(1.0, 1, initial_loss=v)),
    "check_loss blowup": ("blowup", lambda v: check_loss(1.0, 1, blowup=v)),
}


COUNTS = ("num_steps", "num_checks", "shape")


def too_many(name, value):
    """A count so large that the call would run for ages: asked for, so not an error."""
    return name in COUNTS and isinstance(value, (int, np.integer)) and value > 10**4


def named_or_finite(which, value):
    """Call CALLS[which] with ``value``: a named error or a finite result."""
    name, call = CALLS[which]
    if too_many(name, value):
        return
    try:
        result = call(value)
    except ERRORS as err:
        assert name in str(err) or isinstance(err, DivergenceError), (which, value, str(err))
    else:
        assert all_finite(result), (which, value, result)


@pytest.mark.parametrize("which", sorted(CALLS))
def test_every_bad_value_is_named_or_gives_a_finite_result(which):
    for value in BAD:
        named_or_finite(which, value)


@settings(max_examples=200)
@given(st.sampled_from(sorted(CALLS)), RANDOM)
def test_random_input_is_named_or_gives_a_finite_result(which, value):
    named_or_finite(which, value)
