r"""Curvature of a loss: the Hessian, Hessian-vector products and the quadratic model.

Second-order methods look at the matrix of second derivatives, the **Hessian**
:math:`\mathbf{H}_{ij} = \partial^2 L / \partial w_i \partial w_j`, through the second-order
Taylor expansion of the loss around :math:`w_0` (Lecture 5, DeepRob L4 and AI604 decks):

.. math::

    L(w) \approx L(w_0) + (w - w_0)^\top \nabla_w L(w_0)
    + \tfrac{1}{2} (w - w_0)^\top \mathbf{H}_w L(w_0)\, (w - w_0) .

For :math:`N` weights the Hessian has :math:`N^2` entries and inverting it takes
:math:`O(N^3)` time, which is why the slides call Newton's method impractical for networks
with millions of weights. A **Hessian-vector product** :math:`\mathbf{H} v` needs neither:
it is the gradient of :math:`\nabla L(w)^\top v`, two backward passes and :math:`O(N)` memory
(Pearlmutter, 1994).

Every function here takes ``f``, a torch function of a 1-D tensor (the N weights) that
returns a scalar tensor, and differentiates it with ``torch.autograd``. :func:`flat_loss`
makes such an ``f`` from a network and a batch: its loss as a function of all its weights.
"""

import time

import numpy as np

import torch
import torch.nn.functional as F
from torch.func import functional_call

from lectures_lib._checks import as_float_array, as_float_tensor, check_callable, check_positive_int


def as_point(x, name="x"):
    """Return ``x`` as a detached 1-D floating-point tensor, or raise naming ``name``.

    Tensors keep their floating dtype (integers become float64); lists and arrays become
    float64 tensors.

    Examples
    --------
    >>> as_point([1, 2])
    tensor([1., 2.], dtype=torch.float64)
    """
    if isinstance(x, torch.Tensor):
        if x.dtype == torch.bool or x.is_complex():
            raise TypeError(f"{name} must be a real tensor, got dtype {x.dtype}")
        t = x.detach().clone()
        if not t.is_floating_point():
            t = t.to(torch.float64)
    else:
        t = torch.from_numpy(as_float_array(x, name))
    if t.ndim != 1:
        raise ValueError(f"{name} must be a 1-D tensor (a vector of N weights), "
                         f"got shape {tuple(t.shape)}")
    if t.numel() == 0:
        raise ValueError(f"{name} is empty: there are no weights to optimise")
    if not torch.isfinite(t).all():
        bad = int((~torch.isfinite(t)).sum())
        raise ValueError(f"{name} must be finite, got NaN or inf at {bad} place(s)")
    return t


def _check_vector(v, like, name="v"):
    """Return ``v`` as a tensor with ``like``'s shape, dtype and device, or raise."""
    v = as_point(v, name).to(dtype=like.dtype, device=like.device)
    if v.shape != like.shape:
        raise ValueError(f"{name} must have x's shape {tuple(like.shape)}, got {tuple(v.shape)}")
    return v


def _scalar_output(out, name="f(x)"):
    """Insist that ``f`` returned a single real number as a torch tensor; return it 0-d."""
    if not isinstance(out, torch.Tensor):
        raise TypeError(f"{name} must be a torch tensor (so that autograd can differentiate "
                        f"it), got {type(out).__name__}")
    if out.numel() != 1:
        raise TypeError(f"{name} must be a scalar, got a tensor of shape {tuple(out.shape)}")
    if out.is_complex() or not out.is_floating_point():
        raise TypeError(f"{name} must be a real floating-point scalar, got dtype {out.dtype}")
    return out.reshape(())


def _check_callable(f):
    if not callable(f):
        raise TypeError(f"f must be a callable taking a 1-D tensor, got {type(f).__name__}")


def _grad(out, x, **kwargs):
    """∂out/∂x, with zeros where ``out`` does not depend on ``x``."""
    if not out.requires_grad:
        return torch.zeros_like(x)
    (g,) = torch.autograd.grad(out, x, allow_unused=True, **kwargs)
    return torch.zeros_like(x) if g is None else g


def value_and_grad(f, x):
    """The value ``f(x)`` and the gradient ``∇f(x)``, both detached.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor of N weights to a scalar tensor.
    x : tensor or array_like of shape (N,)

    Returns
    -------
    value : torch.Tensor
        0-d. Where ``f`` overflows at a finite ``x`` it is inf (or NaN), as torch computes
        it: the line searches of :mod:`lectures_lib.optim.line_search` test for that and shorten
        the step.
    grad : torch.Tensor of shape (N,)

    Raises
    ------
    TypeError, ValueError
        For ``f`` not callable or not returning a scalar floating tensor, and for ``x`` not a
        finite, non-empty 1-D vector of real numbers.

    Examples
    --------
    >>> value, grad = value_and_grad(lambda w: (w ** 2).sum(), [1.0, -2.0])
    >>> value.item(), grad.tolist()
    (5.0, [2.0, -4.0])
    """
    _check_callable(f)
    x = as_point(x).requires_grad_(True)
    with torch.enable_grad():
        out = _scalar_output(f(x))
        return out.detach(), _grad(out, x)


def hessian(f, x):
    r"""The Hessian of ``f`` at ``x``, formed row by row with autograd.

    Row :math:`i` of :math:`\mathbf{H}` is the gradient of :math:`\partial f / \partial w_i`,
    so forming :math:`\mathbf{H}` takes one backward pass through the gradient per weight:
    :math:`N` passes and :math:`N^2` numbers in memory.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor of N weights to a scalar tensor; twice differentiable.
    x : tensor or array_like of shape (N,)

    Returns
    -------
    torch.Tensor of shape (N, N)
        Where ``f``'s second derivatives overflow it holds inf or NaN, as torch computes
        them: Newton's method (:func:`lectures_lib.optim.second_order.newton`) tests for that.

    Raises
    ------
    TypeError, ValueError
        As :func:`value_and_grad`.

    Examples
    --------
    >>> hessian(lambda w: w[0] ** 2 * w[1], [1.0, 3.0])
    tensor([[6., 2.],
            [2., 0.]], dtype=torch.float64)
    """
    _check_callable(f)
    x = as_point(x).requires_grad_(True)
    with torch.enable_grad():
        g = _grad(_scalar_output(f(x)), x, create_graph=True)
        rows = [_grad(g[i], x, retain_graph=True) for i in range(x.numel())]
    return torch.stack(rows).detach()


def hvp(f, x, v):
    r"""The Hessian-vector product :math:`\mathbf{H}(x)\, v`, without forming :math:`\mathbf{H}`.

    .. math::

        \mathbf{H} v = \nabla_w \big( \nabla_w f(w)^\top v \big)

    (Pearlmutter, 1994): one backward pass for the gradient (keeping its graph), one more
    for the gradient of its dot product with :math:`v`. Time and memory are a small multiple
    of one gradient's, :math:`O(N)` numbers instead of :math:`N^2`.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor of N weights to a scalar tensor.
    x : tensor or array_like of shape (N,)
    v : tensor or array_like of shape (N,)

    Returns
    -------
    torch.Tensor of shape (N,)

    Raises
    ------
    TypeError, ValueError
        As :func:`value_and_grad`, for ``v`` not finite or not of ``x``'s shape, and when
        :math:`\mathbf{H} v` is beyond the dtype's range (``v`` is scaled by a power of two
        first, so only a true overflow raises).

    Examples
    --------
    >>> hvp(lambda w: w[0] ** 2 * w[1], [1.0, 3.0], [1.0, 0.0])
    tensor([6., 2.], dtype=torch.float64)
    """
    _check_callable(f)
    x = as_point(x).requires_grad_(True)
    v = _check_vector(v, x, "v")
    # H v is linear in v: scale v by a power of two (exactly) so that a huge v cannot overflow
    e = int(torch.frexp(v.abs().max()).exponent)
    with torch.enable_grad():
        g = _grad(_scalar_output(f(x)), x, create_graph=True)
        Hv = torch.ldexp(_grad(g @ torch.ldexp(v, torch.tensor(-e)), x).detach(),
                         torch.tensor(e))
    if not bool(torch.isfinite(Hv).all()):
        raise ValueError(f"H v is not finite: f's second derivatives at x, times v (up to "
                         f"{float(v.abs().max()):.3g}), overflow {x.dtype}'s range")
    return Hv


def quadratic_model(f, x0):
    r"""The second-order Taylor expansion of ``f`` around ``x0``, as a function.

    .. math::

        m(w) = f(w_0) + (w - w_0)^\top \nabla f(w_0)
        + \tfrac{1}{2}(w - w_0)^\top \mathbf{H}\,(w - w_0)

    Its critical point, where :math:`\nabla m = 0`, is the Newton step
    :math:`w^* = w_0 - \mathbf{H}^{-1} \nabla f(w_0)`.

    Parameters
    ----------
    f : callable
    x0 : tensor or array_like of shape (N,)

    Returns
    -------
    callable
        ``m(w)`` for ``w`` of shape (N,) or a batch of shape (..., N) (a tensor, list or array,
        cast to ``x0``'s dtype); returns a tensor of the batch shape.

    Raises
    ------
    TypeError, ValueError
        For a bad ``f`` or ``x0`` (see :func:`value_and_grad`), or when ``f``, its gradient
        or its Hessian is not finite at ``x0``; from ``m``, for a ``w`` that is not finite or
        whose last dimension is not N, or where ``m(w)`` overflows float64.

    Examples
    --------
    >>> m = quadratic_model(lambda w: torch.exp(w).sum(), [0.0])
    >>> m(torch.tensor([[0.0], [1.0]], dtype=torch.float64))
    tensor([1.0000, 2.5000], dtype=torch.float64)
    """
    value, grad = value_and_grad(f, x0)
    x0 = as_point(x0, "x0")
    H = hessian(f, x0)
    for name, part in (("f(x0)", value), ("the gradient at x0", grad), ("the Hessian at x0", H)):
        if not bool(torch.isfinite(part).all()):
            raise ValueError(f"{name} is not finite: there is no quadratic model at x0")
    n = x0.numel()

    def m(w):
        w = as_float_tensor(w, "w", dtype=x0.dtype).to(x0.device)
        if w.ndim == 0 or w.shape[-1] != n:
            raise ValueError(f"w must have shape ({n},) or (..., {n}), got {tuple(w.shape)}")
        d = w - x0
        out = value + d @ grad + 0.5 * ((d @ H) * d).sum(-1)
        if not bool(torch.isfinite(out).all()):
            raise ValueError(f"the quadratic model overflows {x0.dtype}'s range at a w that "
                             f"far from x0 (|w - x0| up to {float(d.abs().max()):.3g})")
        return out

    return m


def flat_loss(model, X, y, loss_fn=F.cross_entropy):
    """The loss of ``model`` on ``(X, y)`` as a function of all its parameters in one vector.

    Parameters
    ----------
    model : torch.nn.Module
        Evaluated as it is (call ``model.eval()`` first to switch dropout off).
    X, y : torch.Tensor or array_like
        The batch. ``X`` is cast to the dtype of the model's parameters (integer data too)
        and moved to their device; ``y`` becomes a tensor there: integer labels as int64,
        floating targets in the model's dtype. Both must be finite and hold as many
        examples.
    loss_fn : callable, default ``torch.nn.functional.cross_entropy``

    Returns
    -------
    f : callable
        ``f(w)`` is the loss with the parameters taken from the 1-D tensor ``w``, in the order
        of ``model.parameters()``; differentiable in ``w``.
    w0 : torch.Tensor
        The model's current parameters as one detached vector, so that ``f(w0)`` is its loss.
        ``f`` accepts other floating dtypes (and lists) too, cast to ``w0``'s.

    Raises
    ------
    TypeError, ValueError
        For a ``model`` that is not a module or has no parameters, a bad ``X`` or ``y``
        (booleans, strings, NaN/inf, different numbers of examples), a ``loss_fn`` that is not
        callable; from ``f``, for a ``w`` of the wrong shape.

    Examples
    --------
    >>> model = torch.nn.Linear(3, 2)
    >>> X, y = torch.randn(5, 3), torch.tensor([0, 1, 1, 0, 1])
    >>> f, w0 = flat_loss(model, X, y)
    >>> w0.shape
    torch.Size([8])
    >>> torch.allclose(f(w0), F.cross_entropy(model(X), y))
    True
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    check_callable(loss_fn, "loss_fn")
    named = [(name, p) for name, p in model.named_parameters()]
    if not named:
        raise ValueError("model has no parameters")
    names = [name for name, _ in named]
    shapes = [p.shape for _, p in named]
    sizes = [p.numel() for _, p in named]
    w0 = torch.cat([p.detach().reshape(-1) for _, p in named])
    X, y = _batch(X, y, w0)

    def f(w):
        w = as_float_tensor(w, "w", dtype=w0.dtype, finite=False).to(w0.device)
        if w.shape != w0.shape:
            raise ValueError(f"w must have shape {tuple(w0.shape)} (one entry per parameter), "
                             f"got {tuple(w.shape)}")
        pieces = torch.split(w, sizes)
        params = {name: piece.reshape(shape) for name, piece, shape in zip(names, pieces, shapes)}
        return loss_fn(functional_call(model, params, (X,)), y)

    return f, w0


def _batch(X, y, w0):
    """``X`` in ``w0``'s dtype and ``y`` as labels or targets, both on ``w0``'s device."""
    X = as_float_tensor(X, "X", dtype=w0.dtype).to(w0.device)
    if not isinstance(y, torch.Tensor):
        arr = np.asarray(y)
        if arr.dtype == object or arr.dtype.kind in "USV":
            raise TypeError(f"y must hold numbers, got dtype {arr.dtype}")
        y = torch.as_tensor(arr)
    if y.dtype == torch.bool or y.is_complex():
        raise TypeError(f"y must hold class labels or real targets, got dtype {y.dtype}")
    y = (as_float_tensor(y, "y", dtype=w0.dtype) if y.is_floating_point()
         else y.to(torch.int64)).to(w0.device)
    if X.ndim and y.ndim and X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} examples but y has {y.shape[0]}")
    return X, y


def hessian_cost(f_of_size, sizes, repeats=3):
    """Measure what the Hessian costs as N grows, against one Hessian-vector product.

    For each N, builds ``f = f_of_size(N)`` at a random point and measures (best of
    ``repeats`` wall-clock runs): forming the Hessian with :func:`hessian`, inverting it
    (``torch.linalg.inv``, the :math:`O(N^3)` step) and one :func:`hvp`; and the memory of the
    results (the Hessian's N² numbers against the product's N).

    Parameters
    ----------
    f_of_size : callable
        ``f_of_size(N)`` returns a scalar torch function of N weights.
    sizes : sequence of int
        The values of N.
    repeats : int, default 3

    Returns
    -------
    dict of str to list
        ``"N"``, ``"form_s"``, ``"invert_s"``, ``"hvp_s"`` (seconds) and ``"hessian_bytes"``,
        ``"hvp_bytes"``, one entry per size. Times vary from machine to machine and run to run;
        the byte counts do not.

    Raises
    ------
    TypeError, ValueError
        For ``f_of_size`` not callable or not returning a function, ``sizes`` not a sequence
        of ints >= 1, or ``repeats`` not an int >= 1.

    Examples
    --------
    >>> cost = hessian_cost(lambda n: (lambda w: (w ** 4).sum()), [10, 20], repeats=1)
    >>> cost["hessian_bytes"], cost["hvp_bytes"]
    ([800, 3200], [80, 160])
    """
    check_callable(f_of_size, "f_of_size")
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a sequence of int, got {type(sizes).__name__}")
    sizes = [check_positive_int(n, "each size") for n in sizes]
    repeats = check_positive_int(repeats, "repeats")
    generator = torch.Generator().manual_seed(0)
    cost = {key: [] for key in ("N", "form_s", "invert_s", "hvp_s", "hessian_bytes", "hvp_bytes")}
    for n in sizes:
        f = f_of_size(n)
        if not callable(f):
            raise TypeError(f"f_of_size({n}) must return a function of N weights, got "
                            f"{type(f).__name__}")
        x = torch.randn(n, generator=generator, dtype=torch.float64)
        v = torch.randn(n, generator=generator, dtype=torch.float64)
        form_s, H = _best_time(lambda: hessian(f, x), repeats)
        invert_s, _ = _best_time(lambda: torch.linalg.inv(H), repeats)
        hvp_s, Hv = _best_time(lambda: hvp(f, x, v), repeats)
        for key, value in zip(cost, (n, form_s, invert_s, hvp_s, H.nbytes, Hv.nbytes)):
            cost[key].append(value)
    return cost


def _best_time(fn, repeats):
    """The shortest wall-clock time of ``repeats`` calls of ``fn``, and its last result."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result
