"""Show the library's own code in a chapter, so the text and the code can never disagree."""

import ast
import inspect
import textwrap


def source_text(obj, docstring=True):
    """The source code of ``obj``, dedented, optionally without its docstring.

    Parameters
    ----------
    obj : function, class, method or module
        Defined in a Python source file (not built in, not typed into a console).
    docstring : bool, default True

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``obj`` has no Python source (an instance, a built-in, a ``functools.partial``), or
        ``docstring`` is not True or False.

    Examples
    --------
    >>> def add(a, b):
    ...     '''Add.'''
    ...     return a + b
    >>> print(source_text(add, docstring=False))
    def add(a, b):
        return a + b
    """
    if not isinstance(docstring, bool):
        raise TypeError(f"docstring must be True or False, got {type(docstring).__name__} "
                        f"{docstring!r}")
    try:
        text = textwrap.dedent(inspect.getsource(obj))
    except (TypeError, OSError) as err:
        raise TypeError(f"obj must be a function, class or method defined in Python source, "
                        f"got {type(obj).__name__} {_short_repr(obj)}") from err
    if docstring:
        return text.rstrip("\n")
    try:
        tree = ast.parse(text)
    except SyntaxError:  # a lambda's source is the line around it: no docstring to drop
        return text.rstrip("\n")
    node = tree if inspect.ismodule(obj) else tree.body[0]
    body = getattr(node, "body", None)
    first = body[0] if body else None
    if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        lines = text.splitlines()
        del lines[first.lineno - 1:first.end_lineno]
        text = "\n".join(lines)
    return text.strip("\n")


def _short_repr(obj, limit=80):
    text = repr(obj)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def show_source(obj, docstring=True):
    """Display the source of a function, class or method of the library, highlighted.

    Parameters
    ----------
    obj : function, class or method
    docstring : bool, default True
        Include the docstring; pass False to show only the code.

    Returns
    -------
    IPython.display.Code
        Rendered with syntax highlighting in Jupyter, Colab and the HTML book.

    Raises
    ------
    TypeError
        As :func:`source_text`.
    """
    from IPython.display import Code

    return Code(source_text(obj, docstring=docstring), language="python")
