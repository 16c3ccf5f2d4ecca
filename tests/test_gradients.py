"""lectures_lib.nn.gradients and .gradient_check against closed forms and torch.autograd."""

import numpy as np
import pytest
import torch

from lectures_lib.nn.gradient_check import grad_check_sparse, relative_error
from lectures_lib.nn.gradients import finite_difference_error, numeric_gradient, numeric_partial


def torch_grad(fn, x):
    """The gradient of a torch function at x (float64), by autograd."""
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    fn(t).backward()
    return t.grad.numpy()


def smooth(v):
    """A smooth, non-quadratic scalar function written once for NumPy arrays and torch tensors."""
    sin = torch.sin if isinstance(v, torch.Tensor) else np.sin
    flat = v.reshape(-1)
    return (v ** 3).sum() + flat[0] * flat[-1] + sin(v).sum()


@pytest.mark.parametrize("shape", [(1,), (5,), (3, 4), (2, 3, 2)])
def test_numeric_gradient_matches_autograd(shape):
    x = np.random.default_rng(0).standard_normal(shape)
    assert relative_error(numeric_gradient(smooth, x), torch_grad(smooth, x)) < 1e-8


def test_forward_differences_have_first_order_error():
    # f(x) = x^2: forward difference is exactly 2x + h, centred is exactly 2x.
    x = np.array([1.5, -2.0])
    f = lambda v: float(np.sum(v ** 2))
    np.testing.assert_allclose(numeric_gradient(f, x, h=1e-3, method="forward"), 2 * x + 1e-3, atol=1e-9)
    np.testing.assert_allclose(numeric_gradient(f, x, h=1e-3), 2 * x, atol=1e-9)


def test_numeric_gradient_leaves_x_unchanged_and_returns_its_shape():
    x = np.arange(6.0).reshape(2, 3)
    before = x.copy()
    grad = numeric_gradient(lambda v: float(np.sum(v ** 2)), x)
    assert grad.shape == x.shape
    np.testing.assert_array_equal(x, before)


def test_numeric_gradient_accepts_integer_input():
    np.testing.assert_allclose(numeric_gradient(lambda v: float(np.sum(v ** 2)), [1, 2]), [2.0, 4.0], atol=1e-8)


def test_numeric_partial_is_one_coordinate_of_the_gradient():
    x = np.random.default_rng(1).standard_normal((3, 2))
    full = numeric_gradient(smooth, x)
    assert numeric_partial(smooth, x, (2, 1)) == pytest.approx(full[2, 1], abs=1e-12)


@pytest.mark.parametrize("bad_x, error, words", [
    ("abc", TypeError, "x must be a numeric array"),
    ([True, False], TypeError, "x must be a numeric array"),
    ([1.0, np.nan], ValueError, "x must be finite"),
])
def test_numeric_gradient_rejects_bad_x(bad_x, error, words):
    with pytest.raises(error, match=words):
        numeric_gradient(lambda v: 0.0, bad_x)


@pytest.mark.parametrize("h", [0.0, -1e-5])
def test_numeric_gradient_rejects_non_positive_step(h):
    with pytest.raises(ValueError, match=f"h must be > 0, got {float(h)}"):
        numeric_gradient(lambda v: 0.0, [1.0], h=h)


def test_numeric_gradient_rejects_unknown_method():
    with pytest.raises(ValueError, match="method must be one of"):
        numeric_gradient(lambda v: 0.0, [1.0], method="backward")


def test_numeric_gradient_rejects_a_function_that_is_not_scalar():
    with pytest.raises(TypeError, match=r"f\(x\) must be a single number, got an array of shape \(2,\)"):
        numeric_gradient(lambda v: v * 2, [1.0, 2.0])


def test_numeric_gradient_rejects_a_function_that_returns_nan():
    with pytest.raises(ValueError, match=r"f\(x\) must be finite"):
        numeric_gradient(lambda v: v[0] * np.inf, [1.0])


def test_relative_error_values():
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0], [3.0]) == pytest.approx(0.5)
    assert relative_error([1.0, 10.0], [1.0, 11.0]) == pytest.approx(1 / 21)
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        relative_error([1.0, 2.0], [1.0, 2.0, 3.0])


def test_grad_check_sparse_passes_a_correct_gradient():
    x = np.random.default_rng(2).standard_normal((4, 5))
    errors = grad_check_sparse(smooth, x, torch_grad(smooth, x), num_checks=15)
    assert errors.shape == (15,)
    assert errors.max() < 1e-7


def test_grad_check_sparse_flags_a_wrong_gradient():
    x = np.random.default_rng(3).standard_normal((4, 5))
    wrong = torch_grad(smooth, x)
    wrong[1, 2] += 0.5                       # one wrong entry
    wrong_everywhere = 0.5 * torch_grad(smooth, x)
    assert grad_check_sparse(smooth, x, wrong, num_checks=200).max() > 1e-3
    assert grad_check_sparse(smooth, x, wrong_everywhere, num_checks=5).min() > 0.1


def test_grad_check_sparse_is_reproducible_with_a_seed():
    x = np.random.default_rng(4).standard_normal(50)
    g = torch_grad(smooth, x) + 1e-3 * np.arange(50)
    np.testing.assert_array_equal(grad_check_sparse(smooth, x, g, seed=7), grad_check_sparse(smooth, x, g, seed=7))
    assert not np.array_equal(grad_check_sparse(smooth, x, g, seed=7), grad_check_sparse(smooth, x, g, seed=8))


def test_grad_check_sparse_rejects_bad_input():
    with pytest.raises(ValueError, match=r"analytic_grad must have x's shape \(2,\), got \(3,\)"):
        grad_check_sparse(smooth, np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="num_checks must be >= 1, got 0"):
        grad_check_sparse(smooth, np.ones(2), np.ones(2), num_checks=0)
    with pytest.raises(TypeError, match="num_checks must be an integer"):
        grad_check_sparse(smooth, np.ones(2), np.ones(2), num_checks=2.5)


def test_finite_difference_error_is_v_shaped():
    steps = np.logspace(-14, -1, 27)
    f = lambda v: float(np.sum(np.exp(v)))
    for method, best_range in [("forward", (1e-10, 1e-6)), ("centred", (1e-7, 1e-3))]:
        errors = finite_difference_error(f, np.exp, [0.3, -0.2], steps, method=method)
        best = steps[np.argmin(errors)]
        assert best_range[0] <= best <= best_range[1]
        assert errors[0] > 100 * errors.min() and errors[-1] > 100 * errors.min()


def test_finite_difference_error_rejects_bad_steps():
    with pytest.raises(ValueError, match="steps must all be > 0, got 0.0"):
        finite_difference_error(np.sum, np.ones_like, [1.0], [1e-3, 0.0])


def test_format_error_hides_round_off_noise():
    from lectures_lib.nn.gradient_check import format_error
    assert format_error(2.7e-7) == "2.7e-07"
    assert format_error(3e-15) == "< 1e-12"
    assert format_error(5e-11, floor=1e-10) == "< 1e-10"
    with pytest.raises(ValueError, match="floor must be > 0"):
        format_error(1.0, floor=0)
