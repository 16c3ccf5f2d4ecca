"""Bad and extreme input for the optimizers, the slides' momentum forms and the second-order
methods: a clear TypeError/ValueError naming the argument, a DivergenceError naming the step, or
a finite result checked against a reference (torch.optim, a closed form, float64 at scale 1).

The optimizers are checked against torch's own test configurations (``optim_db`` in
``torch.testing._internal.common_optimizers``): every configuration either trains step for step
like torch.optim in float64 or, when it switches on a feature this library leaves out
(foreach, fused, differentiable, capturable), is refused with a ValueError naming it; every
error input of torch's raises the exception type torch raises.
"""

import copy
import inspect
import math
import sys
import types
import unittest

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lectures_lib import optim
from lectures_lib.optim.diagonal_scaling import SCALINGS, diagonal_scaled_descent
from lectures_lib.divergence import DivergenceError
from lectures_lib.optim.line_search import backtracking_line_search
from lectures_lib.optim.adam_forms import adam_lecture
from lectures_lib.optim.momentum_forms import (nesterov_change_of_variables, nesterov_lookahead,
                                               sgd_momentum, sgd_momentum_velocity)
from lectures_lib.optim import bfgs, lbfgs, newton, newton_direction, two_loop_recursion

F64 = torch.float64
NAMES = ("SGD", "Adagrad", "RMSprop", "Adam", "AdamW")
SWITCHES = ("foreach", "fused", "differentiable", "capturable")


# ------------------------------------------------------------------ torch's optim_db


def _load_optim_db():
    """torch's optimizer test database, imported without leaving global changes behind.

    Importing it needs ``expecttest`` (a stub stands in when it is not installed, only for the
    import), and the import freezes ``torch.backends`` flags and patches ScriptFunction calls:
    both are restored.
    """
    stub = "expecttest" not in sys.modules
    if stub:
        try:
            import expecttest  # noqa: F401
            stub = False
        except ImportError:
            module = types.ModuleType("expecttest")
            module.TestCase, module.ACCEPT = unittest.TestCase, False
            sys.modules["expecttest"] = module
    flag = "__allow_nonbracketed_mutation_flag"
    saved = (getattr(torch.backends, flag), torch._C.ScriptFunction.__call__,
             torch._C.ScriptMethod.__call__)
    try:
        from torch.testing._internal import common_optimizers
    finally:
        setattr(torch.backends, flag, saved[0])
        torch._C.ScriptFunction.__call__, torch._C.ScriptMethod.__call__ = saved[1:]
        if stub:
            del sys.modules["expecttest"]
    return common_optimizers


COMMON = _load_optim_db()
INFOS = {info.optim_cls.__name__: info for info in COMMON.optim_db
         if info.optim_cls.__name__ in NAMES}


def torch_configurations(name):
    """Every configuration torch's tests run for ``name``, on CPU and on CUDA (whose extra
    configurations, capturable and tensor betas, are built here without a GPU), each with
    foreach/fused/differentiable off and, one at a time, on."""
    configs, seen = [], set()
    for device in ("cpu", "cuda"):
        for config in COMMON._get_optim_inputs_including_global_cliquey_kwargs(
                device, F64, INFOS[name]):
            key = (config.desc, repr(sorted(config.kwargs.items())))
            if key not in seen:
                seen.add(key)
                configs.append(config)
    return configs


def small_model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.Tanh(),
                               torch.nn.Linear(5, 2)).double()


def train(model, optimizer, steps=5, maximize=False):
    X = torch.randn(16, 4, generator=torch.Generator().manual_seed(1), dtype=F64)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = model(X).pow(2).mean()
        (-loss if maximize else loss).backward()
        optimizer.step()
    return model


def max_difference(a, b):
    return max((p - q).abs().max().item() for p, q in zip(a.parameters(), b.parameters()))


def ours(name, model, kwargs):
    """``lectures_lib.optim.<name>`` on ``model`` with torch's keyword arguments ``kwargs``.

    RMSprop's constructor keeps the slides' signature (tests/test_optim.py pins it), so its
    switches travel in a parameter group; the other classes take them as torch does.
    """
    kwargs = copy.deepcopy(kwargs)
    if name != "RMSprop":
        return getattr(optim, name)(model.parameters(), **kwargs)
    group = {k: kwargs.pop(k) for k in SWITCHES if k in kwargs}
    return optim.RMSprop([dict(params=model.parameters(), **group)], **kwargs)


def run_both(name, kwargs, steps=5):
    """Train the same model with lectures_lib.optim and torch.optim; the largest difference."""
    mine, theirs = small_model(), small_model()
    train(mine, ours(name, mine, kwargs), steps)
    train(theirs, getattr(torch.optim, name)(theirs.parameters(), **copy.deepcopy(kwargs)),
          steps)
    return max_difference(mine, theirs)


@pytest.mark.parametrize("name", NAMES)
def test_every_torch_configuration_trains_like_torch_or_is_refused_naming_the_feature(name):
    matched = refused = 0
    for config in torch_configurations(name):
        kwargs = copy.deepcopy(config.kwargs)
        on = [k for k in SWITCHES if kwargs.get(k)]
        if on:
            with pytest.raises(ValueError, match=f"{on[0]}=True is not supported"):
                ours(name, small_model(), kwargs)
            refused += 1
            if on != ["capturable"]:
                continue
            # capturable only matters for CUDA graphs (torch refuses it for CPU tensors):
            # the rest of the configuration, tensor lr and tensor betas included, must match
            kwargs = {k: v for k, v in kwargs.items() if k != "capturable"}
        assert run_both(name, kwargs) <= 1e-12, config.desc
        matched += 1
    assert matched >= 7 and refused >= 7


def test_rmsprop_constructor_takes_torch_switches():
    optim.RMSprop(small_model().parameters(), foreach=False, capturable=False,
                  differentiable=False)


@pytest.mark.parametrize("name", NAMES)
def test_every_torch_error_input_raises_torchs_exception_type(name):
    cases = INFOS[name].optim_error_inputs_func(device="cpu", dtype=F64)
    assert len(cases) >= 7
    for case in cases:
        given_ = case.optimizer_error_input
        params = given_.params if given_.params is not None else small_model().parameters()
        if issubclass(case.error_type, Warning):
            with pytest.warns(case.error_type):
                getattr(optim, name)(params, **given_.kwargs)
            continue
        with pytest.raises(case.error_type):
            getattr(optim, name)(params, **given_.kwargs)


# ------------------------------------------------------------------ tensor hyperparameters


@pytest.mark.parametrize("name, kwargs", [
    ("SGD", dict(lr=torch.tensor(0.01), momentum=0.9, weight_decay=torch.tensor(0.1))),
    ("Adagrad", dict(lr=torch.tensor([[0.1]]), lr_decay=0.5)),
    ("RMSprop", dict(lr=torch.tensor(0.001), centered=True, momentum=0.1)),
    ("Adam", dict(lr=torch.tensor(0.01), betas=(torch.tensor([[[0.9]]]), torch.tensor([[0.99]])),
                  amsgrad=True)),
    ("AdamW", dict(lr=torch.tensor(0.01), betas=(torch.tensor(0.8), torch.tensor(0.95)))),
])
def test_one_element_tensor_hyperparameters_train_like_torch(name, kwargs):
    assert run_both(name, kwargs, steps=8) <= 1e-12


def test_a_tensor_lr_changed_in_place_is_read_at_every_step():
    lr = torch.tensor(0.1, dtype=F64)
    w = torch.tensor([1.0], dtype=F64, requires_grad=True)
    optimizer = optim.SGD([w], lr=lr)
    for value, expected in ((0.1, 0.8), (0.5, 0.0)):     # gradient of w^2 is 2w
        lr.fill_(value)
        optimizer.zero_grad()
        (w ** 2).sum().backward()
        optimizer.step()
        assert w.item() == pytest.approx(expected)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(lr=torch.tensor([0.1, 0.2])), ValueError, r"Tensor lr must be 1-element, got shape"),
    (dict(lr=torch.tensor(True)), TypeError, "lr must be a real number"),
    (dict(lr=torch.tensor(-0.1)), ValueError, "lr must be >= 0"),
    (dict(lr=torch.tensor(float("nan"))), ValueError, "lr must be finite"),
    (dict(betas=(0.9, torch.tensor(0.99))), ValueError, "betas must be either both floats or"),
    (dict(betas=(torch.ones(2) * 0.9, torch.tensor(0.99))), ValueError,
     r"Tensor betas\[0\] must be 1-element"),
    (dict(betas=0.9), TypeError, "betas must be a pair"),
    (dict(betas=(0.9, 0.99, 0.999)), ValueError, "betas must be a pair"),
    (dict(eps="1e-8"), TypeError, "eps must be a real number"),
    (dict(weight_decay=None), TypeError, "weight_decay must be a real number"),
])
def test_bad_hyperparameters_are_refused_naming_them(kwargs, error, words):
    with pytest.raises(error, match=words):
        optim.Adam(small_model().parameters(), **kwargs)


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "Adam", "AdamW"])
@pytest.mark.parametrize("switch", ["foreach", "fused", "differentiable", "capturable"])
def test_torch_switches_are_accepted_off_and_refused_on(name, switch):
    cls = getattr(optim, name)
    if switch not in inspect.signature(cls).parameters:
        pytest.skip(f"torch.optim.{name} has no {switch} either")
    cls(small_model().parameters(), **{switch: False})
    cls(small_model().parameters(), **{switch: None})
    with pytest.raises(ValueError, match=f"{switch}=True is not supported by "
                                         f"lectures_lib.optim.{name}"):
        cls(small_model().parameters(), **{switch: True})
    with pytest.raises(TypeError, match=f"{switch} must be True or False, got 'yes'"):
        cls(small_model().parameters(), **{switch: "yes"})


def test_step_refuses_a_closure_that_cannot_be_called():
    optimizer = optim.SGD(small_model().parameters(), lr=0.1)
    with pytest.raises(TypeError, match="closure must be callable, got float"):
        optimizer.step(closure=0.5)


def test_a_parameter_group_cannot_switch_a_feature_on():
    model = small_model()
    optimizer = optim.RMSprop(model[0].parameters())
    with pytest.raises(ValueError, match="fused=True is not supported"):
        optimizer.add_param_group(dict(params=model[2].parameters(), fused=True))
    assert len(optimizer.param_groups) == 1


#: Values a student might pass for a number: extremes, NaN, wrong kinds, tensors and arrays.
ODD_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.floats(min_value=0, max_value=1),
    st.integers(-3, 3),
    st.sampled_from([True, None, "0.1", [0.1], (0.9, 0.99), 1e308, 1e-300, -0.0]),
    st.builds(lambda v, shape: torch.full(shape, v),
              st.floats(-2, 2), st.sampled_from([(), (1,), (1, 1), (2,)])),
    st.builds(np.float64, st.floats(-2, 2)),
    st.builds(lambda v: np.array([v]), st.floats(-2, 2)),
)
HYPERPARAMETERS = {
    "SGD": ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"],
    "Adagrad": ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"],
    "RMSprop": ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"],
    "Adam": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    "AdamW": ["lr", "betas", "eps", "weight_decay", "maximize"],
}


@settings(max_examples=120)
@given(name=st.sampled_from(NAMES), data=st.data(), value=ODD_VALUES)
def test_any_hyperparameter_value_is_refused_naming_it_or_trains_like_torch(name, data, value):
    key = data.draw(st.sampled_from(HYPERPARAMETERS[name]))
    if key == "betas" and not isinstance(value, tuple):
        value = data.draw(st.sampled_from([value, (value, 0.99), (0.9, value)]))
    kwargs = {key: value}
    if key == "nesterov":
        kwargs["momentum"] = 0.9
    try:
        ours_model = small_model()
        ours = getattr(optim, name)(ours_model.parameters(), **kwargs)
    except (TypeError, ValueError) as err:
        assert key in str(err), (kwargs, err)
        return
    # accepted: torch.optim takes it too, and both take the same two steps
    theirs_model = small_model()
    theirs = getattr(torch.optim, name)(theirs_model.parameters(), **kwargs)
    maximize = bool(kwargs.get("maximize", False))
    train(ours_model, ours, steps=2, maximize=maximize)
    try:
        train(theirs_model, theirs, steps=2, maximize=maximize)
    except (RuntimeError, TypeError):
        # torch.optim takes e.g. alpha=tensor([0.5]) or lr=np.array([0.1]) and fails in step();
        # lectures_lib.optim reads any 1-element value as a number
        assume(False)
    for p, q in zip(ours_model.parameters(), theirs_model.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-12, equal_nan=True)


# ------------------------------------------------------------------ the slides' forms

FORMS = [sgd_momentum, sgd_momentum_velocity, nesterov_lookahead, nesterov_change_of_variables]


@pytest.mark.parametrize("form", FORMS)
def test_a_run_that_blows_up_stops_with_the_step_and_the_value(form):
    with pytest.raises(DivergenceError, match=r"diverged at step \d+: .* became (inf|-inf|nan)"
                                              r".*learning rate 0\.5 is probably too large"):
        form(lambda w: 100 * w, [1.0, 2.0], 0.5, 0.9, 1000)


@pytest.mark.parametrize("form", FORMS)
def test_a_start_where_the_gradient_overflows_is_blamed_not_the_learning_rate(form):
    with pytest.raises(DivergenceError, match=r"cannot start: the gradient is inf at w0") as info:
        form(lambda w: w ** 3, [1e200], 0.01, 0.5, 5)
    assert "learning rate" not in str(info.value)


@pytest.mark.parametrize("form", FORMS + [lambda g, w0, lr, rho, n: adam_lecture(
    g, w0, lr, rho, 0.999, n)])
@pytest.mark.parametrize("grad, w0, error, words", [
    (lambda w: w[:1], [1.0, 2.0], ValueError,
     r"grad\(w\) returned shape \(1,\) but w has shape \(2,\)"),
    (lambda w: 1.0, [1.0, 2.0], ValueError, r"grad\(w\) returned shape \(\) but w has shape"),
    (lambda w: None, [1.0], TypeError, r"grad\(w\) must return a real numeric array"),
    (lambda w: w > 0, [1.0], TypeError, r"grad\(w\) must return a real numeric array"),
    ("not callable", [1.0], TypeError, "grad must be callable"),
    (lambda w: w, [], ValueError, "w0 is empty"),
    (lambda w: w, [[1.0], [2.0, 3.0]], TypeError, "w0 must be a numeric array"),
    (lambda w: w, [np.nan], ValueError, "w0 must be finite"),
])
def test_bad_gradients_and_starts_are_refused(form, grad, w0, error, words):
    with pytest.raises(error, match=words):
        form(grad, w0, 0.1, 0.5, 3)


def test_adam_lecture_with_eps_zero_says_why_it_divides_zero_by_zero():
    with pytest.raises(DivergenceError, match=r"step 1: with eps = 0 .* divides 0 by 0"):
        adam_lecture(lambda w: np.zeros_like(w), [1.0], 0.1, 0.9, 0.999, 3, eps=0)
    with pytest.raises(TypeError, match="bias_correction must be True or False"):
        adam_lecture(lambda w: w, [1.0], 0.1, 0.9, 0.999, 3, bias_correction="no")


def textbook_adam(c, lr, beta1, beta2, steps, eps, corrected=True):
    """The slides' Adam in Python floats for a constant gradient c (overflows for huge c)."""
    w, m, s = 0.0, 0.0, 0.0
    for t in range(1, steps + 1):
        m = beta1 * m + (1 - beta1) * c
        s = beta2 * s + (1 - beta2) * c * c
        m_hat, s_hat = (m / (1 - beta1 ** t), s / (1 - beta2 ** t)) if corrected else (m, s)
        w -= lr * m_hat / (math.sqrt(s_hat) + eps)
    return w


@pytest.mark.parametrize("corrected", [True, False])
def test_adam_lecture_equals_the_textbook_formula_and_survives_huge_gradients(corrected):
    for c in (3.0, -0.02, 1e-150):
        W, _ = adam_lecture(lambda w: np.full_like(w, c), [0.0], 1e-3, 0.9, 0.999, 7,
                            bias_correction=corrected)
        assert W[-1, 0] == pytest.approx(textbook_adam(c, 1e-3, 0.9, 0.999, 7, 1e-7, corrected),
                                         rel=1e-13)
    # c = 1e200: c * c overflows in the textbook; the step is still lr * c / (c + eps) = lr
    # (bias-corrected) or lr * m_t / sqrt(s_t), the same as for c = 1 up to eps
    W, _ = adam_lecture(lambda w: np.full_like(w, 1e200), [0.0], 1e-3, 0.9, 0.999, 7,
                        bias_correction=corrected)
    reference = textbook_adam(1.0, 1e-3, 0.9, 0.999, 7, 0.0, corrected)
    assert np.isfinite(W).all() and W[-1, 0] == pytest.approx(reference, rel=1e-12)


@settings(max_examples=40)
@given(lr=st.floats(1e-4, 5.0), rho=st.floats(0, 0.99), exponent=st.integers(-300, 300),
       curvature=st.floats(0.1, 50.0), steps=st.integers(1, 60))
def test_the_two_momentum_forms_agree_or_both_stop_with_a_divergence_error(
        lr, rho, exponent, curvature, steps):
    w0 = [1.5 * 10.0 ** exponent, -(10.0 ** exponent)]
    grad = lambda w: curvature * w
    outcomes = []
    for pair in ((sgd_momentum, sgd_momentum_velocity),
                 (nesterov_lookahead, nesterov_change_of_variables)):
        results = []
        for form in pair:
            try:
                results.append(form(grad, w0, lr, rho, steps))
            except DivergenceError as err:
                assert "diverged at step" in str(err) and "learning rate" in str(err)
                results.append(None)
        outcomes.append(results)
        if None in results:
            continue
        (W1, _), (W2, V2) = results
        if pair[1] is nesterov_change_of_variables:
            W2 = W2 - rho * V2
        assert np.isfinite(W1).all() and np.isfinite(W2).all()
        scale = np.abs(W1).max(axis=1, keepdims=True)
        np.testing.assert_allclose(W1 / scale, W2 / scale, atol=1e-9)


# ------------------------------------------------------------------ line search


def square_fg(w):
    w = torch.as_tensor(w, dtype=F64).detach().requires_grad_(True)
    f = (w ** 2).sum()
    (g,) = torch.autograd.grad(f, w)
    return f.detach(), g


def test_the_line_search_takes_numpy_and_lists_like_tensors():
    x, p = np.array([1.0, -2.0]), np.array([-1.0, 2.0])
    as_arrays = backtracking_line_search(square_fg, x, 5.0, 2 * x, p)
    as_tensors = backtracking_line_search(square_fg, torch.tensor(x), torch.tensor(5.0, dtype=F64),
                                          torch.tensor(2 * x), torch.tensor(p))
    assert as_arrays.success and as_arrays.t == as_tensors.t == 1.0
    torch.testing.assert_close(as_arrays.x, as_tensors.x)


@pytest.mark.parametrize("args, kwargs, error, words", [
    (([1.0], 1.0, [2.0, 0.0], [-1.0]), {}, ValueError,
     r"g has shape \(2,\) but x has shape \(1,\)"),
    (([1.0], 1.0, [2.0], [[-1.0]]), {}, ValueError, r"p has shape \(1, 1\) but x has shape \(1,\)"),
    (([1.0], float("nan"), [2.0], [-1.0]), {}, ValueError, "fx must be finite"),
    (([1.0], [1.0, 2.0], [2.0], [-1.0]), {}, ValueError, "fx must be the single number"),
    (([1.0], 1.0, [np.inf], [-1.0]), {}, ValueError, "g must be finite"),
    (([1.0], 1.0, [2.0], ["a"]), {}, TypeError, "p must be a numeric array"),
    (([], 1.0, [], []), {}, ValueError, "x is empty"),
    (([1.0], 1.0, [2.0], [-1.0]), {"c1": 1.0}, ValueError, r"c1 must be in \(0, 1\)"),
    (([1.0], 1.0, [2.0], [-1.0]), {"rho": float("nan")}, ValueError, "rho must be finite"),
    (([1.0], 1.0, [2.0], [-1.0]), {"t0": 0}, ValueError, "t0 must be > 0"),
    (([1.0], 1.0, [2.0], [-1.0]), {"max_steps": 2.0}, TypeError, "max_steps must be an integer"),
])
def test_the_line_search_refuses_bad_input_naming_it(args, kwargs, error, words):
    with pytest.raises(error, match=words):
        backtracking_line_search(square_fg, *args, **kwargs)


def test_the_line_search_survives_overflowing_steps_and_slopes():
    # t0 = 1e308: x + t p overflows to -inf; the search steps back instead of evaluating it
    result = backtracking_line_search(square_fg, [1.0], 1.0, [2.0], [-2.0], t0=1e308,
                                      max_steps=1100)
    assert result.success and math.isfinite(result.x.item()) and result.fx.item() < 1.0
    assert result.nfev < 1100                     # the overflowing trials were not evaluated
    result = backtracking_line_search(square_fg, [1.0], 1.0, [2.0], [-2.0], t0=1e308)
    assert not result.success and "line search failed" in result.message
    # g·p overflows: reported as a failure, not as a NaN step
    result = backtracking_line_search(square_fg, [1.0, 1.0], 2.0, [1e200, 1e200],
                                      [-1e200, -1e200])
    assert not result.success and "overflows" in result.message
    with pytest.raises(TypeError, match=r"fg\(x\) must return a pair"):
        backtracking_line_search(lambda x: 1.0, [1.0], 1.0, [2.0], [-2.0])
    with pytest.raises(ValueError, match=r"the gradient from fg\(x\) has shape \(2,\)"):
        backtracking_line_search(lambda x: (x.sum(), torch.ones(2)), [1.0], 1.0, [2.0], [-2.0])


@given(c1=ODD_VALUES, rho=st.floats(allow_nan=True, allow_infinity=True),
       t0=st.floats(allow_nan=True, allow_infinity=True), scale=st.integers(-150, 150))
def test_the_line_search_refuses_or_satisfies_armijo(c1, rho, t0, scale):
    x = torch.tensor([3.0, -1.0], dtype=F64) * 10.0 ** scale
    fx, g = square_fg(x)
    assume(torch.isfinite(fx))
    try:
        result = backtracking_line_search(square_fg, x, fx, g, -g, t0=t0, c1=c1, rho=rho)
    except (TypeError, ValueError) as err:
        assert any(name in str(err) for name in ("c1", "rho", "t0")), err
        return
    assert torch.isfinite(result.x).all() and math.isfinite(result.fx.item())
    if result.success:
        slope = float(g @ -g)
        assert result.fx.item() <= fx.item() + float(c1) * result.t * slope
    else:
        assert result.x is x and result.message


# ------------------------------------------------------------------ newton_direction, two loops


def test_two_loop_recursion_pairs_must_match_in_number_and_shape():
    g, s = torch.ones(2, dtype=F64), torch.tensor([1.0, 0.0], dtype=F64)
    with pytest.raises(ValueError, match="s_history has 2 vectors but y_history has 1"):
        two_loop_recursion(g, [s, s], [2 * s])
    with pytest.raises(ValueError, match=r"y_history\[0\] has shape \(3,\) but g has shape \(2,\)"):
        two_loop_recursion(g, [s], [torch.ones(3, dtype=F64)])
    with pytest.raises(ValueError, match=r"pair 0 has y·s = -2.* positive curvature"):
        two_loop_recursion(g, [s], [-2 * s])
    with pytest.raises(TypeError, match="s_history must be a sequence of vectors, got NoneType"):
        two_loop_recursion(g, None, None)
    with pytest.raises(ValueError, match=r"s_history\[0\] must be finite"):
        two_loop_recursion(g, [s * np.nan], [s])


def test_two_loop_recursion_and_newton_direction_take_numpy_arrays():
    s, y = np.array([1.0, 0.0]), np.array([2.0, 0.0])
    got = two_loop_recursion(np.array([4.0, 0.0]), [s], [y])
    torch.testing.assert_close(got, torch.tensor([-2.0, 0.0], dtype=F64))
    p, tau = newton_direction(np.diag([2.0, 4.0]), [2, 2])
    assert tau == 0.0 and p.dtype == F64
    torch.testing.assert_close(p, torch.tensor([-1.0, -0.5], dtype=F64))


@pytest.mark.parametrize("H, g, error, words", [
    (np.eye(3), np.ones(2), ValueError, r"H has shape \(3, 3\) but g has shape \(2,\)"),
    (np.ones(2), np.ones(2), ValueError, r"H has shape \(2,\) but g has shape \(2,\)"),
    (np.array([[1.0, 2.0], [0.0, 1.0]]), np.ones(2), ValueError, "H must be symmetric"),
    (np.diag([np.nan, 1.0]), np.ones(2), ValueError, "H must be finite"),
    (np.eye(2), np.ones((2, 1)), ValueError, "g must have 1 dimension"),
    (np.eye(2), [True, False], TypeError, "g must be real numbers"),
    (np.eye(2), "ab", TypeError, "g must be a numeric array"),
    (np.zeros((0, 0)), np.zeros(0), ValueError, "g is empty"),
])
def test_newton_direction_refuses_bad_input_naming_it(H, g, error, words):
    with pytest.raises(error, match=words):
        newton_direction(H, g)


def random_symmetric(n, seed, definite=True):
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    eigenvalues = rng.uniform(0.5, 5.0, n)
    if not definite:                                       # at least one negative eigenvalue
        eigenvalues[:1 + rng.integers(n)] *= -1
    return Q @ np.diag(eigenvalues) @ Q.T


@given(n=st.integers(1, 5), seed=st.integers(0, 2**32 - 1), k=st.integers(-290, 290),
       j=st.integers(-100, 100), definite=st.booleans())
def test_newton_direction_is_scale_covariant_from_1e_minus_290_to_1e290(n, seed, k, j, definite):
    H = random_symmetric(n, seed, definite)
    g = np.random.default_rng(seed + 1).standard_normal(n)
    p, tau = newton_direction(H * 10.0 ** k, g * 10.0 ** j)
    if j - k < -300 or j - k > 300:
        return                                             # p itself is out of float range
    assert torch.isfinite(p).all()
    if definite:                                           # p = -H^{-1} g, scaled
        assert tau == 0.0
        np.testing.assert_allclose(p.numpy(), -np.linalg.solve(H, g) * 10.0 ** (j - k),
                                   rtol=1e-8, atol=1e-8 * np.abs(p.numpy()).max())
    else:               # shifted by tau (not scale-free: its floor is 1e-3): still downhill
        assert tau > 0 and float(g @ p.numpy()) < 0
        shifted = H * 10.0 ** k + tau * np.eye(n)
        np.testing.assert_allclose(p.numpy(), -np.linalg.solve(shifted, g * 10.0 ** j),
                                   rtol=1e-6, atol=1e-8 * np.abs(p.numpy()).max())


def bfgs_matrix(s_hist, y_hist):
    n = len(s_hist[0])
    s, y = s_hist[-1], y_hist[-1]
    B = (s @ y) / (y @ y) * np.eye(n)
    for s, y in zip(s_hist, y_hist):
        rho = 1 / (y @ s)
        B = (np.eye(n) - rho * np.outer(s, y)) @ B @ (np.eye(n) - rho * np.outer(y, s)) \
            + rho * np.outer(s, s)
    return B


@given(n=st.integers(1, 5), m=st.integers(1, 4), seed=st.integers(0, 2**32 - 1),
       k=st.integers(-150, 150))
def test_two_loop_recursion_matches_bfgs_for_pairs_from_1e_minus_150_to_1e150(n, m, seed, k):
    rng = np.random.default_rng(seed)
    A = random_symmetric(n, seed)
    s_hist = [rng.standard_normal(n) for _ in range(m)]
    y_hist = [A @ s for s in s_hist]
    g = rng.standard_normal(n)
    # the same pairs 10^k times larger: the inverse-Hessian estimate does not change
    got = two_loop_recursion(g, [s * 10.0 ** k for s in s_hist], [y * 10.0 ** k for y in y_hist])
    assert torch.isfinite(got).all()
    expected = -bfgs_matrix(s_hist, y_hist) @ g
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6,
                               atol=1e-6 * np.abs(expected).max())


# ------------------------------------------------------------------ newton, bfgs, lbfgs


def quadratic(w):
    return 0.5 * (w[0] ** 2 + 10 * w[1] ** 2) - w[0]


@pytest.mark.parametrize("method", [newton, bfgs, lbfgs])
def test_a_start_where_f_overflows_is_blamed_on_the_start(method):
    with pytest.raises(ValueError, match=r"f\(x0\) must be finite, got inf at the start x0 "
                                         r"\(max\|x0\| = 1e\+200\).*start nearer"):
        method(quadratic, [1e200, 1.0])


@pytest.mark.parametrize("method", [newton, bfgs, lbfgs])
@pytest.mark.parametrize("kwargs, error, words", [
    (dict(max_iter=0), ValueError, "max_iter must be >= 1, got 0"),
    (dict(max_iter=True), TypeError, "max_iter must be an integer"),
    (dict(max_iter=10.0), TypeError, "max_iter must be an integer"),
    (dict(tol=-1e-3), ValueError, "tol must be >= 0"),
    (dict(tol=float("nan")), ValueError, "tol must be finite"),
    (dict(tol="small"), TypeError, "tol must be a real number"),
])
def test_counts_and_tolerances_are_checked(method, kwargs, error, words):
    with pytest.raises(error, match=words):
        method(quadratic, [1.0, 1.0], **kwargs)


@pytest.mark.parametrize("lr, error, words", [
    (0.0, ValueError, "lr must be > 0"), (1.5, ValueError, r"lr must be in \(0, 1\]"),
    (None, TypeError, "lr must be a real number"),
])
def test_newtons_step_length_is_checked(lr, error, words):
    with pytest.raises(error, match=words):
        newton(quadratic, [1.0, 1.0], lr=lr)


def test_newton_escapes_negative_curvature_to_a_minimum():
    result = newton(lambda w: (w ** 4).sum() - (w ** 2).sum(), [0.1, -0.2])
    assert result.converged
    np.testing.assert_allclose(np.abs(result.x.numpy()), np.sqrt(0.5), rtol=1e-10)


@settings(max_examples=30)
@given(method=st.sampled_from([newton, bfgs, lbfgs]), k=st.integers(-300, 300),
       sign=st.sampled_from([1.0, -1.0]))
def test_second_order_methods_converge_or_blame_the_start(method, k, sign):
    x0 = [sign * 10.0 ** k, 2.0]
    try:
        result = method(quadratic, x0, max_iter=200)
    except ValueError as err:
        assert "x0" in str(err) and k > 150                # (10^k)^2 overflows
        return
    assert result.converged and np.isfinite(result.path.numpy()).all()
    np.testing.assert_allclose(result.x.numpy(), [1.0, 0.0], atol=1e-6)


@pytest.mark.parametrize("history_size, error", [(0, ValueError), (-1, ValueError),
                                                  (2.0, TypeError), ("10", TypeError),
                                                  (None, TypeError)])
def test_lbfgs_history_size_is_checked(history_size, error):
    with pytest.raises(error, match="history_size must be"):
        lbfgs(quadratic, [1.0, 1.0], history_size=history_size)


# ------------------------------------------------------------------ diagonal scaling


def bowl(w):
    return (w ** 2).sum()


@pytest.mark.parametrize("kwargs, words", [
    (dict(lr=1e10, scaling="none"), r"step 1: the loss grew from 2 to 8e\+20\. The first step "
                                    r"from x0 .* already overshot"),
    (dict(lr=1.5, scaling="none", num_steps=100), r"step 10: .* learning rate 1\.5 is probably"),
    (dict(lr=0.1, scaling="gradient", eps=0.0, x0=[1.0, 0.0]),
     r"the weights became nan\. With eps = 0 .* divided by 0"),
])
def test_diagonal_scaling_divergence_names_the_step_and_the_true_cause(kwargs, words):
    kwargs = {"x0": [1.0, 1.0], "num_steps": 5, **kwargs}
    with pytest.raises(DivergenceError, match=words):
        diagonal_scaled_descent(bowl, **kwargs)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(scaling=np.array(["adagrad"])), ValueError, "scaling must be one of"),
    (dict(scaling="Adagrad"), ValueError, "scaling must be one of"),
    (dict(lr=0.0), ValueError, "lr must be > 0"),
    (dict(eps=-1e-7), ValueError, "eps must be >= 0"),
    (dict(num_steps=-1), ValueError, "num_steps must be >= 1"),
    (dict(tol=np.inf), ValueError, "tol must be finite"),
    (dict(x0=[1e200, 0.0]), ValueError, r"f\(x0\) must be finite.*start"),
])
def test_diagonal_scaling_refuses_bad_input_naming_it(kwargs, error, words):
    kwargs = {"x0": [1.0, 1.0], "lr": 0.1, "num_steps": 5, **kwargs}
    with pytest.raises(error, match=words):
        diagonal_scaled_descent(bowl, **kwargs)


@settings(max_examples=40)
@given(scaling=st.sampled_from(SCALINGS), lr=st.floats(1e-3, 1e12), k=st.integers(-150, 150),
       eps=st.sampled_from([0.0, 1e-7]))
def test_diagonal_scaling_is_finite_or_stops_with_a_divergence_error(scaling, lr, k, eps):
    x0 = [3.0 * 10.0 ** k, -(10.0 ** k)]
    try:
        result = diagonal_scaled_descent(bowl, x0, lr=lr, num_steps=20, scaling=scaling, eps=eps)
    except DivergenceError as err:
        assert "diverged at step" in str(err)
        return
    path = result.path.numpy()
    assert np.isfinite(path).all() and all(math.isfinite(v) for v in result.history)
    if scaling == "adagrad":                    # torch.optim.Adagrad is the reference
        w = torch.tensor(x0, dtype=F64, requires_grad=True)
        reference = torch.optim.Adagrad([w], lr=lr, eps=eps)
        for _ in range(result.nit):
            reference.zero_grad()
            bowl(w).backward()
            reference.step()
        np.testing.assert_allclose(path[-1], w.detach().numpy(), rtol=1e-12,
                                   atol=1e-12 * np.abs(path).max())
