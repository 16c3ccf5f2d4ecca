"""The browser check (tests/check_html.py) catches each defect it promises to catch."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import check_html  # noqa: E402

pytestmark = pytest.mark.skipif(not Path(check_html.CHROMIUM).exists(),
                                reason="Debian's chromium is not installed (make check-html installs it)")

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
}
EXPECTED = {"good.html": None, "raw_math.html": "raw math", "broken_image.html": "did not load",
            "traceback.html": "error output", "stderr.html": "stderr output",
            "console.html": "console error", "blank_figure.html": "blank figure",
            "no_alt.html": "without alt text", "widget_without_twin.html": "static twin",
            "external.html": "requested another host", "overflow.html": "scrolls sideways",
            "small_text.html": "figure text", "small_animation.html": "animation text", "two_searches.html": "2 search boxes",
            "empty_header.html": "empty header bar", "last_updated.html": "Last updated",
            "heavy.html": "weighs", "no_buttons.html": "no download button",
            "notebook_without_launch.html": "no launch buttons"}
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
    for name, (body, header) in PAGES.items():  # under book/, like the book's own pages
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
