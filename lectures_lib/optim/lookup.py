"""The lectures' optimizers by the names the slides give them: one table, beside the classes.

Chapter 4 compares eight optimizers that are five classes with different settings ("Nesterov"
is :class:`~lectures_lib.optim.SGD` with ``nesterov=True``, "AMSGrad" is
:class:`~lectures_lib.optim.Adam` with ``amsgrad=True``). :func:`by_name` turns a name and
the widgets' values into the class and keyword arguments to build it with.
"""

from lectures_lib._checks import check_choice, check_nonnegative, check_unit_interval
from lectures_lib.optim.adagrad import Adagrad
from lectures_lib.optim.adam import Adam, AdamW
from lectures_lib.optim.rmsprop import RMSprop
from lectures_lib.optim.sgd import SGD

#: The optimizers of the slides' comparison, in their order.
OPTIMIZER_NAMES = ("SGD", "SGD+Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW",
                   "AMSGrad")


def by_name(name, lr, beta1=None, beta2=None, eps=None):
    r"""The class and keyword arguments of the optimizer the slides call ``name``.

    Parameters
    ----------
    name : str
        One of :data:`OPTIMIZER_NAMES`.
    lr : float
        The learning rate α, >= 0.
    beta1 : float, optional
        The momentum of the SGD variants and Adam's first-moment rate β1, in [0, 1).
    beta2 : float, optional
        The decay rate of the squared-gradient average: RMSprop's ``alpha``, Adam's β2.
    eps : float, optional
        The ε of the adaptive methods, >= 0 (the SGD variants have none).

    A value left at None keeps the class's default, except the momentum of "SGD+Momentum"
    and "Nesterov", which is 0.9 (``SGD`` has none by default).

    Returns
    -------
    cls : type
    kwargs : dict
        ``cls(params, **kwargs)`` builds the optimizer.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the known ones) or a value out of range.

    Examples
    --------
    >>> cls, kwargs = by_name("Nesterov", lr=0.1)
    >>> cls.__name__, kwargs
    ('SGD', {'lr': 0.1, 'momentum': 0.9, 'nesterov': True})
    >>> cls, kwargs = by_name("AMSGrad", lr=0.01, beta2=0.99)
    >>> cls.__name__, kwargs
    ('Adam', {'lr': 0.01, 'amsgrad': True, 'betas': (0.9, 0.99)})
    """
    check_choice(name, "name", OPTIMIZER_NAMES)
    lr = check_nonnegative(lr, "lr")
    b1 = 0.9 if beta1 is None else check_unit_interval(beta1, "beta1")
    if beta2 is not None:
        beta2 = check_unit_interval(beta2, "beta2")
    betas = {} if beta1 is None and beta2 is None else {
        "betas": (b1, 0.999 if beta2 is None else beta2)}
    table = {
        "SGD": (SGD, {}),
        "SGD+Momentum": (SGD, {"momentum": b1}),
        "Nesterov": (SGD, {"momentum": b1, "nesterov": True}),
        "AdaGrad": (Adagrad, {}),
        "RMSProp": (RMSprop, {} if beta2 is None else {"alpha": beta2}),
        "Adam": (Adam, betas),
        "AdamW": (AdamW, betas),
        "AMSGrad": (Adam, {"amsgrad": True, **betas}),
    }
    cls, hyperparameters = table[name]
    if eps is not None and cls is not SGD:
        hyperparameters["eps"] = check_nonnegative(eps, "eps")
    return cls, {"lr": lr, **hyperparameters}
