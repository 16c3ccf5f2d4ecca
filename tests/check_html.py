"""Open every page of the built book in headless Chromium and check what a reader would see.

Run by ``make check-html`` (and so by ``make test``) after the book is built::

    .venv/bin/python tests/check_html.py _build/html

The book is served from 127.0.0.1 and every request to another host is blocked **and fails the
page**: the book must work whole offline. Each page is opened at two widths, a laptop's
(1280 px) and a phone's (390 px), in a fresh browser context (nothing cached between pages, so
a page's weight is everything it loads).

A page fails if it

* requests anything from another host, logs a console error, or takes too long to load;
* shows an error output, a traceback or text written to stderr;
* has an image that did not load, a blank figure, a figure without an opaque background (dark
  mode), or an image without alt text (decorative copies inside ``aria-hidden`` are exempt);
* leaves math as raw TeX source;
* has a widget without a figure after it;
* scrolls sideways as a whole at either width (wide code, tables and figures must scroll inside
  their own box), or shows a figure whose smallest text is under 9 px high;
* has a second search box or an empty header bar, lacks the book's title at the top of the
  navigation (at 390 px, once the navigation is opened), lacks the download or dark-mode
  buttons (and, on a chapter, the launch buttons), or shows a "Last updated" line;
* weighs more than :data:`TEXT_PAGE_LIMIT` (a page without code cells) or
  :data:`CHAPTER_LIMIT` (a chapter), all assets included, as loaded: the bytes that cross the
  network, with text compressed as every static host (GitHub Pages among them) sends it. The
  report prints the unpacked size beside it.

Waiting is explicit and bounded: the page's ``load`` event, MathJax's ``startup.promise`` and
every image's ``decode()``, each with a timeout; a page whose check times out is tried once
more in a fresh context (a loaded machine can stall one load) and then fails. Pages are checked
by :data:`WORKERS` browsers in parallel. A screenshot of each page at each width (a chapter's
whole page at 1280 px, else the first screen; none for the library's source listings under
``_modules/``) is saved under ``_build/screenshots/``.
"""

import functools
import gzip
import http.server
import io
import multiprocessing
import re
import sys
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
WIDTHS = {"laptop": (1280, 900), "phone": (390, 844)}
#: Bytes a page may load, everything included.
TEXT_PAGE_LIMIT = 1_500_000
CHAPTER_LIMIT = 3_000_000
MIN_TEXT_PX = 9.0
#: Seconds allowed for a page to load, for MathJax, and for the images to decode.
LOAD_TIMEOUT, MATH_TIMEOUT, IMAGE_TIMEOUT = 45, 20, 20
WORKERS = int(__import__("os").environ.get("CHECK_HTML_WORKERS", "2"))
# Console errors that are not the book's fault: the theme complains once about an unset
# light/dark preference in a fresh browser profile.
KNOWN_CONSOLE_NOISE = [re.compile(r"^Got invalid theme mode")]

# Settles the page: MathJax and image decoding, each bounded.
SETTLE = """
async ([mathMs, imageMs]) => {
  const bounded = (promise, ms) => Promise.race([promise.then(() => true, () => true),
                                                 new Promise(r => setTimeout(() => r(false), ms))]);
  let math = true;
  if (window.MathJax && MathJax.startup && MathJax.startup.promise)
    math = await bounded(MathJax.startup.promise, mathMs);
  const images = [...document.images].filter(i => i.loading !== 'lazy');
  const decoded = await bounded(Promise.all(images.map(i => i.decode().catch(() => null))), imageMs);
  return {math, decoded};
}
"""

# JavaScript run in each page after it settled; returns a list of problems (strings).
PAGE_CHECKS = r"""
([minTextPx]) => {
  const problems = [];
  const visible = el => !!(el && el.offsetParent !== null && el.getClientRects().length);
  const outputs = [...document.querySelectorAll('.cell_output')];
  for (const out of outputs) {
    const text = out.innerText || '';
    if (out.querySelector('.output.traceback, .output.error') || text.includes('Traceback (most recent call last)'))
      problems.push('error output: ' + text.slice(0, 160).replace(/\s+/g, ' '));
    if (out.querySelector('.output.stderr'))
      problems.push('stderr output: ' + text.slice(0, 160).replace(/\s+/g, ' '));
  }
  for (const img of document.querySelectorAll('article img')) {
    const decorative = img.closest('[aria-hidden="true"], [role="presentation"]');
    if (!decorative && !(img.getAttribute('alt') || '').trim())
      problems.push('image without alt text: ' + img.src.slice(0, 80));
    if (!visible(img)) continue;
    if (!img.complete || img.naturalWidth === 0) { problems.push('image did not load: ' + img.src.slice(0, 80)); continue; }
    if (img.closest('.lf-crop')) continue;  // the same picture as its figure's whole image
    const c = document.createElement('canvas');
    c.width = Math.min(img.naturalWidth, 400); c.height = Math.min(img.naturalHeight, 300);
    const g = c.getContext('2d'); g.drawImage(img, 0, 0, c.width, c.height);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let distinct = new Set();
    for (let i = 0; i < d.length && distinct.size < 3; i += 4 * 97) distinct.add(d[i] + ',' + d[i+1] + ',' + d[i+2]);
    if (distinct.size < 2) problems.push('blank figure: ' + img.src.slice(0, 80));
    if (img.closest('.lf-figure') && d[3] < 255)
      problems.push('figure without an opaque background (unreadable in dark mode): ' + img.src.slice(0, 80));
  }
  // Text size of the book's figures as shown: the whole picture or its panels, whichever shows.
  for (const img of document.querySelectorAll('img[data-font-px]:not(.lf-whole)')) {  // animations
    if (!visible(img)) continue;
    const shown = parseFloat(img.dataset.fontPx) * img.getBoundingClientRect().width / parseFloat(img.dataset.naturalWidth);
    if (shown < minTextPx - 0.05)
      problems.push(`animation text ${shown.toFixed(1)} px high at this width (under ${minTextPx}): ` + (img.alt || '').slice(0, 60));
  }
  for (const fig of document.querySelectorAll('.lf-figure')) {
    const font = parseFloat(fig.dataset.fontPx || '0');
    if (!font) continue;
    for (const el of fig.querySelectorAll('img.lf-whole, .lf-crop')) {
      if (!visible(el)) continue;
      const shown = el.getBoundingClientRect().width / parseFloat(el.dataset.naturalWidth);
      if (font * shown < minTextPx - 0.05)
        problems.push(`figure text ${(font * shown).toFixed(1)} px high at this width (under ${minTextPx}): ` +
                      (fig.querySelector('img').getAttribute('alt') || '').slice(0, 60));
    }
  }
  const walker = document.createTreeWalker(document.querySelector('article') || document.body, NodeFilter.SHOW_TEXT);
  const raw = /\\\(|\\\)|\\\[|\\\]|\$\$|\$[^\s$][^$]*\$/;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('pre, code, script, style, mjx-container, .highlight, textarea')) continue;
    if (raw.test(node.textContent)) { problems.push('raw math: ' + node.textContent.trim().slice(0, 80)); break; }
  }
  for (const view of document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')) {
    const cell = view.closest('.cell');
    let next = cell ? cell.nextElementSibling : null;
    while (next && !next.classList.contains('cell')) next = next.nextElementSibling;
    if (!next || !next.querySelector('img'))
      problems.push('a widget without a static twin (a figure in the next cell)');
  }
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth + 1) {
    const wide = [...document.querySelectorAll('article *')].filter(el =>
      el.getBoundingClientRect().right > window.innerWidth + 1 && visible(el))
      .filter(el => !el.parentElement || el.parentElement.getBoundingClientRect().right <= window.innerWidth + 1);
    problems.push(`the page scrolls sideways: ${page.scrollWidth} px wide in a ${window.innerWidth} px window` +
                  (wide.length ? ` (e.g. <${wide[0].tagName.toLowerCase()} class="${wide[0].className}">)` : ''));
  }
  // Chrome: one search box, no empty header bar, buttons kept, no "Last updated".
  const searches = [...document.querySelectorAll('.search-button-field, .search-button__button, form.bd-search')].filter(visible);
  // (the search page has its own form besides the navigation's box)
  if (window.innerWidth >= 960 && searches.length !== 1 && !/\/search\.html$/.test(location.pathname))
    problems.push(`${searches.length} search boxes visible (one expected)`);
  const header = document.querySelector('#pst-header');
  if (header && header.getBoundingClientRect().height > 1 && !(header.innerText || '').trim() &&
      ![...header.querySelectorAll('button, a')].some(visible))
    problems.push('an empty header bar across the page');
  // The book's own pages (not the index, search and source-listing pages Sphinx adds).
  if (/\/book\//.test(location.pathname)) {
    for (const [selector, what] of [['.theme-switch-button', 'dark-mode button'],
                                    ['.dropdown-download-buttons, [aria-label="Download this page"]', 'download button']])
      if (!document.querySelector(selector)) problems.push(`no ${what}`);
    // A page whose *source* is a notebook opens in Colab (a MyST page's .ipynb is a conversion).
    const source = document.querySelector('.dropdown-download-buttons a.btn-download-source-button');
    const notebook = !!source && /\.ipynb$/.test(source.getAttribute('href') || '');
    if (notebook && !document.querySelector('.dropdown-launch-buttons, [aria-label="Launch interactive content"]'))
      problems.push('no launch buttons on a chapter');
  }
  if (/Last updated/i.test(document.body.innerText)) problems.push('a "Last updated" line');
  return problems;
}
"""

# Is the book's title at the top of the (opened) navigation?
TITLE_CHECK = """
() => {
  const title = document.querySelector('.bd-sidebar-primary .logo__title, .bd-sidebar-primary .navbar-brand');
  if (!title) return 'no book title in the navigation';
  const box = title.getBoundingClientRect();
  if (!(title.offsetParent !== null && box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < 200
        && box.left >= -1 && box.right <= window.innerWidth + 1))
    return `the book's title is not visible at the top of the navigation (top ${Math.round(box.top)} px)`;
  return null;
}
"""

# Bytes over the wire (compressed where the server compressed) and bytes once unpacked.
WEIGHT = """
() => {
  const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return [all.reduce((s, r) => s + (r.encodedBodySize || 0), 0),
          all.reduce((s, r) => s + (r.decodedBodySize || r.encodedBodySize || 0), 0)];
}
"""


#: Files a static host (GitHub Pages, Read the Docs, Netlify) sends gzip-compressed.
COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".ttf"}


class BookHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the build as a static host does: text gzip-compressed when the browser asks."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder):
    """Serve ``folder`` on a free port of 127.0.0.1 from a background thread."""
    handler = functools.partial(BookHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pages(folder):
    skip = {"_static"}
    return sorted(p for p in folder.rglob("*.html") if not skip & set(p.relative_to(folder).parts))


class PageTimeout(Exception):
    """A page did not settle in time: retried once, then reported."""


def check_page(browser, base, page_path, width_name, shots):
    """Open one page at one width in a fresh context; return (problems, bytes loaded)."""
    width, height = WIDTHS[width_name]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  service_workers="block")
    context.set_default_timeout(LOAD_TIMEOUT * 1000)
    console, external = [], []
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:).*"),
                  lambda route: (external.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: console.append(str(err)))
    try:
        try:
            page.goto(f"{base}/{page_path.as_posix()}", wait_until="load",
                      timeout=LOAD_TIMEOUT * 1000)
        except Exception as err:  # playwright's TimeoutError and navigation errors
            raise PageTimeout(f"did not load in {LOAD_TIMEOUT} s: {str(err).splitlines()[0]}")
        if page_path.as_posix() == "index.html":  # a redirect to the first page
            page.wait_for_url(re.compile(r".*/book/intro\.html$"), timeout=LOAD_TIMEOUT * 1000)
            page.wait_for_load_state("load")
            return [], (0, 0)
        settled = page.evaluate(SETTLE, [MATH_TIMEOUT * 1000, IMAGE_TIMEOUT * 1000])
        if not (settled["math"] and settled["decoded"]):
            raise PageTimeout(f"math typeset: {settled['math']}, images decoded: "
                              f"{settled['decoded']} after the time allowed")
        problems = page.evaluate(PAGE_CHECKS, [MIN_TEXT_PX])
        weight, unpacked = page.evaluate(WEIGHT)
        chapter = page.evaluate("() => !!document.querySelector('.cell')")
        limit = CHAPTER_LIMIT if chapter else TEXT_PAGE_LIMIT
        if weight > limit:
            problems.append(f"weighs {weight / 1e6:.2f} MB over the wire (limit {limit / 1e6:.1f} "
                            f"MB for a {'chapter' if chapter else 'page without code'})")
        if page_path.parts[0] != "_modules":
            if width_name == "phone":
                page.screenshot(path=str(_shot(shots, page_path, width_name)))
                toggle = page.locator("button.primary-toggle:visible").first
                if toggle.count():
                    toggle.click()
                    page.wait_for_timeout(400)  # the drawer slides in
            else:  # whole chapters (seconds each for a tall page), the first screen elsewhere
                page.screenshot(path=str(_shot(shots, page_path, width_name)), full_page=chapter)
            missing_title = page.evaluate(TITLE_CHECK)
            if missing_title:
                problems.append(missing_title)
        for url in dict.fromkeys(external):
            problems.append(f"requested another host: {url[:120]}")
        for text in console:
            if not any(p.search(text) for p in KNOWN_CONSOLE_NOISE):
                problems.append(f"console error: {text[:200]}")
        return problems, (weight, unpacked)
    finally:
        context.close()


def _shot(shots, page_path, width_name):
    return shots / (page_path.with_suffix("").as_posix().replace("/", "__") + f"-{width_name}.png")


def _worker(args):
    """Check a share of the pages with a browser of its own; return one line per page."""
    folder, base, paths, shots = args
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for rel in paths:
            for width_name in WIDTHS:
                start = time.perf_counter()
                for attempt in (1, 2):
                    try:
                        problems, weight = check_page(browser, base, rel, width_name, shots)
                        break
                    except PageTimeout as err:
                        problems, weight = [f"timed out ({err})"], (0, 0)
                        if attempt == 2:
                            break
                results.append((rel.as_posix(), width_name, problems, weight,
                                time.perf_counter() - start))
        browser.close()
    return results


def main(folder="_build/html"):
    folder = Path(folder).resolve()
    if not (folder / "index.html").exists():
        sys.exit(f"no built book in {folder}: run `make book` first")
    shots = folder.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    server = serve(folder)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rels = [p.relative_to(folder) for p in pages(folder)]
    shares = [(folder, base, rels[i::WORKERS], shots) for i in range(WORKERS)]
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        results = [row for share in pool.map(_worker, shares) for row in share]
    server.shutdown()
    server.server_close()
    failures = set()
    for rel, width_name, problems, weight, seconds in sorted(results):
        if problems:
            failures.add(rel)
        print(f"{'FAIL' if problems else 'ok  '} {rel:<44} {width_name:<6} "
              f"{weight[0] / 1e6:5.2f} MB ({weight[1] / 1e6:5.2f} MB unpacked) {seconds:5.1f} s")
        for problem in problems:
            print(f"       {problem}")
    print(f"{len(failures)} page(s) failed of {len(rels)}, each at {len(WIDTHS)} widths, in "
          f"{time.perf_counter() - start:.0f} s; screenshots in {shots}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
