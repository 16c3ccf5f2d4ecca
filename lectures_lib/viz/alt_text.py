"""A figure's alt text: a sentence saying what it shows, for readers who cannot see it.

The book stores every figure with such a sentence (see :mod:`lectures_lib.viz.figure_output`);
:func:`describe_figure` makes it from the figure's titles, axis labels and legend entries,
panel by panel, unless a chapter gave its own with :func:`set_alt_text`. The widgets' pictures
carry the same sentence.
"""

_ALT_ATTRIBUTE = "_lectures_lib_alt"


def _check_figure(fig):
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    return fig


def set_alt_text(fig, text):
    """Give ``fig`` the alt text the book shows for it (instead of one made from its labels).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure()
    >>> set_alt_text(fig, "Loss against step for three learning rates.")
    >>> describe_figure(fig)
    'Loss against step for three learning rates.'
    >>> plt.close(fig)

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib Figure or ``text`` not a string.
    ValueError
        If ``text`` is empty or only spaces.
    """
    _check_figure(fig)
    if not isinstance(text, str):
        raise TypeError(f"text must be a non-empty string, got {type(text).__name__} {text!r}")
    if not text.strip():
        raise ValueError(f"text must be a non-empty string, got {text!r}")
    setattr(fig, _ALT_ATTRIBUTE, text.strip())


def _clean(text):
    return " ".join(str(text).replace("$", "").split())


def _describe_axes(ax):
    parts = []
    title = _clean(ax.get_title()) or _clean(ax.get_title("left"))
    if title:
        parts.append(f"“{title}”")
    xlabel, ylabel = _clean(ax.get_xlabel()), _clean(ax.get_ylabel())
    if xlabel or ylabel:
        parts.append(f"{ylabel or 'values'} against {xlabel or 'position'}")
    legend = ax.get_legend()
    if legend is not None:
        entries = [_clean(t.get_text()) for t in legend.get_texts() if _clean(t.get_text())]
        if entries:
            parts.append("legend: " + ", ".join(entries))
    if ax.images and not parts:
        parts.append("an image")
    return "; ".join(parts)


def describe_figure(fig):
    """A sentence for the figure's alt text, from its titles, axis labels and legends.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, (a, b) = plt.subplots(1, 2)
    >>> _ = a.set(title="Training loss", xlabel="epoch", ylabel="loss")
    >>> _ = b.set_title("Accuracy")
    >>> describe_figure(fig)
    'Figure in 2 panels. Panel 1: “Training loss”; loss against epoch. Panel 2: “Accuracy”.'
    >>> plt.close(fig)
    """
    _check_figure(fig)
    given = getattr(fig, _ALT_ATTRIBUTE, None)
    if given:
        return given
    axes = [ax for ax in fig.axes if ax.get_visible() and not _is_colorbar(ax)]
    title = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    head = f"“{_clean(title)}”. " if _clean(title) else ""
    described = [_describe_axes(ax) for ax in axes]
    if len(axes) == 1:
        return f"{head}Figure: {described[0] or 'a plot'}."
    if not any(described):
        return f"{head}Figure in {len(axes)} panels."
    panels = " ".join(f"Panel {i}: {text or 'a plot'}." for i, text in enumerate(described, 1))
    return f"{head}Figure in {len(axes)} panels. {panels}"


def _is_colorbar(ax):
    return getattr(ax, "_colorbar", None) is not None
