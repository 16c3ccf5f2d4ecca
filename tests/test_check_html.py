"""The browser check (tests/check_html.py) catches each defect it promises to catch."""

import base64
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import check_html  # noqa: E402

pytestmark = pytest.mark.skipif(not Path(check_html.CHROMIUM).exists(),
                                reason="Debian's chromium is not installed (make check-html installs it)")

#: A demo computed in the browser: each press of its button takes 1.5 off the total, which the
#: page's data says the Python class computes (lf_demo_wrong.html: wrongly at the third press).
LF_DEMO = """<div class="lf-widget lf-demo" data-lf-demo-root><div class="lf-controls">
<button type="button" data-lf-demo="once">Single parameter update</button></div>
<canvas width="40" height="40" role="img" aria-label="points"></canvas>
<script type="application/json" class="lf-demo-data">{{"expected": {expected}}}</script>
<script>(function (root) {{
  var total = 10;
  root.querySelector('[data-lf-demo="once"]').addEventListener("click", function () {{
    total -= 1.5; root.setAttribute("data-lf-total", total.toFixed(6)); }});
}})(document.currentScript.parentElement);</script></div>"""

#: A page with the chrome the check expects: the title atop the navigation, one search box,
#: the download and dark-mode buttons.
CHROME = """<html><head><meta name="viewport" content="width=device-width"></head><body>
<div class="bd-sidebar-primary"><a class="navbar-brand"><p class="logo__title">Book</p></a>
<button class="search-button-field">Search</button></div>{header}
<button class="theme-switch-button">dark</button><div class="dropdown-download-buttons">get</div>
<article>{body}</article></body></html>"""
WHITE_PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEklEQVR4nGP8"
             "//8/AwMDAwMDAA0GAf/Cq+JNAAAAAElFTkSuQmCC")
# A 40 x 20 picture, white with a black block: not blank, opaque.
FIGURE = ("<figure class='lf-figure' data-font-px='{font}'><div class='lf-scroll'><img "
          "class='lf-whole' alt='A plot.' src='figure.png' data-natural-width='400' "
          "style='width: 100%; max-width: 400px'></div></figure>")
PAGES = {
    "good.html": ("<p>Plain text, no math.</p><div class='cell_output'><pre>ok</pre></div>"
                  + FIGURE.format(font=16), ""),
    "raw_math.html": (r"<p>The loss \(L(W)\) was never typeset.</p>", ""),
    "broken_image.html": ("<img src='missing.png' alt='x'>", ""),
    "traceback.html": ("<div class='cell_output'><div class='output traceback'>"
                       "<pre>Traceback (most recent call last)</pre></div></div>", ""),
    "stderr.html": ("<div class='cell_output'><div class='output stderr'><pre>warning</pre>"
                    "</div></div>", ""),
    "console.html": ("<script>console.error('boom')</script>", ""),
    "blank_figure.html": (f"<img src='{WHITE_PNG}' alt='white'>", ""),
    "no_alt.html": ("<img src='figure.png'>", ""),
    "widget_without_twin.html": ("<div class='cell'><div class='cell_output'><script "
                                 "type='application/vnd.jupyter.widget-view+json'>{}</script>"
                                 "</div></div><div class='cell'><pre>no figure here</pre></div>",
                                 ""),
    "external.html": ("<img src='https://example.org/x.png' alt='far away'>", ""),
    "overflow.html": ("<div style='width: 900px'>too wide</div>", ""),
    "small_text.html": (FIGURE.format(font=8), ""),
    "small_animation.html": ("<img src='figure.png' alt='frames' data-font-px='8' "
                             "data-natural-width='400' style='width: 100%'>", ""),
    "two_searches.html": ("<p>text</p>", "<header id='pst-header'><button "
                          "class='search-button-field'>Search</button></header>"),
    "empty_header.html": ("<p>text</p>", "<header id='pst-header' style='height: 64px'></header>"),
    "last_updated.html": ("<p>Last updated on 3 Dec 2026.</p>", ""),
    "no_buttons.html": ("<p>text</p>", "<style>.theme-switch-button { display: none }</style>"
                        "<script>document.addEventListener('DOMContentLoaded', () => document"
                        ".querySelector('.dropdown-download-buttons').remove())</script>"),
    "notebook_without_launch.html": ("<p>text</p>", "<script>document.addEventListener("
                                     "'DOMContentLoaded', () => document.querySelector("
                                     "'.dropdown-download-buttons').innerHTML = "
                                     "'<a class=\"btn-download-source-button\" href=\"x.ipynb\">"
                                     ".ipynb</a>')</script>"),
    "heavy.html": ("<script src='heavy.js'></script>", ""),
    # kernel-free widgets (lf_widget() fills in the pictures and the script)
    "lf_widget.html": ("{widget}", ""),
    "lf_widget_without_script.html": ("{widget}", ""),
    "lf_widget_that_throws.html": ("{widget}", ""),
    "lf_widget_with_empty_frame.html": ("{widget}", ""),
    "lf_widget_too_wide.html": ("{widget}", ""),
    "lf_widget_as_twin.html": ("<div class='cell'><div class='cell_output'>{widget}</div>"
                               "<div class='cell_output'><p>Loading widget...</p><script "
                               "type='application/vnd.jupyter.widget-view+json'>{{}}</script>"
                               "</div></div>", ""),
    # nothing kept from a visit before (storage, cookies, the HTTP cache): see test_a_shared_...
    "storage.html": ("<img src='figure.png' alt='a plot'><script>"
                     "if (localStorage.getItem('probe') || sessionStorage.getItem('probe') || "
                     "document.cookie.includes('probe')) console.error('kept from the visit before');"
                     "localStorage.setItem('probe', 1); sessionStorage.setItem('probe', 1);"
                     "document.cookie = 'probe=1; path=/';"
                     "addEventListener('load', () => performance.getEntriesByType('resource')"
                     ".forEach(r => r.transferSize || console.error('from a cache: ' + r.name)))"
                     "</script>", ""),
    "lf_demo.html": (LF_DEMO.format(expected="[8.5, 7, 5.5]"), ""),
    "lf_demo_wrong.html": (LF_DEMO.format(expected="[8.5, 7, 5]"), ""),
    "empty_output.html": ("<div class='cell'><div class='cell_output'><div class='output "
                          "text_html'><script type='application/vnd.jupyter.widget-view+json'>"
                          "{\"model_id\": \"1\"}</script></div></div></div><div class='cell'>"
                          "<div class='cell_output'><img src='figure.png' alt='twin'></div></div>",
                          ""),
}

# A kernel-free widget as the book's generator writes it: a slider p (3 values, at 1) and a menu
# (2 options, at 0); pictures looked up by the controls' indices; p = 2 with relu "diverged".
LF_WIDGET = """<div class="lf-widget" data-lf-mode="grid"><div class="lf-controls">
<label class="lf-control"><span class="lf-label">p</span><span class="lf-end">0.0</span>
<input type="range" min="0" max="2" step="1" value="1" data-lf-control="0" aria-valuetext="0.5">
<span class="lf-end">1.0</span><output data-lf-for="0">0.5</output></label>
<label class="lf-control"><span class="lf-label">activation</span><select data-lf-control="1">
<option value="0" selected>relu</option><option value="1">tanh</option></select></label></div>
<p class="lf-note">Pictures computed when the book was built.</p>
<div class="lf-message" role="status"></div>
<div class="lf-scroll"><img class="lf-picture" src="{first}" alt="p 0.5, relu"></div>
<script type="application/json" class="lf-data">{data}</script>{script}</div>"""
LF_SCRIPT = """<script>(function (root) {
  var data = JSON.parse(root.querySelector("script.lf-data").textContent);
  var controls = root.querySelectorAll("[data-lf-control]");
  var img = root.querySelector("img.lf-picture"), message = root.querySelector(".lf-message");
  function show() {
    var key = [];
    controls.forEach(function (el, c) {
      key.push(Number(el.value));
      var out = root.querySelector('output[data-lf-for="' + c + '"]');
      if (out) { out.textContent = data.labels[c][Number(el.value)]; }
    });
    var frame = data.frames[data.keys[key.join(",")]];
    message.textContent = frame.error || "";
    img.hidden = Boolean(frame.error);
    if (!frame.error) { img.src = frame.src; img.alt = frame.alt; }
  }
  controls.forEach(function (el) {
    el.addEventListener("input", show);
    el.addEventListener("change", show);
  });
})(document.currentScript.parentElement);</script>"""
LF_THROWS = """<script>document.currentScript.parentElement.querySelectorAll("[data-lf-control]")
  .forEach(function (el) { el.addEventListener("change", function () {
    throw new Error("no frames"); }); });</script>"""


def lf_widget(name, pictures):
    """The widget of page ``name``: working, or with its script missing or broken."""
    import json

    keys = {"0,0": 0, "1,0": 1, "2,0": 2, "0,1": 3, "1,1": 4, "2,1": 5}
    frames = [{"src": src, "alt": f"picture {i}"} for i, src in enumerate(pictures)]
    frames[2] = {"error": "The run diverged: no picture."}
    if name == "lf_widget_with_empty_frame.html":
        frames[4]["src"] = "data:image/png;base64,"
    widget = LF_WIDGET
    if name == "lf_widget_too_wide.html":  # as wide as a picture whose text stays >= 9 px
        widget = widget.replace('class="lf-picture"', 'class="lf-picture" style="min-width: 1500px"')
    data = json.dumps({"keys": keys, "frames": frames,
                       "labels": [["0.0", "0.5", "1.0"], ["relu", "tanh"]]})
    script = {"lf_widget_without_script.html": "",
              "lf_widget_that_throws.html": LF_THROWS}.get(name, LF_SCRIPT)
    return widget.format(first=pictures[1], data=data, script=script)
EXPECTED = {"good.html": None, "raw_math.html": "raw math", "broken_image.html": "did not load",
            "traceback.html": "error output", "stderr.html": "stderr output",
            "console.html": "console error", "blank_figure.html": "blank figure",
            "no_alt.html": "without alt text", "widget_without_twin.html": "static twin",
            "external.html": "requested another host", "overflow.html": "scrolls sideways",
            "small_text.html": "figure text", "small_animation.html": "animation text", "two_searches.html": "2 search boxes",
            "empty_header.html": "empty header bar", "last_updated.html": "Last updated",
            "heavy.html": "weighs", "no_buttons.html": "no download button",
            "notebook_without_launch.html": "no launch buttons", "lf_widget.html": None,
            "lf_widget_as_twin.html": None, "storage.html": None,
            "lf_widget_without_script.html":
                'widget 0 on book/lf_widget_without_script.html, control "p" at 0 (reads "0.5"), '
                '1 (reads "0.5"), 2 (reads "0.5"): the picture did not change and no message shows',
            "lf_widget_that_throws.html":
                'widget 0 on book/lf_widget_that_throws.html, control "activation" at "relu", '
                '"tanh": console error: Uncaught Error: no frames',
            "lf_widget_with_empty_frame.html":
                'control "activation" at "tanh": an empty picture',
            "lf_widget_too_wide.html": "px column (it scrolls sideways)",
            "lf_demo.html": None,
            "lf_demo_wrong.html": '"Single parameter update" pressed 3 time(s): total loss '
                                  "5.500000, the Python class computes 5",
            "empty_output.html": "an empty cell output"}
WIDTH = {"overflow.html": "phone", "small_text.html": "phone", "small_animation.html": "phone"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from PIL import Image

    folder = tmp_path_factory.mktemp("html")
    picture = Image.new("RGB", (40, 20), "white")
    picture.paste((0, 0, 0), (10, 5, 30, 15))
    (folder / "book").mkdir()
    picture.save(folder / "book" / "figure.png")
    # script that stays over 1.5 MB compressed (random digits: about 0.45 byte each)
    digits = "".join(map(str, __import__("random").Random(0).choices(range(10), k=4_000_000)))
    (folder / "book" / "heavy.js").write_text("/*" + digits + "*/")
    pictures = []  # the widget's pictures: the same block in five colours
    for colour in ["black", "red", "green", "blue", "purple", "orange"]:
        frame = Image.new("RGB", (40, 20), "white")
        frame.paste(colour, (10, 5, 30, 15))
        png = __import__("io").BytesIO()
        frame.save(png, format="PNG")
        pictures.append("data:image/png;base64," + base64.b64encode(png.getvalue()).decode())
    for name, (body, header) in PAGES.items():  # under book/, like the book's own pages
        body = body.format(widget=lf_widget(name, pictures)) if "{widget}" in body else body
        (folder / "book" / name).write_text(CHROME.format(body=body, header=header))
    server = check_html.serve(folder)
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=check_html.CHROMIUM,
                                    args=check_html.CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_defect_is_reported(site, browser, name, tmp_path):
    folder, base = site
    width = WIDTH.get(name, "laptop")
    problems, weight = check_html.check_page(browser, base, Path("book", name), width, tmp_path)
    if EXPECTED[name] is None:
        assert problems == [] and 0 < weight[0] < weight[1] < check_html.TEXT_PAGE_LIMIT
    else:
        assert any(EXPECTED[name] in p for p in problems), problems
    assert (tmp_path / ("book__" + name.replace(".html", f"-{width}.png"))).exists()


def test_the_good_page_also_passes_on_a_phone(site, browser, tmp_path):
    folder, base = site
    problems, _ = check_html.check_page(browser, base, Path("book/good.html"), "phone", tmp_path)
    assert problems == []


def test_one_load_checks_both_widths_by_resizing(site, browser, tmp_path):
    """A page without figures is opened once and resized: the phone's checks still run."""
    folder, base = site
    laptop, phone = check_html.visit(browser, base, Path("book/overflow.html"),
                                     ("laptop", "phone"), tmp_path)
    assert (laptop["width"], phone["width"]) == ("laptop", "phone")
    assert not any("scrolls sideways" in p for p in laptop["problems"]), laptop["problems"]
    assert any("390 px window" in p for p in phone["problems"]), phone["problems"]
    laptop, phone = check_html.visit(browser, base, Path("book/good.html"), ("laptop", "phone"),
                                     tmp_path)
    assert laptop["problems"] == phone["problems"] == [] and phone["weight"][0] > 0
    assert check_html.widths_per_visit("<pre>def f(): pass</pre>") == [("laptop", "phone")]
    for page in ["<img src='x.png' alt='x'>", '<div class="cell docutils container">',
                 '<div class="lf-widget" data-lf-mode="grid">']:
        assert check_html.widths_per_visit(page) == [("laptop",), ("phone",)]


def test_every_control_is_moved_through_its_values_and_put_back(site, browser):
    folder, base = site
    laptop, = check_html.visit(browser, base, Path("book/lf_widget.html"), ("laptop",), folder)
    assert laptop["problems"] == [] and laptop["widgets"] == (1, 2, 5, 0)
    demo, = check_html.visit(browser, base, Path("book/lf_demo.html"), ("laptop",), folder)
    assert demo["problems"] == [] and demo["widgets"] == (1, 0, 0, 3)
    page = browser.new_page()
    try:
        page.goto(f"{base}/book/lf_widget.html")
        state = ("() => [...document.querySelectorAll('[data-lf-control], output, img, "
                 ".lf-message')].map(e => e.value || e.getAttribute('src') || e.textContent)")
        before = page.evaluate(state)
        report = page.evaluate(check_html.WIDGETS, ["lf_widget.html", 10_000, 5_000])
        assert (report["widgets"], report["controls"], report["moves"]) == (1, 2, 5)
        assert page.evaluate(state) == before
    finally:
        page.close()


def test_a_shared_context_keeps_nothing_between_visits(site, browser, tmp_path):
    """Visits share a context (and a renderer process), yet each sees a fresh browser."""
    folder, base = site
    session = check_html.Session(browser, base)
    try:
        rows = [check_html.visit(session, base, Path("book/storage.html"), (width,), tmp_path)[0]
                for width in ("laptop", "phone", "laptop")]
    finally:
        session.close()
    assert [row["problems"] for row in rows] == [[], [], []]
    assert rows[0]["weight"] == rows[2]["weight"]
