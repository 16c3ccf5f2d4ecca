"""Chapter 5's exercises: Newton's invariance to scaling, Hessian-free Newton with conjugate
gradients, L-BFGS and the batch size."""

import numpy as np
import torch

from lectures_lib.exercises import Wrong, call, close, exercise, function, number, one_of
from lectures_lib.landscape.objectives import rosenbrock
from lectures_lib.optim.newton import newton

#: The classic Rosenbrock start of chapter 5.
ROSEN_START = (-1.2, 1.0)
#: The batch sizes of exercise 3, the last one the full batch; from it on L-BFGS works.
BATCH_SIZES = (32, 256, 1024, 2000)
WORKING_BATCH = 2000


@exercise("newton-invariance", 5,
          "How many iterations does Newton's method need on g(u) = f(D u), D = diag(1, 10), "
          "from u0 = D^-1 w0 (f = Rosenbrock, tol = 1e-12)?")
def newton_invariance(answer):
    iterations = number(answer, "the number of iterations")
    in_w = newton(rosenbrock, ROSEN_START, tol=1e-12).nit
    if close(iterations, in_w):
        return ("As many as in w: Newton's step in u is D^-1 times its step in w, iterate "
                "for iterate.")
    raise Wrong("count the iterations Newton needs in u and in w: the Hessian of g is "
                "D H D and its gradient D ∇f, so how are the two Newton steps related?")


@exercise("conjugate-gradient", 5,
          "Write cg_solve(hvp, g): solve H p = -g for a positive definite H with conjugate "
          "gradients, using only products hvp(v) = H v; return p.")
def conjugate_gradient(answer):
    fn = function(answer)
    rng = np.random.default_rng(505)
    for trial in range(8):
        n = int(rng.integers(2, 12))
        Q = torch.tensor(rng.standard_normal((n, n)))
        H = Q @ Q.T + n * torch.eye(n, dtype=torch.float64)
        g = torch.tensor(rng.standard_normal(n))
        products = []

        def hvp(v, H=H, products=products):
            products.append(1)
            return H @ torch.as_tensor(v, dtype=torch.float64)

        got = call(fn, hvp, g.clone())
        try:
            p = torch.as_tensor(np.asarray(got.detach() if hasattr(got, "detach") else got,
                                           dtype=float))
        except (TypeError, ValueError):
            raise Wrong(f"cg_solve should return p, an array or tensor of shape ({n},), got "
                        f"{type(got).__name__}") from None
        if p.shape != (n,):
            raise Wrong(f"for N = {n} cg_solve returned shape {tuple(p.shape)}, not ({n},).")
        exact = torch.linalg.solve(H, -g)
        if not close(p.numpy(), exact.numpy(), rtol=1e-5, atol=1e-8):
            if close(p.numpy(), -exact.numpy(), rtol=1e-5, atol=1e-8):
                raise Wrong("that solves H p = +g: the Newton direction is -H^-1 g.")
            raise Wrong(f"on a fresh positive definite H (N = {n}) your p is not the "
                        f"solution of H p = -g (largest error "
                        f"{(p - exact).abs().max().item():.1e}).")
        if len(products) > 3 * n:
            raise Wrong(f"right p, but {len(products)} products for N = {n}: conjugate "
                        f"gradients needs at most N (in exact arithmetic).")
    return "It solves H p = -g on 8 fresh matrices with at most a few products per weight."


@exercise("lbfgs-batch", 5,
          f"From which batch size of {BATCH_SIZES} on does L-BFGS on minibatch_loss converge?")
def lbfgs_batch(answer):
    size = one_of(answer, BATCH_SIZES, "the batch size")
    if close(size, WORKING_BATCH):
        return "Only a deterministic f, the full batch, keeps the line search working."
    raise Wrong(f"look again at batch {size:g}: did the run converge, and how far is its "
                f"loss from the minimum? A line search compares values of f, and a new "
                f"minibatch per call makes them values of different functions.")
