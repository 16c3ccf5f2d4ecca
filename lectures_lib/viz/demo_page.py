"""The lectures' linear-classifier demo without a kernel, for readers of the HTML book.

:class:`~lectures_lib.viz.linear_classifier_demo.LinearClassifierDemo` is stateful (one update
after another, random restarts), so no set of pictures drawn in advance can stand in for it.
Its arithmetic is tiny, though (nine points, a 3 × 2 weight matrix), so the kernel-free copy
computes it in the reader's browser: the same scores, SVM and softmax losses, gradients
(``2λW`` for the L2 term, biases not regularized) and updates as the Python class, drawn on a
canvas, with the same controls and buttons as the class's
:meth:`~lectures_lib.viz.linear_classifier_demo.LinearClassifierDemo.widget`.

The page also carries the totals that the Python class computes for the first few updates
from the slide's state; the browser check presses "Single parameter update" and compares.
"""

import copy
import html
import json
import math

import numpy as np
from matplotlib.colors import to_hex

from lectures_lib.viz.plots import CLASS_COLORS

#: Updates whose totals the page carries, as computed by the Python class (for the browser check).
CHECKED_UPDATES = 5

_SCRIPT = r"""(function (root) {
  var d = JSON.parse(root.querySelector("script.lf-demo-data").textContent);
  var W = d.W.map(function (r) { return r.slice(); }), b = d.b.slice();
  var canvas = root.querySelector("canvas"), table = root.querySelector(".lf-table");
  var get = function (name) { return root.querySelector('[data-lf-demo="' + name + '"]'); };
  var timer = null;
  function settings() {
    return {step: Math.pow(10, Number(get("step").value)), reg: Math.pow(10, Number(get("reg").value)),
            loss: get("loss").value};
  }
  function evaluate() {  // scores, per-point losses, data + L2 loss, gradients (as the Python class)
    var s = settings(), C = b.length, N = d.X.length, dW = W.map(function (r) { return [0, 0]; });
    var db = b.map(function () { return 0; }), rows = [], data = 0;
    d.X.forEach(function (x, i) {
      var sc = W.map(function (w, k) { return w[0] * x[0] + w[1] * x[1] + b[k]; });
      var y = d.y[i], L = 0, g = sc.map(function () { return 0; });
      if (s.loss === "svm") {
        sc.forEach(function (v, k) {
          if (k === y) return;
          var m = v - sc[y] + 1;
          if (m > 0) { L += m; g[k] += 1; g[y] -= 1; }
        });
      } else {
        var top = Math.max.apply(null, sc), e = sc.map(function (v) { return Math.exp(v - top); });
        var z = e.reduce(function (a, v) { return a + v; }, 0);
        L = -(sc[y] - top - Math.log(z));
        g = e.map(function (v, k) { return v / z - (k === y ? 1 : 0); });
      }
      data += L / N;
      g.forEach(function (gk, k) { dW[k][0] += gk * x[0] / N; dW[k][1] += gk * x[1] / N; db[k] += gk / N; });
      rows.push({x: x, y: y, s: sc, L: L});
    });
    var reg = 0;
    W.forEach(function (w, k) { reg += s.reg * (w[0] * w[0] + w[1] * w[1]);
      dW[k][0] += 2 * s.reg * w[0]; dW[k][1] += 2 * s.reg * w[1]; });
    return {rows: rows, data: data, reg: reg, total: data + reg, dW: dW, db: db, s: s};
  }
  function f2(v, w) { var t = v.toFixed(2); while (t.length < w) t = " " + t; return t; }
  function render() {
    var st = evaluate(), ctx = canvas.getContext("2d"), n = canvas.width, cell = 2;
    var px = function (v) { return (v + 1) / 2 * n; }, py = function (v) { return (1 - v) / 2 * n; };
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, n, n);
    for (var i = 0; i < n; i += cell) for (var j = 0; j < n; j += cell) {
      var x0 = (i + cell / 2) / n * 2 - 1, x1 = 1 - (j + cell / 2) / n * 2, best = 0, top = -Infinity;
      W.forEach(function (w, k) { var v = w[0] * x0 + w[1] * x1 + b[k]; if (v > top) { top = v; best = k; } });
      ctx.fillStyle = d.light[best]; ctx.fillRect(i, j, cell, cell);
    }
    W.forEach(function (w, k) {  // the line w_k x + b_k = 0
      ctx.strokeStyle = d.colors[k]; ctx.lineWidth = 2; ctx.beginPath();
      if (Math.abs(w[1]) > Math.abs(w[0])) {
        ctx.moveTo(px(-1), py((w[0] - b[k]) / w[1])); ctx.lineTo(px(1), py((-w[0] - b[k]) / w[1]));
      } else {
        ctx.moveTo(px((w[1] - b[k]) / w[0]), py(-1)); ctx.lineTo(px((-w[1] - b[k]) / w[0]), py(1));
      }
      ctx.stroke();
    });
    d.X.forEach(function (x, i) {
      ctx.beginPath(); ctx.arc(px(x[0]), py(x[1]), 7, 0, 2 * Math.PI);
      ctx.fillStyle = d.colors[d.y[i]]; ctx.fill(); ctx.strokeStyle = "#000"; ctx.lineWidth = 1.5; ctx.stroke();
    });
    var lines = ["   x[0]   x[1]  y    s[0]  s[1]  s[2]      L"];
    st.rows.forEach(function (r) {
      lines.push(f2(r.x[0], 7) + f2(r.x[1], 7) + "  " + r.y + "  " + r.s.map(function (v) { return f2(v, 6); }).join("") + f2(r.L, 7));
    });
    var summary = st.s.loss.toUpperCase() + " loss: data " + st.data.toFixed(2) + " + regularization " +
      st.reg.toFixed(2) + " = " + st.total.toFixed(2);
    table.textContent = lines.join("\n") + "\n" + summary;
    canvas.setAttribute("aria-label", "The nine points, the class regions and each class's line w_k x + b_k = 0. " + summary);
    root.querySelector("output[data-lf-for=step]").textContent = st.s.step.toFixed(3);
    root.querySelector("output[data-lf-for=reg]").textContent = st.s.reg.toFixed(4);
    root.setAttribute("data-lf-total", st.total.toFixed(6));
    return st;
  }
  function update() {
    var st = evaluate();
    W.forEach(function (w, k) { w[0] -= st.s.step * st.dW[k][0]; w[1] -= st.s.step * st.dW[k][1]; b[k] -= st.s.step * st.db[k]; });
    var after = render();
    if (!isFinite(after.total)) { stop(); table.textContent += "\nThe loss is no longer finite: the step size is too large (press Randomize)."; }
  }
  function gauss() { var u = 1 - Math.random(), v = Math.random(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); }
  function stop() { if (timer) { clearInterval(timer); timer = null; } get("play").textContent = "Start repeated updates"; get("play").setAttribute("aria-pressed", "false"); }
  get("once").addEventListener("click", update);
  get("play").addEventListener("click", function () {
    if (timer) { stop(); return; }
    timer = setInterval(update, 200); get("play").textContent = "Stop repeated updates"; get("play").setAttribute("aria-pressed", "true");
  });
  get("randomize").addEventListener("click", function () {
    W.forEach(function (w) { w[0] = gauss(); w[1] = gauss(); }); b = b.map(gauss); render();
  });
  ["step", "reg", "loss"].forEach(function (name) {
    get(name).addEventListener("input", render); get(name).addEventListener("change", render);
  });
  render();
})(document.currentScript.parentElement);"""


def _light(color, amount=0.75):
    """``color`` mixed with white (the class regions)."""
    from matplotlib.colors import to_rgb

    return to_hex([c + (1 - c) * amount for c in to_rgb(color)])


def demo_html(demo):
    """The kernel-free demo for ``demo``'s data, state and settings, as HTML.

    Parameters
    ----------
    demo : LinearClassifierDemo
        Its points, weights, loss, step size and λ are the page's start; it is not changed.

    Returns
    -------
    str
        A ``<div class="lf-widget lf-demo">`` with the controls, a canvas and the script.

    Raises
    ------
    TypeError
        If ``demo`` is not a :class:`~lectures_lib.viz.linear_classifier_demo.LinearClassifierDemo`.
    ValueError
        If it has more classes than :data:`~lectures_lib.viz.plots.CLASS_COLORS`.
    """
    from lectures_lib.viz.linear_classifier_demo import LinearClassifierDemo

    if not isinstance(demo, LinearClassifierDemo):
        raise TypeError(f"demo must be a LinearClassifierDemo, got {type(demo).__name__}")
    classes = demo.b.size
    if classes > len(CLASS_COLORS):
        raise ValueError(f"the kernel-free demo draws at most {len(CLASS_COLORS)} classes, "
                         f"got {classes}")
    step, reg = math.log10(demo.step_size), math.log10(max(demo.reg, 1e-4))
    step, reg = min(max(round(step, 1), -3.0), 0.0), round(reg, 1)  # on the sliders
    probe = copy.deepcopy(demo)
    probe.step_size, probe.reg = 10 ** step, 10 ** reg
    expected = []
    with np.errstate(all="ignore"):  # a step size too large for the state: fewer checks
        for _ in range(CHECKED_UPDATES):
            probe.step()
            total = float(probe.evaluate()["total"])
            if not math.isfinite(total):
                break  # (JSON has no NaN, and the page says the loss is no longer finite)
            expected.append(round(total, 6))
    colors = [to_hex(c) for c in CLASS_COLORS[:classes]]
    data = {"X": demo.X.tolist(), "y": demo.y.tolist(), "W": demo.W.tolist(), "b": demo.b.tolist(),
            "colors": colors, "light": [_light(c) for c in colors], "expected": expected}
    options = "".join(f'<option value="{value}"{" selected" if value == demo.loss else ""}>'
                      f"{label}</option>" for label, value in (("SVM", "svm"),
                                                               ("Softmax", "softmax")))
    controls = (
        f'<label class="lf-control"><span class="lf-label">step size</span>'
        f'<span class="lf-end">0.001</span><input type="range" min="-3" max="0" step="0.1" '
        f'value="{step:.1f}" data-lf-demo="step"><span class="lf-end">1</span>'
        f'<output data-lf-for="step">{10 ** step:.3f}</output></label>'
        f'<label class="lf-control"><span class="lf-label">L2 strength</span>'
        f'<span class="lf-end">0.0001</span><input type="range" min="-4" max="0" step="0.1" '
        f'value="{reg:.1f}" data-lf-demo="reg"><span class="lf-end">1</span>'
        f'<output data-lf-for="reg">{10 ** reg:.4f}</output></label>'
        f'<label class="lf-control"><span class="lf-label">loss</span>'
        f'<select data-lf-demo="loss">{options}</select></label>'
        '<div class="lf-buttons">'
        '<button type="button" data-lf-demo="once">Single parameter update</button>'
        '<button type="button" data-lf-demo="play" aria-pressed="false">Start repeated updates'
        '</button><button type="button" data-lf-demo="randomize">Randomize parameters</button>'
        "</div>")
    note = ("Computed in your browser with the formulas of LinearClassifierDemo (no kernel needed);"
            " it starts from the slide's weights. In Jupyter or Colab the widget is the Python "
            "class itself.")
    payload = json.dumps(data).replace("</", "<\\/")
    return (f'<div class="lf-widget lf-demo" data-lf-demo-root>'
            f'<div class="lf-controls">{controls}</div>'
            f'<p class="lf-note">{html.escape(note)}</p>'
            f'<div class="lf-demo-view"><canvas width="416" height="416" role="img" '
            f'aria-label="The demo\'s points and class regions"></canvas>'
            f'<pre class="lf-table" aria-live="polite"></pre></div>'
            f'<script type="application/json" class="lf-demo-data">{payload}</script>'
            f"<script>{_SCRIPT}</script></div>")
