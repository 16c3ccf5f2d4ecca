"""Second-order methods against independent references.

Hessians and Hessian-vector products against torch.autograd.functional and closed forms;
Newton against the closed-form minimum of quadratics and the CTU deck's (1 - α)^k; BFGS and
L-BFGS against scipy.optimize.minimize and torch.optim.LBFGS; the line search against the
Armijo condition evaluated here; AdaGrad against torch.optim.Adagrad; and every bad input.
"""

import math

import numpy as np
import pytest
import torch
from scipy.optimize import minimize, rosen, rosen_der
from sklearn.linear_model import LogisticRegression

from lectures_lib.landscape.curvature import hessian, hvp, quadratic_model, value_and_grad
from lectures_lib.landscape.curvature_cost import hessian_cost
from lectures_lib.data import make_logistic_data
from lectures_lib.optim import limited_memory
from lectures_lib.optim.diagonal_scaling import diagonal_scaled_descent
from lectures_lib.divergence import DivergenceError
from lectures_lib.optim.line_search import backtracking_line_search
from lectures_lib.landscape.objectives import logistic_loss, minibatch_loss, quadratic, rosenbrock
from lectures_lib.optim import bfgs, lbfgs, newton, newton_direction, two_loop_recursion
from lectures_lib.optim.torch_runs import torch_lbfgs, torch_path

F64 = torch.float64


def smooth(w):
    """A smooth non-quadratic function with a dense Hessian."""
    return torch.sin(w).sum() * torch.exp(0.1 * w).sum() + (w ** 4).sum() / 12


def rosenbrock_hessian(x):
    """The closed-form (tridiagonal) Hessian of the N-D Rosenbrock function."""
    n = len(x)
    H = np.zeros((n, n))
    for i in range(n - 1):
        H[i, i] += 1200 * x[i] ** 2 - 400 * x[i + 1] + 2
        H[i + 1, i + 1] += 200
        H[i, i + 1] = H[i + 1, i] = -400 * x[i]
    return H


def rosenbrock_hvp(x, v):
    """The closed-form Hessian-vector product of Rosenbrock, in O(N), for any N."""
    out = np.zeros_like(x)
    head, tail, vh, vt = x[:-1], x[1:], v[:-1], v[1:]
    out[:-1] += (1200 * head ** 2 - 400 * tail + 2) * vh - 400 * head * vt
    out[1:] += 200 * vt - 400 * head * vh
    return out


def random_spd(n, seed, condition=50.0):
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return Q @ np.diag(np.logspace(0, np.log10(condition), n)) @ Q.T


# ---------------------------------------------------------------- Hessians and HVPs

@pytest.mark.parametrize("fn, n", [(smooth, 1), (smooth, 6), (rosenbrock, 2), (rosenbrock, 7)])
def test_hessian_matches_torch_autograd_functional(fn, n):
    x = torch.randn(n, dtype=F64, generator=torch.Generator().manual_seed(n))
    expected = torch.autograd.functional.hessian(fn, x)
    torch.testing.assert_close(hessian(fn, x), expected, rtol=1e-12, atol=1e-12)


def test_hessian_matches_closed_forms():
    A = random_spd(5, seed=0)
    np.testing.assert_allclose(hessian(quadratic(A), np.ones(5)).numpy(), A, rtol=1e-12)
    x = np.array([-1.2, 1.0, 0.3, 2.0])
    np.testing.assert_allclose(hessian(rosenbrock, x).numpy(), rosenbrock_hessian(x), rtol=1e-12)


def test_the_hessian_comparison_can_fail():
    x = np.array([-1.2, 1.0, 0.3])
    wrong = rosenbrock_hessian(x)
    wrong[0, 1] = wrong[1, 0] = 400 * x[0]           # sign slip in the off-diagonal
    assert not np.allclose(hessian(rosenbrock, x).numpy(), wrong)


@pytest.mark.parametrize("fn, n", [(smooth, 5), (rosenbrock, 6)])
def test_hvp_matches_torch_autograd_functional_and_the_formed_hessian(fn, n):
    gen = torch.Generator().manual_seed(n)
    x, v = torch.randn(n, dtype=F64, generator=gen), torch.randn(n, dtype=F64, generator=gen)
    _, expected = torch.autograd.functional.hvp(fn, x, v)
    torch.testing.assert_close(hvp(fn, x, v), expected, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(hvp(fn, x, v), hessian(fn, x) @ v, rtol=1e-12, atol=1e-10)


def test_hvp_never_forms_the_hessian():
    # Two million weights: the Hessian would hold 4e12 numbers (32 TB); the product is O(N).
    n = 2_000_000
    rng = np.random.default_rng(0)
    x, v = rng.uniform(-1, 1, n), rng.standard_normal(n)
    got = hvp(rosenbrock, x, v).numpy()
    np.testing.assert_allclose(got, rosenbrock_hvp(x, v), rtol=1e-10, atol=1e-8)


def test_hvp_comparison_can_fail():
    x, v = np.array([0.5, -0.3, 0.8]), np.array([1.0, 2.0, -1.0])
    assert not np.allclose(hvp(rosenbrock, x, v).numpy(), rosenbrock_hvp(x, v[::-1].copy()))


def test_value_and_grad_matches_autograd_and_handles_constants():
    x = torch.tensor([0.3, -1.1, 2.0], dtype=F64, requires_grad=True)
    smooth(x).backward()
    value, grad = value_and_grad(smooth, x.detach())
    assert value.item() == pytest.approx(smooth(x.detach()).item(), rel=1e-15)
    torch.testing.assert_close(grad, x.grad)
    _, zero = value_and_grad(lambda w: torch.tensor(3.0, dtype=F64), [1.0, 2.0])
    assert zero.tolist() == [0.0, 0.0]
    assert hessian(lambda w: (2 * w).sum(), [1.0, 2.0]).abs().max().item() == 0.0


def test_quadratic_model_is_exact_for_quadratics_and_second_order_otherwise():
    A, b = random_spd(3, seed=1), np.array([1.0, -2.0, 0.5])
    f = quadratic(A, b)
    m = quadratic_model(f, [0.5, 0.5, 0.5])
    w = torch.tensor([3.0, -1.0, 2.0], dtype=F64)
    assert m(w).item() == pytest.approx(f(w).item(), rel=1e-12)
    # For exp the Taylor error is d^3/6 + ...: halving d divides it by about 8.
    g = lambda w: torch.exp(w).sum()
    m = quadratic_model(g, [0.0])
    errors = [abs(g(torch.tensor([d], dtype=F64)).item() - m(torch.tensor([d], dtype=F64)).item())
              for d in (0.1, 0.05)]
    assert errors[0] == pytest.approx(math.exp(0.1) - 1.105, rel=1e-9)
    assert errors[0] / errors[1] == pytest.approx(8, rel=0.05)


def test_hessian_cost_reports_exact_memory():
    cost = hessian_cost(lambda n: (lambda w: torch.logsumexp(w, 0)), [4, 8, 16], repeats=1)
    assert cost["N"] == [4, 8, 16]
    assert cost["hessian_bytes"] == [8 * n * n for n in (4, 8, 16)]
    assert cost["hvp_bytes"] == [8 * n for n in (4, 8, 16)]
    assert all(t > 0 for key in ("form_s", "invert_s", "hvp_s") for t in cost[key])
    with pytest.raises(ValueError, match="repeats must be >= 1, got 0"):
        hessian_cost(lambda n: rosenbrock, [4], repeats=0)


@pytest.mark.parametrize("fn", [hessian, lambda f, x: hvp(f, x, np.ones(2)), value_and_grad])
@pytest.mark.parametrize("x, error, words", [
    ([1.0, np.nan], ValueError, "x must be finite"),
    (torch.tensor([np.inf, 1.0]), ValueError, "x must be finite, got NaN or inf at 1 place"),
    (np.ones((2, 2)), ValueError, r"x must be a 1-D tensor .* got shape \(2, 2\)"),
    (torch.zeros(0), ValueError, "x is empty"),
    (torch.tensor([True, False]), TypeError, "x must be a real tensor"),
    ("ab", TypeError, "x must be a numeric array"),
])
def test_derivatives_reject_bad_points(fn, x, error, words):
    with pytest.raises(error, match=words):
        fn(rosenbrock, x)


@pytest.mark.parametrize("fn", [hessian, lambda f, x: hvp(f, x, np.ones(2)), value_and_grad])
def test_derivatives_reject_functions_that_do_not_return_a_scalar_tensor(fn):
    with pytest.raises(TypeError, match=r"f\(x\) must be a scalar, got a tensor of shape \(2,\)"):
        fn(lambda w: w ** 2, [1.0, 2.0])
    with pytest.raises(TypeError, match=r"f\(x\) must be a torch tensor .* got float"):
        fn(lambda w: 1.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="f must be a callable taking a 1-D tensor, got int"):
        fn(3, [1.0, 2.0])


def test_hvp_rejects_a_bad_vector():
    with pytest.raises(ValueError, match=r"v must have x's shape \(2,\), got \(3,\)"):
        hvp(rosenbrock, [1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="v must be finite"):
        hvp(rosenbrock, [1.0, 2.0], [1.0, np.nan])


# ---------------------------------------------------------------- line search

def test_backtracking_accepts_the_first_step_that_satisfies_armijo():
    f = lambda w: rosenbrock(w)
    fg = lambda w: value_and_grad(f, w)
    x = torch.tensor([-1.2, 1.0], dtype=F64)
    fx, g = fg(x)
    p = -g                                         # steepest descent: t = 1 is far too long
    result = backtracking_line_search(fg, x, fx, g, p, c1=1e-4, rho=0.5)
    armijo = lambda t: f(x + t * p).item() <= fx.item() + 1e-4 * t * (g @ p).item()
    assert result.success and armijo(result.t) and not armijo(2 * result.t)
    assert result.t == 0.5 ** (result.nfev - 1)
    torch.testing.assert_close(result.x, x + result.t * p)


def test_backtracking_refuses_an_ascent_direction_and_steps_back_from_nan():
    fg = lambda w: value_and_grad(lambda v: (v ** 2).sum(), w)
    x = torch.tensor([1.0], dtype=F64)
    result = backtracking_line_search(fg, x, *fg(x), torch.tensor([1.0], dtype=F64))
    assert not result.success and "not a descent direction" in result.message
    assert result.x is x
    # f is NaN beyond w = 1.5 (log of a negative number): the search backtracks into the domain.
    h = lambda v: ((v - 3) ** 2 + torch.log(1.5 - v)).sum()
    fg = lambda w: value_and_grad(h, w)
    x = torch.tensor([0.0], dtype=F64)
    result = backtracking_line_search(fg, x, *fg(x), torch.tensor([10.0], dtype=F64))
    assert result.success and result.x.item() < 1.5 and math.isfinite(result.fx.item())


@pytest.mark.parametrize("kwargs, words", [
    ({"c1": 0.0}, r"c1 must be in \(0, 1\), got 0.0"),
    ({"c1": 1.5}, r"c1 must be in \(0, 1\), got 1.5"),
    ({"rho": 1.0}, r"rho must be in \(0, 1\), got 1.0"),
    ({"t0": -1.0}, "t0 must be > 0, got -1.0"),
    ({"max_steps": 0}, "max_steps must be >= 1, got 0"),
])
def test_backtracking_rejects_bad_parameters(kwargs, words):
    fg = lambda w: value_and_grad(lambda v: (v ** 2).sum(), w)
    x = torch.tensor([1.0], dtype=F64)
    with pytest.raises(ValueError, match=words):
        backtracking_line_search(fg, x, *fg(x), -x, **kwargs)


# ---------------------------------------------------------------- Newton

@pytest.mark.parametrize("n, seed", [(1, 0), (2, 1), (5, 2), (20, 3)])
def test_newton_reaches_a_quadratics_minimum_in_one_step(n, seed):
    A, b = random_spd(n, seed), np.random.default_rng(seed).standard_normal(n)
    result = newton(quadratic(A, b), 10 * np.ones(n))
    assert result.nit == 1 and result.converged
    np.testing.assert_allclose(result.x.numpy(), np.linalg.solve(A, b), rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("alpha", [0.25, 0.5, 0.9])
def test_damped_newton_on_the_ctu_quadric_follows_one_minus_alpha_to_the_k(alpha):
    # CTU "Training" deck: full Newton after k iterations, w_i^k = (1 - α)^k w_i^0.
    w0, k = np.array([2.0, -1.0, 0.5]), 6
    f = quadratic(np.diag([1.0, 10.0, 100.0]))
    result = newton(f, w0, max_iter=k, lr=alpha, tol=0.0)
    assert result.nit == k
    for i, w in enumerate(result.path.numpy()):
        np.testing.assert_allclose(w, (1 - alpha) ** i * w0, rtol=1e-10)


def quadratic_steps(result):
    """The pairs (e_k, e_k+1) of errors near the minimum, and whether e_k+1 <= 100 e_k²."""
    errors = np.abs(result.path.numpy() - 1.0).max(axis=1)
    tail = [(e0, e1) for e0, e1 in zip(errors[:-1], errors[1:]) if 1e-14 < e1 and e0 < 1e-2]
    return tail, all(e1 <= 100 * e0 ** 2 for e0, e1 in tail)


def test_newton_converges_quadratically_near_the_minimum():
    result = newton(rosenbrock, [-1.2, 1.0], tol=1e-12)
    assert result.converged
    tail, quadratic_rate = quadratic_steps(result)
    assert len(tail) >= 2 and quadratic_rate                # e_{k+1} = O(e_k²)
    # Damped by α = 0.5 the convergence is only linear, and the same check fails.
    tail, quadratic_rate = quadratic_steps(newton(rosenbrock, [-1.2, 1.0], lr=0.5, tol=1e-12))
    assert len(tail) >= 2 and not quadratic_rate


def test_newton_finds_a_minimum_from_where_the_hessian_is_indefinite():
    f = lambda w: w[0] ** 4 - 2 * w[0] ** 2 + w[1] ** 2       # minima at (±1, 0), max at 0
    H = hessian(f, [0.1, 1.0])
    assert torch.linalg.eigvalsh(H).min() < 0
    p, tau = newton_direction(H, value_and_grad(f, [0.1, 1.0])[1])
    assert tau > 0 and p @ value_and_grad(f, [0.1, 1.0])[1] < 0
    result = newton(f, [0.1, 1.0])
    assert result.converged
    np.testing.assert_allclose(result.x.numpy(), [1.0, 0.0], atol=1e-8)


# ---------------------------------------------------------------- BFGS and L-BFGS vs scipy, torch

def rosenbrock_start(n):
    return np.tile([-1.2, 1.0], n)[:n]


# The classic 2-D start, and zeros in more dimensions (from (-1.2, 1, -1.2, 1, ...) scipy's BFGS
# lands in the N-D function's second, local minimum near (-1, 1, ..., 1) for N = 10).
STARTS = [np.array([-1.2, 1.0]), np.zeros(5), np.zeros(10), np.zeros(20), np.zeros(50)]


@pytest.mark.parametrize("x0", STARTS, ids=lambda x0: f"N={len(x0)}")
def test_bfgs_reaches_rosenbrocks_minimum_in_as_many_iterations_as_scipy(x0):
    n = len(x0)
    ours = bfgs(rosenbrock, x0, tol=1e-6)
    ref = minimize(rosen, x0, jac=rosen_der, method="BFGS", options={"gtol": 1e-6})
    assert ours.converged and ref.success
    np.testing.assert_allclose(ours.x.numpy(), np.ones(n), atol=1e-5)
    np.testing.assert_allclose(ref.x, np.ones(n), atol=1e-5)
    assert 0.5 <= ours.nit / ref.nit <= 2.0, (ours.nit, ref.nit)


@pytest.mark.parametrize("x0", STARTS, ids=lambda x0: f"N={len(x0)}")
def test_lbfgs_reaches_rosenbrocks_minimum_like_scipy_and_torch(x0):
    n = len(x0)
    ours = lbfgs(rosenbrock, x0, history_size=10, tol=1e-6)
    ref = minimize(rosen, x0, jac=rosen_der, method="L-BFGS-B",
                   options={"gtol": 1e-6, "ftol": 1e-15, "maxcor": 10})
    torch_x, torch_nit, _ = torch_lbfgs(rosenbrock, x0)
    assert ours.converged and ref.success
    for x in (ours.x.numpy(), ref.x, torch_x.numpy()):
        np.testing.assert_allclose(x, np.ones(n), atol=1e-5)
    assert 0.5 <= ours.nit / ref.nit <= 2.0, (ours.nit, ref.nit)
    assert 0.5 <= ours.nit / torch_nit <= 2.0, (ours.nit, torch_nit)


def test_the_iteration_comparison_can_fail(monkeypatch):
    # An L-BFGS whose two-loop recursion ignores its history of pairs is steepest descent with
    # a line search: far outside the factor of 2 that the comparison above allows.
    monkeypatch.setattr(limited_memory, "two_loop_recursion", lambda g, s, y: -g)
    x0 = np.array([-1.2, 1.0])
    broken = lbfgs(rosenbrock, x0, tol=1e-6, max_iter=200)  # 200: already 5x the reference
    ref = minimize(rosen, x0, jac=rosen_der, method="L-BFGS-B", options={"gtol": 1e-6})
    assert not 0.5 <= broken.nit / ref.nit <= 2.0, (broken.nit, ref.nit)


def test_lbfgs_matches_sklearn_logistic_regression():
    X, y, _ = make_logistic_data(n_samples=400, n_features=5, seed=1)
    reg = 1e-2
    result = lbfgs(logistic_loss(X, y, reg=reg), np.zeros(5), tol=1e-10)
    # sklearn minimises 1/2 |w|^2 + C sum log(1 + exp(-y x.w)): the same problem for C = 1/(n reg).
    ref = LogisticRegression(C=1 / (len(y) * reg), fit_intercept=False, tol=1e-12,
                             max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(result.x.numpy(), ref.coef_[0], rtol=1e-6, atol=1e-8)


def test_two_loop_recursion_equals_the_bfgs_matrix_formula():
    rng = np.random.default_rng(0)
    n, A = 6, random_spd(6, seed=4)
    s_hist = [rng.standard_normal(n) for _ in range(4)]
    y_hist = [A @ s for s in s_hist]                           # curvature pairs of a quadratic
    s, y = s_hist[-1], y_hist[-1]
    B = (s @ y) / (y @ y) * np.eye(n)                          # H0 = γ I
    for s, y in zip(s_hist, y_hist):
        rho = 1 / (y @ s)
        B = (np.eye(n) - rho * np.outer(s, y)) @ B @ (np.eye(n) - rho * np.outer(y, s)) \
            + rho * np.outer(s, s)
    g = rng.standard_normal(n)
    got = two_loop_recursion(torch.tensor(g), [torch.tensor(s) for s in s_hist],
                             [torch.tensor(y) for y in y_hist])
    np.testing.assert_allclose(got.numpy(), -B @ g, rtol=1e-10)
    assert not np.allclose(got.numpy(), -np.linalg.solve(A, g + 0.1))   # a wrong answer differs
    np.testing.assert_array_equal(two_loop_recursion(torch.tensor(g), [], []).numpy(), -g)


@pytest.mark.parametrize("method", [newton, bfgs, lbfgs])
@pytest.mark.parametrize("f, x0", [(rosenbrock, rosenbrock_start(4)), (smooth, [2.0, -1.0, 0.5]),
                                   (quadratic(random_spd(4, seed=5)), np.ones(4))])
def test_the_line_search_keeps_the_objective_decreasing(method, f, x0):
    result = method(f, x0)
    assert result.converged
    assert all(b < a for a, b in zip(result.history[:-1], result.history[1:]))
    assert len(result.history) == result.nit + 1 == len(result.path) == len(result.grad_norms)
    assert result.fun == result.history[-1]
    assert result.nfev >= result.nit + 1
    assert result.evaluations[0] == 1 and result.evaluations[-1] == result.nfev
    assert result.evaluations == sorted(result.evaluations)


def test_minibatch_lbfgs_is_reported_as_failing_never_as_nan():
    X, y, _ = make_logistic_data(n_samples=2000, n_features=10, seed=0)
    full = lbfgs(logistic_loss(X, y), np.zeros(10), tol=1e-9)
    noisy = lbfgs(minibatch_loss(X, y, batch_size=32, seed=1), np.zeros(10), tol=1e-9)
    assert full.converged
    assert not noisy.converged and "line search failed" in noisy.message
    assert np.isfinite(noisy.x.numpy()).all() and math.isfinite(noisy.fun)
    loss = logistic_loss(X, y)
    assert loss(noisy.x).item() - full.fun > 1e-2          # far from the minimum


@pytest.mark.parametrize("method", [newton, bfgs, lbfgs])
def test_divergence_is_reported_in_the_result(method):
    result = method(lambda w: -(w ** 2).sum(), [0.1, 1.0], max_iter=300)   # unbounded below
    assert not result.converged
    assert "unbounded below" in result.message
    assert np.isfinite(result.path.numpy()).all() and math.isfinite(result.fun)


@pytest.mark.parametrize("method", [newton, bfgs, lbfgs])
@pytest.mark.parametrize("x0, error, words", [
    ([np.nan, 1.0], ValueError, "x0 must be finite"),
    ([np.inf, 1.0], ValueError, "x0 must be finite"),
    (np.ones((2, 2)), ValueError, r"x0 must be a 1-D tensor .* got shape \(2, 2\)"),
    ([], ValueError, "x0 is empty"),
    ([[]], ValueError, r"x0 must be a 1-D tensor"),
])
def test_methods_reject_bad_starts(method, x0, error, words):
    with pytest.raises(error, match=words):
        method(rosenbrock, x0)


@pytest.mark.parametrize("method", [newton, bfgs, lbfgs])
def test_methods_reject_bad_functions_and_settings(method):
    with pytest.raises(TypeError, match=r"f\(x\) must be a scalar, got a tensor of shape \(2,\)"):
        method(lambda w: w * 2, [1.0, 2.0])
    with pytest.raises(TypeError, match="f must be a callable"):
        method("rosenbrock", [1.0, 2.0])
    with pytest.raises(ValueError, match=r"f\(x0\) must be finite, got nan"):
        method(lambda w: torch.log(w).sum(), [-1.0, 2.0])
    with pytest.raises(ValueError, match="max_iter must be >= 1, got 0"):
        method(rosenbrock, [1.0, 2.0], max_iter=0)
    with pytest.raises(ValueError, match="tol must be >= 0, got -1.0"):
        method(rosenbrock, [1.0, 2.0], tol=-1.0)


@pytest.mark.parametrize("history_size, error, words", [
    (0, ValueError, "history_size must be >= 1, got 0"),
    (-3, ValueError, "history_size must be >= 1, got -3"),
    (2.5, TypeError, "history_size must be an integer, got float"),
])
def test_lbfgs_rejects_a_bad_history_size(history_size, error, words):
    with pytest.raises(error, match=words):
        lbfgs(rosenbrock, [1.0, 2.0], history_size=history_size)


@pytest.mark.parametrize("lr, words", [(0.0, "lr must be > 0, got 0.0"),
                                       (1.5, r"lr must be in \(0, 1\] .* got 1.5")])
def test_newton_rejects_a_bad_step(lr, words):
    with pytest.raises(ValueError, match=words):
        newton(rosenbrock, [1.0, 2.0], lr=lr)


def test_lbfgs_with_a_history_of_one_still_converges():
    result = lbfgs(rosenbrock, rosenbrock_start(6), history_size=1, max_iter=5000)
    assert result.converged
    np.testing.assert_allclose(result.x.numpy(), np.ones(6), atol=1e-5)


# ---------------------------------------------------------------- objectives and data

def test_objectives_match_scipy_and_closed_forms():
    x = np.array([0.3, -0.7, 1.1, 2.0])
    assert rosenbrock(torch.tensor(x)).item() == pytest.approx(rosen(x), rel=1e-14)
    grid = torch.tensor(np.stack([x[:2], x[2:]]))
    np.testing.assert_allclose(rosenbrock(grid).numpy(), [rosen(x[:2]), rosen(x[2:])])
    X, y = np.array([[1.0, 2.0], [0.5, -1.0], [-2.0, 0.3]]), np.array([1, 0, 1])
    w = np.array([0.4, -0.2])
    margins = (2 * y - 1) * (X @ w)
    expected = np.mean(np.log1p(np.exp(-margins))) + 0.5 * 0.1 * w @ w
    assert logistic_loss(X, y, reg=0.1)(torch.tensor(w)).item() == pytest.approx(expected)


def test_objectives_reject_bad_input():
    with pytest.raises(ValueError, match="w must have at least 2 entries"):
        rosenbrock(torch.ones(1))
    with pytest.raises(ValueError, match="A must be symmetric"):
        quadratic([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match=r"b must have shape \(2,\) to match A, got \(3,\)"):
        quadratic(np.eye(2), [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"y holds label 2, outside the 2 classes 0..1"):
        logistic_loss(np.ones((2, 2)), [0, 2])
    with pytest.raises(ValueError, match="batch_size must be at most the 2 examples, got 5"):
        minibatch_loss(np.ones((2, 2)), [0, 1], batch_size=5)


def test_make_logistic_data_is_seeded_and_follows_the_logistic_model():
    X, y, w = make_logistic_data(n_samples=20_000, n_features=4, seed=3)
    X2, y2, _ = make_logistic_data(n_samples=20_000, n_features=4, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    np.testing.assert_allclose(X.std(axis=0), np.logspace(0, 1, 4), rtol=0.05)
    # A well-specified model: maximum likelihood recovers the true weights.
    fit = LogisticRegression(C=1e6, fit_intercept=False, max_iter=1000).fit(X, y)
    np.testing.assert_allclose(fit.coef_[0], w, atol=0.1)
    with pytest.raises(ValueError, match=r"max_scale must be in \[1, 1e\+300\], got 0.5"):
        make_logistic_data(max_scale=0.5)


# ---------------------------------------------------------------- diagonal scaling and AdaGrad

def test_adagrad_scaling_matches_torch_optim_adagrad():
    f = quadratic(np.diag([1.0, 20.0]))
    ours = diagonal_scaled_descent(f, [-4.0, 1.0], lr=0.7, num_steps=40, scaling="adagrad")
    theirs = torch_path(torch.optim.Adagrad, f, [-4.0, 1.0], 40, lr=0.7, eps=1e-7)
    torch.testing.assert_close(ours.path, theirs, rtol=1e-12, atol=1e-14)


def test_torch_path_follows_the_closed_form_and_reports_divergence():
    f = quadratic(np.diag([1.0, 20.0]))         # gradient (w1, 20 w2): factors 1 - lr, 1 - 20 lr
    path = torch_path(torch.optim.SGD, f, [-4.0, 1.0], 5, lr=0.04)
    factors = np.array([1 - 0.04, 1 - 20 * 0.04]) ** np.arange(6)[:, None]
    np.testing.assert_allclose(path.numpy(), factors * np.array([-4.0, 1.0]), rtol=1e-13)
    with pytest.raises(DivergenceError, match="SGD diverged at step"):
        torch_path(torch.optim.SGD, f, [-4.0, 1.0], 400, lr=1.0)   # factor 1 - 20: blows up
    with pytest.raises(TypeError, match="optimizer must be an optimizer class"):
        torch_path("SGD", f, [-4.0, 1.0], 5, lr=0.05)
    with pytest.raises(ValueError, match="num_steps"):
        torch_path(torch.optim.SGD, f, [-4.0, 1.0], 0, lr=0.05)
    with pytest.raises(ValueError, match="x0 must have 1 dimension"):
        torch_lbfgs(f, [[-4.0, 1.0]])
    with pytest.raises(ValueError, match="tol"):
        torch_lbfgs(f, [-4.0, 1.0], tol=0.0)


def test_diagonal_scalings_follow_their_closed_forms():
    f = quadratic(np.diag([1.0, 20.0]))
    w0 = np.array([-4.0, 1.0])
    gd = diagonal_scaled_descent(f, w0, lr=0.05, num_steps=3, scaling="none")
    np.testing.assert_allclose(gd.x.numpy(), (1 - 0.05 * np.array([1.0, 20.0])) ** 3 * w0)
    diag = diagonal_scaled_descent(f, w0, lr=0.5, num_steps=3, scaling="hessian", eps=0.0)
    np.testing.assert_allclose(diag.x.numpy(), 0.5 ** 3 * w0)       # (1 - α)^k, like Newton
    sign = diagonal_scaled_descent(f, w0, lr=0.5, num_steps=1, scaling="gradient", eps=0.0)
    np.testing.assert_allclose(sign.x.numpy(), w0 - 0.5 * np.sign(w0))   # g / |g| = sign(g)


def test_diagonal_scaling_rejects_bad_input_and_detects_divergence():
    f = quadratic(np.diag([1.0, 20.0]))
    with pytest.raises(ValueError, match="scaling must be one of"):
        diagonal_scaled_descent(f, [1.0, 1.0], lr=0.1, num_steps=1, scaling="newton")
    with pytest.raises(ValueError, match="lr must be > 0, got -0.1"):
        diagonal_scaled_descent(f, [1.0, 1.0], lr=-0.1, num_steps=1)
    with pytest.raises(DivergenceError, match="diverged at step"):
        diagonal_scaled_descent(f, [1.0, 1.0], lr=1.0, num_steps=100, scaling="none")


# ---------------------------------------------------------------- figures

def test_figures_draw_paths_curves_and_costs():
    import matplotlib.pyplot as plt

    from lectures_lib.viz.second_order_plots import (draw_contour_paths, draw_error_curves,
                                                 draw_hessian_cost)
    result = newton(rosenbrock, [-1.2, 1.0])
    fig, (ax1, ax2) = plt.subplots(1, 2)
    draw_contour_paths(ax1, rosenbrock, {"Newton": result, "other": [[0.0, 0.0], [1.0, 1.0]]},
                       (-2, 2), (-1, 3), minimum=[1, 1])
    labels = [t.get_text() for t in ax1.get_legend().get_texts()]
    assert labels == [f"Newton: {result.nit} steps", "other: 1 steps"]
    draw_error_curves(ax2, {"Newton": result.history}, ylabel="f")
    assert ax2.get_yscale() == "log" and ax2.lines[0].get_ydata().min() >= 1e-16
    with pytest.raises(ValueError, match=r"each path must have shape \(steps, 2\), got \(3,\)"):
        draw_contour_paths(ax1, rosenbrock, {"bad": [1.0, 2.0, 3.0]}, (-2, 2), (-1, 3))
    cost = hessian_cost(lambda n: (lambda w: torch.logsumexp(w, 0)), [4, 8], repeats=1)
    axes = draw_hessian_cost(fig, cost)
    assert len(axes) == 2 and all(ax.get_xscale() == "log" for ax in axes)
    plt.close(fig)
