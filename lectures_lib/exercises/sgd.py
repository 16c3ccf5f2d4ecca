"""Chapter 3's exercises: the momentum update by hand, the velocity's limit, heavy ball's
largest step, Nesterov's rate."""

import numpy as np
import torch

from lectures_lib.exercises import Wrong, call, close, exercise, function, number
from lectures_lib.optim import SGD, nesterov_lookahead
from lectures_lib.landscape.theory import (gd_optimal_lr, gd_rate, measured_rate, momentum_optimal,
                                 momentum_rate)

#: The eigenvalues of exercises 2 and 3.
EIGS = np.linspace(1.0, 100.0, 10)


@exercise("momentum-step", 3,
          "Write momentum_step(w, v, g, lr, rho) returning (w_new, v_new) for the update "
          "v = rho v + g, w = w - lr v (SGD with momentum, first form).")
def momentum_step(answer):
    fn = function(answer)
    rng = np.random.default_rng(303)
    for trial in range(10):
        lr, rho, n = float(rng.uniform(0.01, 0.5)), float(rng.uniform(0.1, 0.95)), 3
        w_ref = torch.tensor(rng.standard_normal(n), requires_grad=True)
        opt = SGD([w_ref], lr=lr, momentum=rho)
        w, v = w_ref.detach().numpy().copy(), np.zeros(n)
        for step in range(5):
            g = rng.standard_normal(n)
            w_ref.grad = torch.tensor(g)
            opt.step()
            got = call(fn, w.copy(), v.copy(), g.copy(), lr, rho)
            if not (isinstance(got, (tuple, list)) and len(got) == 2):
                raise Wrong(f"your function should return a pair (w_new, v_new), got {got!r}")
            w_new, v_new = (np.asarray(a, dtype=float) for a in got)
            v_ref = rho * v + g
            if close(w_new, w_ref.detach().numpy()) and close(v_new, v_ref):
                w, v = w_new, v_new
                continue
            if close(v_new, rho * v - lr * g):
                raise Wrong("that is the second form, v = rho v - lr g, w = w + v: it gives "
                            "the same w, but the question asks for the first form, whose "
                            "velocity is a sum of gradients.")
            if close(w_new, w - lr * v):
                raise Wrong("w moves with the old velocity: update v first, then step with "
                            "the new v.")
            if close(v_new, rho * v + (1 - rho) * g):
                raise Wrong("that is an average with weight (1 - rho) on g (as in Adam's "
                            "first moment); SGD's momentum adds the whole gradient.")
            raise Wrong(f"at step {step + 1} of a fresh run (lr = {lr:.3f}, rho = {rho:.3f}) "
                        f"your w differs from the library's SGD(momentum=rho).")
    return "It matches SGD(momentum=rho) step for step on 10 fresh runs."


@exercise("velocity-limit", 3,
          "With a constant gradient g = 2 and rho = 0.9, what does momentum's velocity tend to?")
def velocity_limit(answer):
    v = number(answer, "the limit of v")
    g, rho = 2.0, 0.9
    if close(v, g / (1 - rho), rtol=1e-3):
        return "v tends to g / (1 - rho): the step becomes 1/(1 - rho) = 10 times longer."
    hints = {g: "that is the first velocity v_1 = g; the gradients keep adding up.",
             g * rho / (1 - rho): "v_t = g (1 + rho + ... + rho^(t-1)): the sum starts at 1.",
             g * (1 - rho): "SGD's velocity is not an average: each step adds the whole g.",
             g / rho: "sum the geometric series 1 + rho + rho² + ..."}
    for value, hint in hints.items():
        if close(v, value, rtol=1e-3):
            raise Wrong(hint)
    raise Wrong("write v_t as a sum of powers of rho times g and let t grow.")


@exercise("momentum-max-lr", 3,
          "For the eigenvalues 1, 12, ..., 100 and beta = 0.9, the largest learning rate for "
          "which heavy ball converges.")
def momentum_max_lr(answer):
    lr = number(answer, "the learning rate")
    largest = 2 * (1 + 0.9) / EIGS.max()
    if close(lr, largest, rtol=0.01):
        return "2(1 + beta)/lambda_n: the velocity damps the steep direction's overshoot."
    if close(lr, 2 / EIGS.max(), rtol=0.01):
        raise Wrong("that is gradient descent's limit 2/lambda_n; momentum allows more.")
    if lr <= 0:
        raise Wrong("a learning rate is positive.")
    rate = momentum_rate(lr, 0.9, EIGS)
    if rate >= 1:
        raise Wrong(f"at lr = {lr:g} heavy ball's rate is {rate:.3f} >= 1: it does not "
                    f"converge.")
    raise Wrong(f"at lr = {lr:g} heavy ball still converges (rate {rate:.3f}); a larger "
                f"learning rate does too.")


def nesterov_textbook_rate():
    """Chapter 3's measured Nesterov rate, alpha = 1/lambda_n, rho = (√κ-1)/(√κ+1)."""
    kappa = EIGS.max() / EIGS.min()
    rho = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    W, _ = nesterov_lookahead(lambda w: EIGS * w, np.ones(10), 1 / EIGS.max(), rho, 2000)
    return measured_rate(np.max(np.abs(W), axis=1))


@exercise("nesterov-rate", 3,
          "The measured convergence rate of Nesterov momentum with alpha = 1/lambda_n and "
          "rho = (√κ - 1)/(√κ + 1) on the same eigenvalues.")
def nesterov_rate(answer):
    rate = number(answer, "the rate")
    if close(rate, nesterov_textbook_rate(), atol=2e-3):
        return "Faster than gradient descent, slower than heavy ball tuned exactly."
    if close(rate, gd_rate(gd_optimal_lr(EIGS), EIGS), atol=2e-3):
        raise Wrong("that is gradient descent at its best step: measure Nesterov's.")
    if close(rate, momentum_rate(*momentum_optimal(EIGS), EIGS), atol=2e-3):
        raise Wrong("that is heavy ball at its optimal parameters: measure Nesterov's.")
    if not 0 < rate < 1:
        raise Wrong("a converging method's rate lies between 0 and 1 (the error shrinks by "
                    "that factor per step).")
    raise Wrong(f"{rate:g} is not what Nesterov measures here: run nesterov_lookahead for "
                f"2000 steps and use measured_rate on the largest |w| per step.")
