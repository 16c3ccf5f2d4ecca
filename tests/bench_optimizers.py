"""Benchmark (not a test): lectures_lib.optim's step() time against torch.optim's, on the CPU.

Run it as ``.venv/bin/python tests/bench_optimizers.py``. For each optimizer it builds two
copies of the same ~2.4M-parameter MLP (float32), gives both the same gradients, and times
``step()`` of the library's optimizer and of ``torch.optim``'s (``foreach=False``, the per-tensor
loop that PyTorch uses by default on the CPU) alternately in one process, so both see the same
machine load. It prints the median times and their ratio; the target is a ratio <= 1.1.
"""

import argparse
import statistics
import time

import torch

from lectures_lib import optim

#: The optimizers compared, with the hyperparameters used (every branch of the update on).
CASES = [
    ("SGD", optim.SGD, torch.optim.SGD, dict(lr=0.01)),
    ("SGD momentum", optim.SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.9, weight_decay=1e-4)),
    ("SGD Nesterov", optim.SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.9, nesterov=True)),
    ("Adagrad", optim.Adagrad, torch.optim.Adagrad, dict(lr=0.01)),
    ("RMSprop", optim.RMSprop, torch.optim.RMSprop, dict(lr=0.01)),
    ("RMSprop centered", optim.RMSprop, torch.optim.RMSprop,
     dict(lr=0.01, momentum=0.9, centered=True)),
    ("Adam", optim.Adam, torch.optim.Adam, dict(lr=1e-3)),
    ("Adam AMSGrad", optim.Adam, torch.optim.Adam, dict(lr=1e-3, amsgrad=True)),
    ("AdamW", optim.AdamW, torch.optim.AdamW, dict(lr=1e-3)),
]


def mlp(seed=0):
    """An MLP 1024 -> 1536 -> 512 -> 10 with ReLUs: 2,366,474 parameters."""
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(1024, 1536), torch.nn.ReLU(),
                               torch.nn.Linear(1536, 512), torch.nn.ReLU(),
                               torch.nn.Linear(512, 10))


def with_gradients(model, seed=1):
    """Fill every parameter's .grad with fixed random numbers."""
    generator = torch.Generator().manual_seed(seed)
    for p in model.parameters():
        p.grad = 1e-2 * torch.randn(p.shape, generator=generator)
    return model


def time_step(optimizer):
    start = time.perf_counter()
    optimizer.step()
    return time.perf_counter() - start


def compare(ours_cls, torch_cls, hyperparameters, repeats, warmup=5):
    """Median step() times (seconds) of the two optimizers, measured alternately."""
    ours = ours_cls(with_gradients(mlp()).parameters(), **hyperparameters)
    theirs = torch_cls(with_gradients(mlp()).parameters(), foreach=False, **hyperparameters)
    times = {"ours": [], "torch": []}
    for i in range(warmup + repeats):
        order = [("ours", ours), ("torch", theirs)]
        for name, optimizer in (order if i % 2 == 0 else order[::-1]):
            elapsed = time_step(optimizer)
            if i >= warmup:
                times[name].append(elapsed)
    return statistics.median(times["ours"]), statistics.median(times["torch"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=100, help="timed steps per optimizer")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (default 1: steadiest timings on a shared machine)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    n_params = sum(p.numel() for p in mlp().parameters())
    print(f"step() time on an MLP with {n_params:,} parameters (CPU, float32, "
          f"{torch.get_num_threads()} threads), median of {args.repeats} interleaved steps")
    print(f"{'optimizer':<18}{'lectures_lib':>14}{'torch.optim':>14}{'ratio':>8}")
    worst = 0.0
    for name, ours_cls, torch_cls, hyperparameters in CASES:
        ours, theirs = compare(ours_cls, torch_cls, hyperparameters, args.repeats)
        worst = max(worst, ours / theirs)
        print(f"{name:<18}{ours * 1e3:>11.2f} ms{theirs * 1e3:>11.2f} ms{ours / theirs:>7.2f}x")
    print(f"worst ratio {worst:.2f}x (target <= 1.10x)")


if __name__ == "__main__":
    main()
