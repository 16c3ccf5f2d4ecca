"""Chapter 1's exercises: the smallest L2 penalty, early stopping written by hand, choosing λ."""

from types import SimpleNamespace

import numpy as np

from lectures_lib.exercises import Wrong, call, close, exercise, function, numbers, one_of
from lectures_lib.lecture_examples import PREFERENCE_W1, PREFERENCE_X
from lectures_lib.nn import EarlyStopping, l2_penalty

#: The λ of chapter 1's capacity experiment with the best validation accuracy (its solution
#: computes it; the check printed there fails the build if the two ever disagree).
LAMBDAS = (1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
BEST_LAMBDA = 3e-3


@exercise("smallest-l2", 1, "Among all w with w·x = 1, x = (1, 1, 1, 1), which has the smallest "
                            "L2 penalty? Answer with the vector w.")
def smallest_l2(answer):
    w = numbers(answer, (4,), "w")
    x = PREFERENCE_X
    if not close(w @ x, 1.0):
        raise Wrong(f"your w gives w·x = {w @ x:g}, but it must satisfy w·x = 1.")
    if close(w, PREFERENCE_W1) or np.count_nonzero(np.abs(w) > 1e-9) == 1:
        raise Wrong("that is the lecture's w1, all the weight on one input: its L2 penalty is "
                    "1. L2 prefers weights spread out over the inputs.")
    best = x / (x @ x)
    if not close(w, best, atol=1e-6):
        raise Wrong(f"w·x = 1 holds, but the L2 penalty of your w is {l2_penalty(w):.4g}, and "
                    f"another w on the constraint has a smaller one. Which w of a given sum "
                    f"has the smallest sum of squares?")
    return "Spreading the weight evenly gives the smallest sum of squares on the constraint."


def reference_early_stopping(val_losses, patience):
    """What :class:`~lectures_lib.nn.early_stopping.EarlyStopping` does with this curve."""
    stopper, model = EarlyStopping(patience=patience), SimpleNamespace(params={})
    stop = len(val_losses) - 1
    for epoch, value in enumerate(val_losses):
        if stopper.step(epoch, value, model):
            stop = epoch
            break
    return stop, stopper.best_epoch


def _curves(rng):
    """Fresh validation curves: falling, then rising with noise; some with exact ties."""
    for _ in range(40):
        n = int(rng.integers(5, 30))
        t = np.arange(n)
        curve = 1.0 / (1 + t) + 0.02 * t + 0.05 * rng.standard_normal(n)
        if rng.random() < 0.4:
            curve = np.round(curve, 1)  # ties with the best so far
        yield [float(v) for v in curve], int(rng.integers(1, 6))


@exercise("early-stopping", 1, "Write early_stopping(val_losses, patience) returning "
                               "(stop_epoch, best_epoch) as EarlyStopping and fit would.")
def early_stopping(answer):
    fn = function(answer)
    rng = np.random.default_rng(12345)
    for curve, patience in _curves(rng):
        got = call(fn, list(curve), patience)
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            raise Wrong(f"your function should return a pair (stop_epoch, best_epoch), "
                        f"got {got!r}")
        stop, best = reference_early_stopping(curve, patience)
        got_stop, got_best = got
        if (got_stop, got_best) == (stop, best):
            continue
        shown = f"val_losses = {[round(v, 3) for v in curve]}, patience = {patience}"
        if got_stop == stop + 1:
            raise Wrong(f"your run stops one epoch late ({shown}): it ends at the epoch that "
                        f"makes `patience` epochs without improvement.")
        if got_stop == stop - 1:
            raise Wrong(f"your run stops one epoch early ({shown}).")
        if got_best == int(np.argmin(curve)) and got_best > stop:
            raise Wrong(f"your best epoch comes after the stop ({shown}): early stopping can "
                        f"only restore an epoch it has seen.")
        if len(set(curve[: stop + 1])) < stop + 1 and got_stop != stop:
            raise Wrong(f"with ties ({shown}) your run differs: a value equal to the best so "
                        f"far is not an improvement, it counts towards the patience.")
        if got_best != best and got_stop == stop:
            raise Wrong(f"the stop is right but not the restored epoch ({shown}): with ties, "
                        f"the first epoch that reached the best value is kept.")
        raise Wrong(f"for {shown} your function returns ({got_stop}, {got_best}), "
                    f"EarlyStopping gives ({stop}, {best}).")
    return "It agrees with EarlyStopping on 40 fresh curves, ties included."


@exercise("choose-lambda", 1, "For the 20-unit network on the spirals, which λ of "
                              f"{LAMBDAS} would you choose?")
def choose_lambda(answer):
    lam = one_of(answer, LAMBDAS, "λ")
    if close(lam, BEST_LAMBDA):
        return "The best validation accuracy decides; the test set stays untouched."
    raise Wrong(f"λ = {lam:g} is not the one with the best validation accuracy. Choose on the "
                f"validation set (not the training set: the training accuracy always "
                f"prefers a weaker penalty, nor the test set: it is kept for the end).")
