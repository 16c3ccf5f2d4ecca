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
returns a scalar tensor, and differentiates it with ``torch.autograd`` (chapter 5).
:func:`~lectures_lib.landscape.network_loss.flat_loss` makes such an ``f`` from a network and
a batch: its loss as a function of all its weights.
:func:`~lectures_lib.landscape.curvature_cost.hessian_cost` measures what forming the Hessian
costs against one Hessian-vector product.
"""

import torch

from lectures_lib._checks import as_float_array, as_float_tensor


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
        them: Newton's method (:func:`lectures_lib.optim.newton.newton`) tests for that.

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
