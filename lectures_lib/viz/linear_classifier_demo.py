r"""The lectures' interactive linear-classifier demo, rebuilt on the library's own losses.

Both optimization decks show a web demo: nine 2-D points of three classes, a linear classifier
with weights :math:`W` (3 × 2) and biases :math:`b`, every point's scores :math:`s = Wx + b` and
loss, the mean data loss, the L2 regularization loss :math:`\lambda \sum W^2` (biases are not
regularized) and their total, sliders for the step size and the L2 strength, and buttons for one
parameter update, repeated updates and random parameters. :class:`LinearClassifierDemo` is that
demo. Its arithmetic (scores, losses, gradients, updates) is
:class:`~lectures_lib.viz.linear_classifier_2d.LinearClassifier2D`; this module shows it: the
slide's table (:meth:`~LinearClassifierDemo.table`), a figure
(:meth:`~LinearClassifierDemo.draw`), :meth:`~LinearClassifierDemo.widget` for Jupyter and
Colab (executed for the book, it carries a copy that runs in the reader's browser,
:mod:`lectures_lib.viz.demo_page`), and :meth:`~LinearClassifierDemo.animation`, a recorded run.

The start state is the one on the slide (Lecture 5 and DeepRob L4 decks, "Interactive Web
Demo"): SVM loss, step size 0.1, λ = 0.1, data loss 0.64, regularization loss 1.92, total 2.57.
"""

import copy
import html

import numpy as np

from lectures_lib._checks import check_int
from lectures_lib.viz.linear_classifier_2d import LinearClassifier2D
from lectures_lib.viz.animations import sweep_animation
from lectures_lib.viz.boundary_plots import draw_decision_boundary
from lectures_lib.viz.plots import CLASS_COLORS, style_figure


class LinearClassifierDemo(LinearClassifier2D):
    """The lectures' demo: a :class:`~lectures_lib.viz.linear_classifier_2d.LinearClassifier2D`
    shown as the slide's table, a figure, a recorded run and a widget.

    The parameters, attributes and errors are those of
    :class:`~lectures_lib.viz.linear_classifier_2d.LinearClassifier2D`; the defaults are the
    slide's start state.

    Examples
    --------
    >>> demo = LinearClassifierDemo()
    >>> print(demo.table().splitlines()[-1])
    data loss 0.64   regularization loss 1.92   total 2.57
    """

    def table(self):
        """The demo's table as text, laid out as the slide's: each class's weights and bias
        with their gradients (of the total loss) beside them; each point, its label, scores and
        loss; then the totals."""
        state = self.evaluate()
        classes = self.b.size
        lines = ["  k   W[k,0]  dW[k,0]   W[k,1]  dW[k,1]     b[k]    db[k]"]
        for k in range(classes):
            lines.append(f"{k:3d}" + "".join(f"{v:9.2f}" for v in (
                self.W[k, 0], state["dW"][k, 0], self.W[k, 1], state["dW"][k, 1], self.b[k],
                state["db"][k])))
        lines.append("")
        lines.append("   x[0]   x[1]  y  " + "".join(f"  s[{k}]" for k in range(classes))
                     + "      L")
        for x, label, s, loss in zip(self.X, self.y, state["scores"], state["losses"]):
            lines.append(f"{x[0]:7.2f}{x[1]:7.2f}{label:3d}  " + "".join(f"{v:6.2f}" for v in s)
                         + f"{loss:7.2f}")
        lines.append(f"data loss {state['data_loss']:.2f}   regularization loss "
                     f"{state['reg_loss']:.2f}   total {state['total']:.2f}")
        return "\n".join(lines)

    def draw(self, fig):
        """Draw the class regions, the points and each class's line ``w_k x + b_k = 0``.

        ``fig`` is a matplotlib Figure; it is cleared first.
        """
        if not callable(getattr(fig, "add_subplot", None)):
            raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
        state = self.evaluate()
        fig.clear()
        style_figure(fig)
        ax = fig.add_subplot()
        draw_decision_boundary(ax, self.predict, self.X, self.y, grid=201, limits=(-1, 1, -1, 1))
        line = np.linspace(-1, 1, 2)
        for k, color in enumerate(CLASS_COLORS[:self.b.size]):
            w1, w2 = self.W[k]
            if abs(w2) > 1e-12:
                ax.plot(line, -(w1 * line + self.b[k]) / w2, color=color, lw=1.5,
                        label=f"class {k}: $w_{k} x + b_{k} = 0$")
        ax.set(xlim=(-1, 1), ylim=(-1, 1), aspect="equal")
        ax.set_title(f"{self.loss.upper()} loss: data {state['data_loss']:.2f} + "
                     f"regularization {state['reg_loss']:.2f} = {state['total']:.2f}")
        ax.legend(loc="lower left", fontsize="small")
        return ax

    def animation(self, num_steps=40, every=4, **kwargs):
        """A recorded run for the HTML book: one frame every ``every`` of ``num_steps`` updates."""
        num_steps = check_int(num_steps, "num_steps", low=0)
        every = check_int(every, "every", low=1)
        states = self.snapshots(num_steps)

        def draw(fig, step):
            self._W, self._b = states[step]
            self.draw(fig)
            fig.axes[0].set_title(f"step {step}: " + fig.axes[0].get_title(), fontsize="medium")

        html = sweep_animation(draw, "step", range(0, num_steps + 1, every), figsize=(5.2, 5.2),
                               **kwargs)
        self._W, self._b = states[-1]
        return html

    def widget(self):
        """The demo as ipywidgets: sliders, loss choice, update/start/stop/randomize buttons."""
        import ipywidgets as w

        from lectures_lib.viz.controls import choice, log_slider
        from lectures_lib.viz.widgets import figure_png

        step = log_slider("step size", self.step_size, -3, 0, step=0.1, readout_format=".3f")
        reg = log_slider("L2 strength", max(self.reg, 1e-4), -4, 0, step=0.1, readout_format=".4f")
        loss = choice("loss", [("SVM", "svm"), ("Softmax", "softmax")], self.loss)
        wide = w.Layout(width="220px")
        once = w.Button(description="Single parameter update", layout=wide)
        repeat = w.Play(interval=200, max=10**6, description="repeated updates")
        randomize = w.Button(description="Randomize parameters", layout=wide)
        image = w.Image(format="png")  # no Output widget: it stalls headless runs (see widgets)
        table = w.HTML()

        def render():
            image.value = figure_png(self.draw, figsize=(5.2, 5.2))
            table.value = f"<pre>{html.escape(self.table())}</pre>"

        def on_settings(_):
            self.step_size, self.reg, self.loss = step.value, reg.value, loss.value
            render()

        def on_step(_):
            self.step()
            render()

        def on_randomize(_):
            self.randomize()
            render()

        for control in (step, reg, loss):
            control.observe(on_settings, names="value")
        once.on_click(on_step)
        repeat.observe(on_step, names="value")
        randomize.on_click(on_randomize)
        render()
        controls = w.VBox([step, reg, loss, once, w.Label("Repeated updates (play / pause):"),
                           repeat, randomize])
        from lectures_lib.viz.demo_page import demo_html
        from lectures_lib.viz.widgets import BookHBox

        start = copy.deepcopy(self)  # the state shown now is where the book's copy starts
        return BookHBox([controls, w.VBox([image, table])], lambda: demo_html(start))
