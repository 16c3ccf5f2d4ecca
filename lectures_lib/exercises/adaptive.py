"""Chapter 4's exercises: AdaGrad's decayed step, RMSProp's first step, Adam with a slower
second moment."""

import numpy as np

from lectures_lib.exercises import Wrong, boolean, call, close, exercise, function, number
from lectures_lib.landscape.online import run_online
from lectures_lib.optim import Adagrad


@exercise("adagrad-decay-step", 4,
          "Write adagrad_step(t, lr, eta): the length of AdaGrad's step t with a constant "
          "gradient 1 and lr_decay eta (eps aside).")
def adagrad_decay_step(answer):
    fn = function(answer)
    rng = np.random.default_rng(404)
    for trial in range(10):
        lr, eta = float(rng.uniform(0.01, 1.0)), float(rng.choice([0.0, rng.uniform(0, 0.1)]))
        steps = -np.diff(run_online(Adagrad, np.ones(60), lr=lr, lr_decay=eta, eps=0.0))
        for t in (1, 2, 7, 60):
            got = number(call(fn, t, lr, eta), f"adagrad_step({t}, {lr:.3f}, {eta:.3f})")
            if close(got, steps[t - 1], rtol=1e-6):
                continue
            where = f"at t = {t} (lr = {lr:.3f}, eta = {eta:.4f})"
            if close(got, lr / (1 + (t - 1) * eta), rtol=1e-6):
                raise Wrong(f"{where} the square root of the summed squared gradients is "
                            f"missing: after t steps of gradient 1 that sum is t.")
            if close(got, lr / np.sqrt(t), rtol=1e-6):
                raise Wrong(f"{where} the decay is missing: the learning rate itself is "
                            f"divided by 1 + (t - 1) eta.")
            if close(got, lr / (1 + t * eta) / np.sqrt(t), rtol=1e-6):
                raise Wrong(f"{where} the decay is one step ahead: step 1 uses the undecayed "
                            f"learning rate.")
            raise Wrong(f"{where} your step differs from Adagrad's.")
    return "It matches Adagrad's steps on 10 fresh settings."


@exercise("rmsprop-first-step", 4,
          "RMSProp with lr = 0.01, alpha (beta) = 0.9, eps = 0 and a constant gradient: how "
          "long is its first step?")
def rmsprop_first_step(answer):
    step = abs(number(answer, "the step"))
    lr, beta = 0.01, 0.9
    if close(step, lr / np.sqrt(1 - beta), rtol=1e-3):
        return ("lr / sqrt(1 - beta): the average of g² starts at 0, so the first steps are "
                "too long.")
    if close(step, lr, rtol=1e-3):
        raise Wrong("a step of exactly lr needs Adam's bias correction, which RMSProp does "
                    "not have: its average of g² after one step is (1 - beta) g².")
    if close(step, lr / (1 - beta), rtol=1e-3):
        raise Wrong("RMSProp divides by the square root of its average of g².")
    if close(step, lr * np.sqrt(1 - beta), rtol=1e-3):
        raise Wrong("the average (1 - beta) g² is in the denominator.")
    raise Wrong("after one step the average of g² is (1 - beta) g²; divide lr g by its root.")


@exercise("adam-slow-beta2", 4,
          "On Reddi et al.'s problem, does Adam still fail (end near the wrong end, +1) with "
          "beta2 = 0.9999? Answer True or False.")
def adam_slow_beta2(answer):
    if boolean(answer, "your answer"):
        raise Wrong("run online_counterexample(Adam, 10_000, lr=0.1, betas=(0.9, 0.9999)) "
                    "and look at the mean x over the last period: which end is it near?")
    return ("A second moment that remembers the rare large gradient for ~10 000 steps acts "
            "like AMSGrad's maximum here.")
