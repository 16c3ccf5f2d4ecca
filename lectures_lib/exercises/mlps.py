"""Chapter 6's exercises: the learning rate of the 20-line network, a linear network collapsed
into one layer, the convexity of a ReLU network's loss."""

import numpy as np
import torch

from lectures_lib.exercises import Wrong, boolean, call, close, exercise, function, one_of

#: Exercise 1's learning rates and the one that works best after 300 steps.
LEARNING_RATES = (1e-5, 1e-4, 1e-3)
BEST_LEARNING_RATE = 1e-4


@exercise("best-lr", 6,
          f"Which learning rate of {LEARNING_RATES} trains the slides' 20-line network best "
          f"in 300 steps?")
def best_lr(answer):
    lr = one_of(answer, LEARNING_RATES, "the learning rate")
    if lr == BEST_LEARNING_RATE:
        return "Too small crawls, too large overshoots; the slide's 1e-4 is in between."
    if lr == 1e-3:
        raise Wrong("with 1e-3 the steps overshoot: look at what happens to the loss.")
    raise Wrong("1e-5 is safe, but where is its loss after 300 steps compared with the "
                "others'?")


def _stack(rng):
    sizes = [int(s) for s in rng.integers(1, 6, size=int(rng.integers(2, 5)))]
    torch.manual_seed(int(rng.integers(2**31)))
    return [torch.nn.Linear(a, b).double() for a, b in zip(sizes, sizes[1:])], sizes


@exercise("collapse-linear", 6,
          "Write collapse(layers): for a list of torch.nn.Linear layers applied in order, "
          "return (W, b) such that W x + b equals the stack's output.")
def collapse_linear(answer):
    fn = function(answer)
    rng = np.random.default_rng(606)
    for trial in range(10):
        layers, sizes = _stack(rng)
        got = call(fn, layers)
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            raise Wrong(f"collapse should return a pair (W, b), got {type(got).__name__}")
        W, b = (torch.as_tensor(np.asarray(a.detach() if hasattr(a, "detach") else a,
                                           dtype=float)) for a in got)
        if W.shape != (sizes[-1], sizes[0]) or b.shape != (sizes[-1],):
            raise Wrong(f"for layer sizes {sizes} W should have shape "
                        f"({sizes[-1]}, {sizes[0]}) and b ({sizes[-1]},); got "
                        f"{tuple(W.shape)} and {tuple(b.shape)}.")
        x = torch.tensor(rng.standard_normal((7, sizes[0])))
        with torch.no_grad():
            expected = x
            for layer in layers:
                expected = layer(expected)
        if close((x @ W.T + b).numpy(), expected.numpy()):
            continue
        if len(layers) > 1 and close(b.numpy(), layers[-1].bias.detach().numpy()):
            raise Wrong("W or b leaves something out: an earlier layer's bias passes through "
                        "every later layer's weights.")
        raise Wrong(f"for a fresh stack with sizes {sizes} your W x + b differs from the "
                    f"stack's output. The first layer acts first: W = W_L ... W_2 W_1.")
    return ("W x + b matches the stack on 10 fresh networks: depth without a nonlinearity "
            "is one linear layer.")


@exercise("two-layer-net-convex", 6,
          "Is TwoLayerNet's loss convex in W1? Answer True or False.")
def two_layer_net_convex(answer):
    if boolean(answer, "your answer"):
        raise Wrong("evaluate the loss along W1 + t D for a random D and hand the values to "
                    "worst_chord: does some chord pass below the curve?")
    return "The ReLU makes it piecewise smooth with bends both ways: non-convex."
