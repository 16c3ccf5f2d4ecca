"""Show the library's own code in a chapter, so the text and the code can never disagree."""

import ast
import inspect
import textwrap


def source_text(obj, docstring=True):
    """The source code of ``obj``, dedented, optionally without its docstring.

    Examples
    --------
    >>> def add(a, b):
    ...     '''Add.'''
    ...     return a + b
    >>> print(source_text(add, docstring=False))
    def add(a, b):
        return a + b
    """
    try:
        text = textwrap.dedent(inspect.getsource(obj))
    except (TypeError, OSError) as err:
        raise TypeError(f"obj must be a function, class or method defined in Python source, got {obj!r}") from err
    if docstring:
        return text.rstrip("\n")
    node = ast.parse(text).body[0]
    first = node.body[0] if getattr(node, "body", None) else None
    if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        lines = text.splitlines()
        del lines[first.lineno - 1:first.end_lineno]
        text = "\n".join(lines)
    return text.rstrip("\n")


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
    """
    from IPython.display import Code

    return Code(source_text(obj, docstring=docstring), language="python")
