"""The browser check (tests/check_html.py) catches each defect it promises to catch."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import check_html  # noqa: E402

pytestmark = pytest.mark.skipif(not Path(check_html.CHROMIUM).exists(),
                                reason="Debian's chromium is not installed (make check-html installs it)")

PAGE = "<html><body><article>{}</article></body></html>"
PAGES = {
    "good.html": "<p>Plain text, no math.</p><div class='cell_output'><pre>ok</pre></div>",
    "raw_math.html": r"<p>The loss \(L(W)\) was never typeset.</p>",
    "broken_image.html": "<img src='missing.png'>",
    "traceback.html": "<div class='cell_output'><div class='output traceback'>"
                      "<pre>Traceback (most recent call last)</pre></div></div>",
    "stderr.html": "<div class='cell_output'><div class='output stderr'><pre>warning</pre></div></div>",
    "console.html": "<script>console.error('boom')</script>",
    "blank_figure.html": "<img src='data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0k"
                         "AAAAEklEQVR4nGP8//8/AwMDAwMDAA0GAf/Cq+JNAAAAAElFTkSuQmCC'>",
    "widget_without_twin.html": "<div class='cell'><div class='cell_output'><script "
                                "type='application/vnd.jupyter.widget-view+json'>{}</script></div></div>"
                                "<div class='cell'><pre>no figure here</pre></div>",
}
EXPECTED = {"good.html": None, "raw_math.html": "raw math", "broken_image.html": "did not load",
            "traceback.html": "error output", "stderr.html": "stderr output", "console.html": "console error",
            "blank_figure.html": "blank figure", "widget_without_twin.html": "static twin"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    for name, body in PAGES.items():
        (folder / name).write_text(PAGE.format(body))
    server = check_html.serve(folder)
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_defect_is_reported(site, name, tmp_path):
    from playwright.sync_api import sync_playwright

    folder, base = site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=check_html.CHROMIUM, args=check_html.CHROMIUM_ARGS)
        problems = check_html.check_page(browser, base, Path(name), tmp_path)
        browser.close()
    if EXPECTED[name] is None:
        assert problems == []
    else:
        assert any(EXPECTED[name] in p for p in problems), problems
    assert (tmp_path / name.replace(".html", ".png")).exists()
