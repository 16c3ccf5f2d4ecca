"""Show the library's own code in a chapter, so the text and the code can never disagree."""

import inspect


def show_source(obj):
    """Display the source of a function, class or method of the library, highlighted.

    Parameters
    ----------
    obj : function, class or method

    Returns
    -------
    IPython.display.Code
        Rendered with syntax highlighting in Jupyter, Colab and the HTML book.
    """
    from IPython.display import Code

    try:
        text = inspect.getsource(obj)
    except (TypeError, OSError) as err:
        raise TypeError(f"obj must be a function, class or method defined in Python source, got {obj!r}") from err
    return Code(inspect.cleandoc("\n" + text) if text.startswith(" ") else text, language="python")
