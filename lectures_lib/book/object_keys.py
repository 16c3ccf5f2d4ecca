"""The one name each object of the library is known by, whatever it was imported as.

A chapter imports ``SGD`` from ``lectures_lib.optim``; the class is defined in
``lectures_lib.optim.sgd``, and the API reference may document it under either name. Both
sides are reduced to the object's *canonical key*, its own ``__module__.__qualname__``: the
name in the code with :func:`canonical_key`, the documented name with :func:`documented_key`.
The book's Sphinx extension (:mod:`lectures_lib.book.api`) matches uses with entries by it.
"""

import importlib
import inspect

_MISSING = object()


def canonical_key(obj, fallback):
    """The name an object is defined under, whatever name it was imported by.

    A module's name; ``__module__.__qualname__`` of a class or function; ``fallback`` for
    anything else (constants, properties, instance attributes).

    Examples
    --------
    >>> from lectures_lib.optim import SGD
    >>> canonical_key(SGD, "lectures_lib.optim.SGD")
    'lectures_lib.optim.sgd.SGD'
    >>> canonical_key(3, "lectures_lib.x.THREE")
    'lectures_lib.x.THREE'

    Raises
    ------
    TypeError
        If ``fallback`` is not a string.
    """
    if not isinstance(fallback, str):
        raise TypeError(f"fallback must be a dotted name (a string), got "
                        f"{type(fallback).__name__}")
    if inspect.ismodule(obj):
        return obj.__name__
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if (inspect.isclass(obj) or inspect.isroutine(obj)) and isinstance(module, str) \
            and isinstance(qualname, str) and "<" not in qualname:
        return f"{module}.{qualname}"
    return fallback


def documented_key(name):
    """The :func:`canonical_key` of the object that a documented dotted ``name`` refers to.

    The name is imported as far as it is a module, then followed attribute by attribute; a
    part that does not exist (an attribute set in ``__init__``) is appended as written.

    Examples
    --------
    >>> documented_key("lectures_lib.optim.SGD.update")
    'lectures_lib.optim.sgd.SGD.update'
    >>> documented_key("lectures_lib.history.History.diverged")  # an instance attribute
    'lectures_lib.history.History.diverged'

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If it is not a dotted Python name.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a dotted name (a string), got {type(name).__name__}")
    parts = name.split(".")
    if not all(part.isidentifier() for part in parts):
        raise ValueError(f"name must be a dotted Python name such as 'lectures_lib.optim.SGD', "
                         f"got {name!r}")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
            break
        except ImportError:
            continue
    else:
        return name
    key = obj.__name__
    for j in range(i, len(parts)):
        value = getattr(obj, parts[j], _MISSING)
        if value is _MISSING:
            return ".".join([key, *parts[j:]])
        obj, key = value, canonical_key(value, f"{key}.{parts[j]}")
    return key
