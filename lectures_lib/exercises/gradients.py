"""Chapter 2's exercises: the SVM gradient by hand, finite-difference slopes, a bug the check
misses."""

import numpy as np

from lectures_lib.exercises import (Wrong, boolean, call, close, exercise, function, number,
                                    numbers)
from lectures_lib.nn.losses import svm_loss


@exercise("svm-true-class-gradient", 2,
          "Write svm_true_class_grad(W, x, y): the gradient of one example's SVM loss with "
          "respect to the column W[:, y] of its true class.")
def svm_true_class_gradient(answer):
    fn = function(answer)
    rng = np.random.default_rng(2024)
    for trial in range(20):
        D, C = int(rng.integers(2, 8)), int(rng.integers(2, 6))
        W, x, y = rng.standard_normal((D, C)), rng.standard_normal(D), int(rng.integers(C))
        got = call(fn, W.copy(), x.copy(), y)
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(f"your function should return an array of shape ({D},), got "
                        f"{type(got).__name__}") from None
        if got.shape != (D,):
            raise Wrong(f"for W of shape {W.shape} your function returns shape {got.shape}; "
                        f"the gradient with respect to one column has shape ({D},).")
        expected = svm_loss(W, x[None], np.array([y]))[1][:, y]
        if close(got, expected):
            continue
        violated = int(((x @ W) - x @ W[:, y] + 1 > 0).sum()) - 1
        if close(got, -expected):
            raise Wrong("the sign is flipped: a violated margin pushes the true class's "
                        "score up, so the loss falls as w_y moves along x.")
        if close(got, -(violated + 1) * x):
            raise Wrong("you counted the true class itself: its own margin s_y - s_y + 1 = 1 "
                        "is always 'violated', but the sum runs over j ≠ y only.")
        raise Wrong(f"on a fresh example with {violated} violated margins your gradient "
                    f"differs from svm_loss's column dW[:, y]. Count the classes j ≠ y with "
                    f"s_j - s_y + 1 > 0.")
    return "It matches svm_loss's dW[:, y] on 20 fresh examples."


@exercise("difference-slopes", 2,
          "The slopes of log(error) against log(h) for forward and centred differences in the "
          "truncation regime: answer (forward_slope, centred_slope).")
def difference_slopes(answer):
    forward, centred = numbers(answer, (2,), "(forward_slope, centred_slope)")
    if close(forward, 2, atol=0.15) and close(centred, 1, atol=0.15):
        raise Wrong("the two are swapped: which of the two formulas cancels the h² term of "
                    "Taylor's expansion?")
    if forward < 0 or centred < 0:
        raise Wrong("the errors shrink as h shrinks, so both slopes are positive.")
    if not close(forward, 1, atol=0.15):
        raise Wrong(f"the forward slope {forward:g} is off: the first term Taylor's "
                    f"expansion leaves in (f(x+h) - f(x))/h is proportional to which power "
                    f"of h?")
    if not close(centred, 2, atol=0.15):
        raise Wrong(f"the centred slope {centred:g} is off: in (f(x+h) - f(x-h))/2h the h² "
                    f"terms cancel; what is left?")
    return "Forward differences are first-order accurate, centred ones second-order."


@exercise("check-catches-bug", 2,
          "Does the gradient check flag the doubly-averaged softmax gradient with 100 examples? "
          "With one? Answer (caught_with_100, caught_with_1).")
def check_catches_bug(answer):
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
        raise Wrong(f"answer with a pair of booleans (caught_with_100, caught_with_1), got "
                    f"{answer!r}")
    with_100, with_1 = (boolean(a, "each entry") for a in answer)
    if with_100 and with_1:
        raise Wrong("with one example, dividing by the number of examples a second time "
                    "divides by 1: what does that change?")
    if not with_100:
        raise Wrong("with 100 examples the bug scales the gradient by 1/100; the check "
                    "compares it with the numeric gradient, which has no bug.")
    return ("A check on a single example cannot see a factor 1/N: check with several "
            "examples.")


def slide_regularization_factor():
    """The c for which the slide's printed dW best equals the data gradient plus c W."""
    from lectures_lib.data import add_bias_column
    from lectures_lib.lecture_examples import (SLIDE_B, SLIDE_DW, SLIDE_LABELS, SLIDE_POINTS,
                                               SLIDE_W)
    from lectures_lib.nn.losses import svm_loss

    # the demo's SVM data loss, in the library's (D + 1, C) layout: weights, then biases
    _, dW1 = svm_loss(np.vstack([SLIDE_W.T, SLIDE_B]), add_bias_column(SLIDE_POINTS),
                      SLIDE_LABELS)
    data_dW = dW1[:-1].T
    return float(np.sum((SLIDE_DW - data_dW) * SLIDE_W) / np.sum(SLIDE_W ** 2))


@exercise("slide-regularization", 2,
          "The slide's demo prints weight gradients that are the data gradient plus c W. "
          "Find c (two decimals).")
def slide_regularization(answer):
    c = number(answer, "c")
    if close(c, slide_regularization_factor(), atol=0.006):
        return ("A quarter of 2λ = 0.2: the slide's regularization gradient does not match "
                "the regularization loss λΣW² it prints.")
    if close(c, 0.2, atol=0.006):
        raise Wrong("0.2 = 2λ is the gradient of the regularization loss λΣW² the slide "
                    "prints, the library's value; the slide's numbers are smaller. Fit c to "
                    "SLIDE_DW minus the data gradient (the demo with reg=0).")
    if close(c, 0.1, atol=0.006):
        raise Wrong("λ = 0.1 would be the gradient of (λ/2)ΣW²; compare with the slide's "
                    "numbers entry by entry.")
    if close(c, 0.0, atol=0.006):
        raise Wrong("with c = 0 the data gradient alone misses the slide's numbers by more "
                    "than 0.1: some regularization is in them.")
    raise Wrong(f"with c = {c:g} the data gradient plus c W does not fit the slide's numbers; "
                f"solve for c by least squares over the six entries.")
