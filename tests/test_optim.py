"""lectures_lib.optim against torch.optim, step for step, in float64.

Every optimizer runs on the same small network, data and minibatches as its torch.optim twin
(foreach=False, the per-tensor path), for many random hyperparameter draws, with parameter
groups, and through a state_dict round trip in the middle of the run; the parameters must agree
to 1e-9. The invalid hyperparameters must raise ValueError naming the value.
"""

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lectures_lib import optim

PAIRS = {
    "SGD": (optim.SGD, torch.optim.SGD),
    "Adagrad": (optim.Adagrad, torch.optim.Adagrad),
    "RMSprop": (optim.RMSprop, torch.optim.RMSprop),
    "Adam": (optim.Adam, torch.optim.Adam),
    "AdamW": (optim.AdamW, torch.optim.AdamW),
}
TOLERANCE = 1e-9


def draw_hyperparameters(name, rng):
    """A random, valid set of hyperparameters for optimizer ``name``."""
    def maybe(value, p=0.5):
        return value if rng.random() < p else 0.0

    if name == "SGD":
        momentum = maybe(rng.uniform(0.0, 0.99), 0.7)
        nesterov = bool(momentum > 0 and rng.random() < 0.5)
        return dict(lr=10 ** rng.uniform(-3, -0.5), momentum=momentum,
                    dampening=0.0 if nesterov else maybe(rng.uniform(0, 1)),
                    weight_decay=maybe(10 ** rng.uniform(-4, -1)), nesterov=nesterov)
    if name == "Adagrad":
        return dict(lr=10 ** rng.uniform(-3, -0.5), lr_decay=maybe(10 ** rng.uniform(-3, -1)),
                    weight_decay=maybe(10 ** rng.uniform(-4, -1)),
                    initial_accumulator_value=maybe(rng.uniform(0, 1)),
                    eps=10 ** rng.uniform(-10, -6))
    if name == "RMSprop":
        return dict(lr=10 ** rng.uniform(-4, -2), alpha=rng.uniform(0.5, 0.999),
                    eps=10 ** rng.uniform(-8, -4), weight_decay=maybe(10 ** rng.uniform(-4, -1)),
                    momentum=maybe(rng.uniform(0, 0.95)), centered=bool(rng.random() < 0.5))
    return dict(lr=10 ** rng.uniform(-4, -1.5),
                betas=(float(rng.uniform(0, 0.99)), float(rng.uniform(0.9, 0.9999))),
                eps=10 ** rng.uniform(-8, -4), weight_decay=maybe(10 ** rng.uniform(-4, -1)),
                amsgrad=bool(rng.random() < 0.5))


def make_model(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.Tanh(),
                               torch.nn.Linear(8, 3)).double()


def make_data(seed=0, n=64):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 6, generator=generator, dtype=torch.float64)
    y = torch.randint(3, (n,), generator=generator)
    return X, y


def groups(model, hyperparameters):
    """Weights in one group, biases in another; a list of hyperparameter dicts gives both."""
    if isinstance(hyperparameters, dict):
        return model.parameters(), hyperparameters
    weights = [p for n, p in model.named_parameters() if n.endswith("weight")]
    biases = [p for n, p in model.named_parameters() if n.endswith("bias")]
    first, second = hyperparameters
    return [dict(params=weights, **first), dict(params=biases, **second)], {}


def train(model, optimizer, num_steps, seed=0, batch_size=16, maximize=False, first_step=0):
    """Minibatch training with a fixed sequence of minibatches, from step ``first_step`` on."""
    X, y = make_data(seed)
    rng = np.random.default_rng(seed)
    for step in range(first_step + num_steps):
        idx = torch.from_numpy(rng.choice(len(y), batch_size, replace=False))
        if step < first_step:
            continue
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X[idx]), y[idx])
        (-loss if maximize else loss).backward()
        optimizer.step()
    return model


def max_difference(a, b):
    return max((p - q).abs().max().item() for p, q in zip(a.parameters(), b.parameters()))


def run_pair(name, hyperparameters, num_steps=40, seed=0, **kwargs):
    ours_cls, torch_cls = PAIRS[name]
    ours_model, torch_model = make_model(seed), make_model(seed)
    params, defaults = groups(ours_model, hyperparameters)
    ours = ours_cls(params, **defaults, **kwargs)
    params, defaults = groups(torch_model, hyperparameters)
    theirs = torch_cls(params, **defaults, foreach=False, **kwargs)
    train(ours_model, ours, num_steps, seed, maximize=kwargs.get("maximize", False))
    train(torch_model, theirs, num_steps, seed, maximize=kwargs.get("maximize", False))
    return ours_model, torch_model, ours, theirs


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("draw", range(12))
def test_matches_torch_optim_for_random_hyperparameters(name, draw):
    rng = np.random.default_rng(1000 * draw + sum(map(ord, name)))
    hyperparameters = draw_hyperparameters(name, rng)
    ours_model, torch_model, ours, theirs = run_pair(name, hyperparameters, seed=draw)
    assert max_difference(ours_model, torch_model) <= TOLERANCE, hyperparameters
    for p, q in zip(ours_model.parameters(), torch_model.parameters()):
        assert set(ours.state[p]) == set(theirs.state[q])
        for key, value in ours.state[p].items():
            torch.testing.assert_close(value, theirs.state[q][key], rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("draw", range(4))
def test_matches_torch_optim_with_two_parameter_groups(name, draw):
    rng = np.random.default_rng(7 + draw)
    hyperparameters = [draw_hyperparameters(name, rng), draw_hyperparameters(name, rng)]
    if name == "Adagrad":  # torch.optim uses the constructor's value for every group
        hyperparameters[1]["initial_accumulator_value"] = 0.0
        hyperparameters[0]["initial_accumulator_value"] = 0.0
    ours_model, torch_model, ours, _ = run_pair(name, hyperparameters, seed=draw)
    assert len(ours.param_groups) == 2
    assert ours.param_groups[1]["lr"] == hyperparameters[1]["lr"]
    assert max_difference(ours_model, torch_model) <= TOLERANCE


@pytest.mark.parametrize("name", PAIRS)
def test_matches_torch_optim_when_maximizing(name):
    hyperparameters = draw_hyperparameters(name, np.random.default_rng(3))
    hyperparameters["lr"] = 1e-3
    ours_model, torch_model, _, _ = run_pair(name, hyperparameters, maximize=True)
    assert max_difference(ours_model, torch_model) <= TOLERANCE


@pytest.mark.parametrize("name", PAIRS)
def test_the_comparison_can_fail(name):
    """A learning rate off by one part in a million is detected."""
    hyperparameters = draw_hyperparameters(name, np.random.default_rng(5))
    ours_cls, torch_cls = PAIRS[name]
    a, b = make_model(), make_model()
    train(a, ours_cls(a.parameters(), **hyperparameters), 40)
    hyperparameters["lr"] *= 1 + 1e-6
    train(b, torch_cls(b.parameters(), **hyperparameters), 40)
    assert max_difference(a, b) > TOLERANCE


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("saver, loader", [("ours", "ours"), ("torch", "ours"), ("ours", "torch")])
def test_state_dict_round_trip_mid_run_keeps_the_path(name, saver, loader):
    """Train 15 steps, save, load into a fresh optimizer, train 15 more: the same as 30 at once.

    The state dict goes from our optimizer to a fresh one of ours, and between ours and
    torch.optim's in both directions (their formats are the same).
    """
    hyperparameters = draw_hyperparameters(name, np.random.default_rng(11))
    classes = dict(zip(("ours", "torch"), PAIRS[name]))
    reference = make_model()
    train(reference, classes["torch"](reference.parameters(), **hyperparameters), 30)

    model = make_model()
    first = classes[saver](model.parameters(), **hyperparameters)
    train(model, first, 15)
    saved = copy.deepcopy(first.state_dict())
    resumed = classes[loader](model.parameters(), **hyperparameters)
    resumed.load_state_dict(saved)
    train(model, resumed, 15, first_step=15)
    assert max_difference(model, reference) <= TOLERANCE
    assert max_difference(model, make_model()) > 1e-3  # it did train


def test_works_with_a_torch_lr_scheduler():
    hyperparameters = dict(lr=0.1, momentum=0.9)
    models, optimizers = [], []
    for cls in (optim.SGD, torch.optim.SGD):
        model = make_model()
        opt = cls(model.parameters(), **hyperparameters)
        scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
        for _ in range(4):
            train(model, opt, 5)
            scheduler.step()
        models.append(model)
        optimizers.append(opt)
    assert optimizers[0].param_groups[0]["lr"] == pytest.approx(0.1 * 0.5 ** 4)
    assert max_difference(*models) <= TOLERANCE


def test_step_returns_the_closures_loss_and_skips_parameters_without_gradient():
    model = make_model()
    frozen = model[0].bias.detach().clone()
    X, y = make_data()
    opt = optim.Adam(model.parameters(), lr=0.1)

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        model[0].bias.grad = None
        return loss

    loss = opt.step(closure)
    assert loss.item() == pytest.approx(F.cross_entropy(make_model()(X), y).item())
    assert torch.equal(model[0].bias.detach(), frozen)
    assert model[0].bias not in opt.state


def test_add_param_group_later_matches_torch():
    models = []
    for cls in (optim.Adam, torch.optim.Adam):
        model = make_model()
        opt = cls(model[0].parameters(), lr=0.01)
        train(model, opt, 5)
        opt.add_param_group(dict(params=model[2].parameters(), lr=0.05, amsgrad=True))
        train(model, opt, 5)
        models.append(model)
    assert max_difference(*models) <= TOLERANCE


INVALID = [
    (optim.SGD, dict(lr=-0.1), r"lr must be >= 0, got -0\.1"),
    (optim.SGD, dict(lr=0.1, momentum=-0.5), r"momentum must be in \[0, 1\), got -0\.5"),
    (optim.SGD, dict(lr=0.1, momentum=1.0), r"momentum must be in \[0, 1\), got 1\.0"),
    (optim.SGD, dict(lr=0.1, dampening=1.5), r"dampening must be in \[0, 1\], got 1\.5"),
    (optim.SGD, dict(lr=0.1, weight_decay=-1e-4), r"weight_decay must be >= 0, got -0\.0001"),
    (optim.SGD, dict(lr=0.1, nesterov=True), r"nesterov=True needs momentum > 0 .* momentum=0"),
    (optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True),
     r"dampening = 0, got momentum=0\.9 and dampening=0\.1"),
    (optim.SGD, dict(lr=float("nan")), r"lr must be finite, got nan"),
    (optim.Adagrad, dict(lr=-1.0), r"lr must be >= 0, got -1\.0"),
    (optim.Adagrad, dict(lr_decay=-0.1), r"lr_decay must be >= 0, got -0\.1"),
    (optim.Adagrad, dict(eps=-1e-10), r"eps must be >= 0, got -1e-10"),
    (optim.Adagrad, dict(weight_decay=-2.0), r"weight_decay must be >= 0, got -2\.0"),
    (optim.Adagrad, dict(initial_accumulator_value=-0.5),
     r"initial_accumulator_value must be >= 0, got -0\.5"),
    (optim.RMSprop, dict(lr=-0.01), r"lr must be >= 0, got -0\.01"),
    (optim.RMSprop, dict(alpha=-0.9), r"alpha must be in \[0, 1\), got -0\.9"),
    (optim.RMSprop, dict(alpha=1.5), r"alpha must be in \[0, 1\), got 1\.5"),
    (optim.RMSprop, dict(eps=-1e-8), r"eps must be >= 0, got -1e-08"),
    (optim.RMSprop, dict(momentum=1.2), r"momentum must be in \[0, 1\), got 1\.2"),
    (optim.RMSprop, dict(weight_decay=-0.3), r"weight_decay must be >= 0, got -0\.3"),
    (optim.Adam, dict(lr=-0.001), r"lr must be >= 0, got -0\.001"),
    (optim.Adam, dict(betas=(1.0, 0.999)), r"betas\[0\] must be in \[0, 1\), got 1\.0"),
    (optim.Adam, dict(betas=(0.9, -0.1)), r"betas\[1\] must be in \[0, 1\), got -0\.1"),
    (optim.Adam, dict(betas=(0.9,)), r"betas must be a pair \(beta1, beta2\), got \(0\.9,\)"),
    (optim.Adam, dict(eps=-1.0), r"eps must be >= 0, got -1\.0"),
    (optim.Adam, dict(weight_decay=-0.01), r"weight_decay must be >= 0, got -0\.01"),
    (optim.AdamW, dict(lr=-3.0), r"lr must be >= 0, got -3\.0"),
    (optim.AdamW, dict(betas=(0.9, 1.0)), r"betas\[1\] must be in \[0, 1\), got 1\.0"),
    (optim.AdamW, dict(weight_decay=-0.01), r"weight_decay must be >= 0, got -0\.01"),
]


@pytest.mark.parametrize("cls, kwargs, match", INVALID,
                         ids=[f"{c.__name__}-{'-'.join(k)}" for c, k, _ in INVALID])
def test_invalid_hyperparameters_raise_naming_the_value(cls, kwargs, match):
    with pytest.raises(ValueError, match=match):
        cls(make_model().parameters(), **kwargs)


@pytest.mark.parametrize("name", PAIRS)
def test_an_invalid_parameter_group_is_refused_and_not_added(name):
    model = make_model()
    opt = PAIRS[name][0](model[0].parameters())
    with pytest.raises(ValueError, match=r"lr must be >= 0, got -0\.5"):
        opt.add_param_group(dict(params=model[2].parameters(), lr=-0.5))
    assert len(opt.param_groups) == 1


def test_flags_must_be_booleans_and_parameters_real():
    with pytest.raises(TypeError, match="amsgrad must be True or False, got 'yes'"):
        optim.Adam(make_model().parameters(), amsgrad="yes")
    with pytest.raises(TypeError, match="real parameters only, got one of dtype torch.complex64"):
        optim.Adam([torch.zeros(2, dtype=torch.complex64, requires_grad=True)])


def test_sparse_gradients_are_refused():
    embedding = torch.nn.Embedding(5, 2, sparse=True)
    opt = optim.Adagrad(embedding.parameters())
    embedding(torch.tensor([1, 2])).sum().backward()
    with pytest.raises(RuntimeError, match="Adagrad does not support sparse gradients"):
        opt.step()


@pytest.mark.parametrize("name", PAIRS)
def test_defaults_are_torch_optims(name):
    """The same default for every hyperparameter both have (the slides quote torch's)."""
    import inspect

    ours, theirs = (inspect.signature(cls).parameters for cls in PAIRS[name])
    shared = [k for k in ours if k in theirs and k != "params"]
    assert shared == [k for k in theirs if k in ours and k != "params"]     # same order
    assert {k: ours[k].default for k in shared} == {k: theirs[k].default for k in shared}
    assert set(theirs) - set(ours) <= {"foreach", "fused", "differentiable", "capturable"}


def test_defaults_are_the_ones_the_slides_quote():
    """The CTU and DeepRob decks print these torch.optim signatures."""
    import inspect

    def defaults(cls):
        return {k: p.default for k, p in inspect.signature(cls).parameters.items()
                if k != "params"}

    found = defaults(optim.RMSprop)
    assert {k: found[k] for k in ("lr", "alpha", "eps", "weight_decay", "momentum",
                                  "centered")} == dict(
        lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False)
    for cls, weight_decay in ((optim.Adam, 0), (optim.AdamW, 0.01)):
        found = defaults(cls)
        assert {k: found[k] for k in ("lr", "betas", "eps", "weight_decay", "amsgrad")} == dict(
            lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=weight_decay, amsgrad=False)
