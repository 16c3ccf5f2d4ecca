"""lectures_lib.exercises: every check passes right answers in any equivalent form, fails each
known wrong answer with its hint, never prints the solution, and says "not answered yet" to
the placeholder. (The chapters' stored solutions are checked where they run: an executed
chapter whose solution prints "✗" fails, see execution.output_problems.)"""

import numpy as np
import pytest
import torch

from lectures_lib.data import load_digits_split
from lectures_lib.exercises import EXERCISES, check, judge
from lectures_lib.landscape.objectives import rosenbrock
from lectures_lib.optim.newton import newton


# -- right answers, written as a student would, each in more than one form ------------------

def early_stopping(val_losses, patience):
    best, best_epoch, wait = None, None, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch


def svm_true_class_grad(W, x, y):
    margins = x @ W - x @ W[:, y] + 1
    return -((margins > 0).sum() - 1) * x


def momentum_step(w, v, g, lr, rho):
    v = rho * v + g
    return w - lr * v, v


def adagrad_step(t, lr, eta):
    return lr / (1 + (t - 1) * eta) / np.sqrt(t)


def cg_solve(hvp, g):
    p, r = torch.zeros_like(g), -g.clone()
    d = r.clone()
    for _ in range(len(g)):
        Hd = hvp(d)
        step = (r @ r) / (d @ Hd)
        p, r_new = p + step * d, r - step * Hd
        if r_new.norm() < 1e-12 * g.norm():
            break
        d, r = r_new + (r_new @ r_new) / (r @ r) * d, r_new
    return p


def collapse(layers):
    n = layers[0].in_features
    W, b = torch.eye(n, dtype=torch.float64), torch.zeros(n, dtype=torch.float64)
    for layer in layers:
        W, b = layer.weight @ W, layer.weight @ b + layer.bias
    return W.detach(), b.detach().numpy()


def pairwise_auc(y, scores):
    pos, neg = scores[y == 1][:, None], scores[y == 0][None, :]
    return np.mean((pos > neg) + 0.5 * (pos == neg))


def never_eight_answer():
    is_eight = load_digits_split(seed=0).y_test == 8
    return np.mean(~is_eight), 0, 0.0


RIGHT = {
    "smallest-l2": [[0.25] * 4, np.full(4, 0.25), torch.full((4,), 0.25)],
    "early-stopping": [early_stopping],
    "choose-lambda": [3e-3, np.float32(3e-3)],
    "svm-true-class-gradient": [svm_true_class_grad,
                                lambda W, x, y: list(svm_true_class_grad(W, x, y))],
    "difference-slopes": [(1.0, 2.0), [0.98, 2.05], np.array([1, 2])],
    "check-catches-bug": [(True, False), [np.bool_(True), False]],
    "slide-regularization": [0.05, 0.051, np.float64(0.0514)],
    "momentum-step": [momentum_step],
    "velocity-limit": [20, 20.0001, torch.tensor(20.0)],
    "momentum-max-lr": [0.038, 2 * 1.9 / 100],
    "nesterov-rate": [0.9006, 0.901],
    "adagrad-decay-step": [adagrad_step],
    "rmsprop-first-step": [0.01 / np.sqrt(0.1), -0.0316228],
    "adam-slow-beta2": [False],
    "newton-invariance": [newton(rosenbrock, [-1.2, 1.0], tol=1e-12).nit],
    "conjugate-gradient": [cg_solve],
    "lbfgs-batch": [2000],
    "best-lr": [1e-4, 0.0001],
    "collapse-linear": [collapse],
    "two-layer-net-convex": [False],
    "f1-cars": [(0.4, 2 / 3), [2 / 5, 0.6667]],
    "smoothed-beats-ap": [([1, 0, 1, 1], [4.0, 3.0, 2.0, 1.0]),
                          (np.array([1, 1, 0, 1]), torch.tensor([1.0, 4.0, 3.0, 2.0]))],
    "never-eight": [never_eight_answer()],
    "pairwise-auc": [pairwise_auc],
    "iou-shift": [1.0, -1],
}


# -- typical wrong answers and a word their hint must contain ---------------------------------

WRONG = {
    "smallest-l2": [([1, 0, 0, 0], "w1"), ([0.5, 0.5, 0, 0], "smaller one"),
                    ([1, 1, 1, 1], "w·x = 4"), ([0.25] * 3, "shape (4,)")],
    "early-stopping": [(lambda v, p: (early_stopping(v, p)[0] + 1, early_stopping(v, p)[1]),
                        "one epoch late"),
                       (lambda v, p: (early_stopping(v, p)[0] - 1, early_stopping(v, p)[1]),
                        "one epoch early"),
                       (lambda v, p: 3, "pair"), (lambda v, p: 1 / 0, "ZeroDivisionError"),
                       ("epoch 3", "function")],
    "choose-lambda": [(1e-1, "validation"), (0.5, "one of")],
    "svm-true-class-gradient": [
        (lambda W, x, y: -svm_true_class_grad(W, x, y), "sign"),
        (lambda W, x, y: svm_true_class_grad(W, x, y) - x, "true class itself"),
        (lambda W, x, y: np.zeros_like(W), "shape")],
    "difference-slopes": [((2, 1), "swapped"), ((1, 1), "centred slope"),
                          ((2, 2), "forward slope"), ((-1, -2), "positive"),
                          ("1 and 2", "shape")],
    "check-catches-bug": [((True, True), "divides by 1"), ((False, False), "1/100"),
                          (("yes", "no"), "True or False")],
    "slide-regularization": [(0.2, "2λ"), (0.1, "(λ/2)"), (0.0, "more than 0.1"),
                             (0.3, "least squares"), ("small", "number")],
    "momentum-step": [(lambda w, v, g, lr, rho: (w - lr * (rho * v + g), rho * v - lr * g),
                       "second form"),
                      (lambda w, v, g, lr, rho: (w - lr * v, rho * v + g), "old velocity"),
                      (lambda w, v, g, lr, rho: (w - lr * (rho * v + (1 - rho) * g),
                                                 rho * v + (1 - rho) * g), "average")],
    "velocity-limit": [(2, "first velocity"), (18, "starts at 1"), (0.2, "not an average"),
                       (7, "sum of powers")],
    "momentum-max-lr": [(0.02, "gradient descent"), (0.05, "does not converge"),
                        (0.01, "still converges"), (-1, "positive")],
    "nesterov-rate": [(0.9802, "gradient descent"), (0.8182, "heavy ball"), (1.5, "between 0"),
                      (0.95, "measured_rate")],
    "adagrad-decay-step": [(lambda t, lr, eta: lr / (1 + (t - 1) * eta), "square root"),
                           (lambda t, lr, eta: lr / np.sqrt(t), "decay is missing"),
                           (lambda t, lr, eta: lr / (1 + t * eta) / np.sqrt(t), "one step ahead"),
                           (lambda t, lr, eta: "short", "number")],
    "rmsprop-first-step": [(0.01, "bias correction"), (0.1, "square root"),
                           (0.01 * np.sqrt(0.1), "denominator"), (5, "(1 - beta) g²")],
    "adam-slow-beta2": [(True, "online_counterexample"), (0, "True or False")],
    "newton-invariance": [(3, "D H D")],
    "conjugate-gradient": [(lambda hvp, g: -cg_solve(hvp, g), "+g"),
                           (lambda hvp, g: torch.zeros_like(g), "not the solution"),
                           (lambda hvp, g: [hvp(g) for _ in range(100)] and cg_solve(hvp, g),
                            "at most N")],
    "lbfgs-batch": [(1024, "did the run converge"), (500, "should be one of")],
    "best-lr": [(1e-3, "overshoot"), (1e-5, "300 steps"), (0.1, "one of")],
    "collapse-linear": [(lambda layers: (collapse(layers)[0], layers[-1].bias.detach()),
                         "earlier layer's bias"),
                        (lambda layers: (layers[0].weight, layers[0].bias), "shape"),
                        (lambda layers: collapse(layers)[0], "pair")],
    "two-layer-net-convex": [(True, "worst_chord")],
    "f1-cars": [((2 / 3, 0.4), "swapped"), ((5 / 12, 0.75), "arithmetic mean"),
                ((1 / 3, 1 / 2), "P or R"), ((0.45, 0.45), "2 TP")],
    "smoothed-beats-ap": [(([1, 1, 0, 0], [4, 3, 2, 1]), "agree"),
                          (([1, 1, 1, 1], [4, 3, 2, 1]), "one of each"),
                          (([1, 0, 1], [3, 2, 1]), "shape")],
    "never-eight": [((0.5, 0, 0), "non-eight"), ((never_eight_answer()[0], 1, 1), "alarms")],
    "pairwise-auc": [(lambda y, s: np.mean(s[y == 1][:, None] > s[y == 0][None, :]),
                      "one half"),
                     (lambda y, s: 1 - pairwise_auc(y, s), "reversed")],
    "iou-shift": [(1.5, "1/3"), (2.0, "IoU is 0.200"), (4, "overlap")],
}


def test_every_exercise_is_tested_and_each_chapter_has_at_least_three():
    assert set(RIGHT) == set(EXERCISES) == set(WRONG)
    chapters = [e.chapter for e in EXERCISES.values()]
    assert all(chapters.count(c) >= 3 for c in range(1, 8)), chapters
    code_exercises = {"early-stopping", "svm-true-class-gradient", "momentum-step",
                      "adagrad-decay-step", "conjugate-gradient", "collapse-linear",
                      "pairwise-auc"}
    assert sorted(EXERCISES[n].chapter for n in code_exercises) == list(range(1, 8))


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_right_answers_pass_in_every_form(name):
    for answer in RIGHT[name]:
        verdict = judge(name, answer)
        assert verdict.correct is True and verdict.message.startswith("✓ Right."), verdict


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_wrong_answers_fail_with_their_hint(name):
    for answer, hint in WRONG[name]:
        verdict = judge(name, answer)
        assert verdict.correct is False, (answer, verdict)
        assert verdict.message.startswith("✗ Not yet: ") and hint in verdict.message, verdict


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_placeholder_is_not_answered_yet(name):
    verdict = judge(name, ...)
    assert verdict.correct is None and "Not answered yet" in verdict.message


#: The right number of each exercise that is not a choice among listed values.
NUMERIC = {"velocity-limit": "20", "momentum-max-lr": "0.038", "rmsprop-first-step": "0.0316",
           "nesterov-rate": "0.90", "iou-shift": "d = 1", "slide-regularization": "0.05"}


@pytest.mark.parametrize("name", sorted(NUMERIC))
def test_no_message_gives_the_right_number_away(name):
    for answer, _ in WRONG[name]:
        assert NUMERIC[name] not in judge(name, answer).message


def test_a_function_with_only_a_placeholder_body_is_not_answered_yet():
    def early_stopping(val_losses, patience):
        """Return (stop_epoch, best_epoch)."""
        ...  # your code here

    verdict = judge("early-stopping", early_stopping)
    assert verdict.correct is None and "write the body of the function" in verdict.message
    assert judge("early-stopping", lambda v, p: ...).correct is False  # a body, though wrong


def test_check_prints_the_verdict(capsys):
    check("iou-shift", 1.5)
    assert capsys.readouterr().out.startswith("✗ Not yet: at d = s/2")
    check("iou-shift", ...)
    assert "Not answered yet" in capsys.readouterr().out


def test_an_unknown_name_is_refused_with_the_names_that_are_close():
    with pytest.raises(ValueError, match="did you mean 'iou-shift'"):
        judge("iou_shift", 1.0)
    with pytest.raises(TypeError, match="name must be"):
        judge(3, 1.0)


def test_importing_the_checks_does_not_import_scikit_learn():
    """Every chapter imports check; scikit-learn (a second to import) is for chapter 7 only."""
    import subprocess
    import sys

    code = ("import sys; from lectures_lib.exercises import check; "
            "check('smallest-l2', [0.25] * 4); "
            "print(any(m == 'sklearn' or m.startswith('sklearn.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")
