"""Open every page of the built book in headless Chromium and check what a reader would see.

Run by ``make check-html`` (and so by ``make test``) after the book is built::

    .venv/bin/python tests/check_html.py _build/html

The book is served from 127.0.0.1 and every request to another host is blocked, so the check
also proves that the book works offline: math must be typeset by the MathJax copy inside the
build, and a widget whose JavaScript comes from a CDN must leave its static twin visible.

A page fails if it shows an error output or a traceback, text written to stderr, an image that
did not load, a blank figure, math left as raw TeX source, a widget without a figure after it,
or a browser-console error other than a blocked external request. A full-page screenshot of
each page (but the library's source listings under ``_modules/``) is saved under
``_build/screenshots/``.
"""

import functools
import http.server
import re
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Console errors that are not the book's fault: the theme complains once about an unset
# light/dark preference in a fresh browser profile.
KNOWN_CONSOLE_NOISE = [re.compile(r"^Got invalid theme mode")]

# JavaScript run in each page after it settled; returns a list of problems (strings).
PAGE_CHECKS = r"""
() => {
  const problems = [];
  const outputs = [...document.querySelectorAll('.cell_output')];
  for (const out of outputs) {
    const text = out.innerText || '';
    if (out.querySelector('.output.traceback, .output.error') || text.includes('Traceback (most recent call last)'))
      problems.push('error output: ' + text.slice(0, 160).replace(/\s+/g, ' '));
    if (out.querySelector('.output.stderr'))
      problems.push('stderr output: ' + text.slice(0, 160).replace(/\s+/g, ' '));
  }
  for (const img of document.querySelectorAll('article img')) {
    if (img.closest('.anim-state, .animation') && img.offsetParent === null) continue;
    if (!img.complete || img.naturalWidth === 0) { problems.push('image did not load: ' + img.src.slice(0, 80)); continue; }
    const c = document.createElement('canvas');
    c.width = Math.min(img.naturalWidth, 400); c.height = Math.min(img.naturalHeight, 300);
    const g = c.getContext('2d'); g.drawImage(img, 0, 0, c.width, c.height);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let distinct = new Set();
    for (let i = 0; i < d.length && distinct.size < 3; i += 4 * 97) distinct.add(d[i] + ',' + d[i+1] + ',' + d[i+2]);
    if (distinct.size < 2) problems.push('blank figure: ' + img.src.slice(0, 80));
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
  return problems;
}
"""


def serve(folder):
    """Serve ``folder`` on a free port of 127.0.0.1 from a background thread."""
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pages(folder):
    skip = {"_static"}
    return sorted(p for p in folder.rglob("*.html") if not skip & set(p.relative_to(folder).parts))


def check_page(browser, base, page_path, shots):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console, blocked = [], []
    page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"),
               lambda route: (blocked.append(route.request.url), route.abort()))
    page.on("console", lambda msg: console.append(msg) if msg.type == "error" else None)
    page.on("pageerror", lambda err: console.append(err))
    page.goto(f"{base}/{page_path.as_posix()}", wait_until="load")
    page.wait_for_load_state("networkidle")  # also lets index.html's redirect finish
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
    problems = page.evaluate(PAGE_CHECKS)
    for msg in console:
        text = getattr(msg, "text", None) or str(msg)
        url = msg.location.get("url", "") if hasattr(msg, "location") else ""
        external = url and not url.startswith(base) or url in blocked
        if external and "Failed to load resource" in text or any(p.search(text) for p in KNOWN_CONSOLE_NOISE):
            continue
        problems.append(f"console error: {text[:200]}")
    if page_path.parts[0] != "_modules":  # the library's highlighted source: no picture needed
        shot = shots / (page_path.with_suffix("").as_posix().replace("/", "__") + ".png")
        page.screenshot(path=str(shot), full_page=True)
    page.close()
    return problems


def main(folder="_build/html"):
    folder = Path(folder).resolve()
    if not (folder / "index.html").exists():
        sys.exit(f"no built book in {folder}: run `make book` first")
    shots = folder.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    server = serve(folder)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    failures = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in pages(folder):
            rel = page_path.relative_to(folder)
            problems = check_page(browser, base, rel, shots)
            failures += bool(problems)
            print(f"{'FAIL' if problems else 'ok  '} {rel}")
            for problem in problems:
                print(f"       {problem}")
        browser.close()
    server.shutdown()
    server.server_close()
    print(f"{failures} page(s) failed; screenshots in {shots}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
