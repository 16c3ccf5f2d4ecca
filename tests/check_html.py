"""Open every page of the built book in headless Chromium and check what a reader would see.

Run by ``make check-html`` (and so by ``make test``) after the book is built::

    .venv/bin/python tests/check_html.py _build/html

The book is served from 127.0.0.1 and every request to another host is blocked **and fails the
page**: the book must work whole offline. Each page is checked at two widths, a laptop's
(1280 px) and a phone's (390 px). Every load is a new browser page, with the HTTP cache off and
the site's storage cleared before it opens (so a page's weight is everything it loads). A page
with figures, code cells or widgets (a chapter) is loaded afresh at each width; any other page
(the API reference, the indexes, the library's source listings under ``_modules/``) is loaded
once, checked at 1280 px, then resized to 390 px and checked again (:func:`widths_per_visit`).
A browser's visits share one context and one renderer process (:class:`Session`): starting
them anew for every visit took half of the check's time.

A page fails if it

* requests anything from another host, logs a console error, or takes too long to load;
* shows an error output, a traceback or text written to stderr, or an empty cell output (a
  gap where a widget or a figure should be);
* has an image that did not load, a blank figure, a figure without an opaque background (dark
  mode), or an image without alt text (decorative copies inside ``aria-hidden`` are exempt);
* leaves math as raw TeX source;
* has a widget without a figure after it (a kernel-free widget, ``.lf-widget``, is its own);
* has a kernel-free widget that does not answer its controls. At 1280 px every control
  (``[data-lf-control]``) of every ``.lf-widget`` is moved through each of its values (a
  slider's every step, a menu's every option) as a reader moves it (the value set, then the
  ``input`` and ``change`` events), and put back afterwards. Each move that changes the value
  must change the picture (``img.lf-picture``) or show a message (``.lf-message``, e.g. a run
  that diverged) and change the control's ``<output>``; the picture shown must never be empty
  (nor hidden without a message), and no error may be logged. A demo computed in the browser
  (``[data-lf-demo-root]``) has its update button pressed as often as the page carries totals
  computed by the Python class, and must show each of them. The report says, per page, how
  many widgets and controls were moved;
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
every image's ``decode()``, the navigation drawer at 390 px, and a widget's moves, each with a
timeout; a page whose check times out is tried once more in a fresh context (a loaded machine
can stall one load) and then fails. Pages are checked by :data:`WORKERS` browsers in parallel
(``CHECK_HTML_WORKERS``), each taking the next visit from a queue, the longest first. A
screenshot of each page at each width (a chapter's whole page at 1280 px, else the first
screen; none for the library's source listings under ``_modules/``) is saved under
``_build/screenshots/``. The report ends with the check's total time.
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
#: Seconds allowed for the navigation drawer to show the title (at 390 px), and for moving
#: every control of a page's kernel-free widgets through its values.
DRAWER_TIMEOUT, WIDGET_TIMEOUT = 2, 60
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
  // On a laptop a kernel-free widget's picture fits its column: no sideways scrolling to see
  // the whole of it (on a phone it may scroll, to keep its text readable).
  if (window.innerWidth >= 960)
    for (const img of document.querySelectorAll('.lf-widget img.lf-picture')) {
      const box = img.closest('.lf-scroll') || img.parentElement;
      if (visible(img) && img.getBoundingClientRect().width > box.clientWidth + 1)
        problems.push(`a widget picture ${Math.round(img.getBoundingClientRect().width)} px wide in a ` +
                      `${box.clientWidth} px column (it scrolls sideways): ` + (img.alt || '').slice(0, 60));
    }
  const walker = document.createTreeWalker(document.querySelector('article') || document.body, NodeFilter.SHOW_TEXT);
  const raw = /\\\(|\\\)|\\\[|\\\]|\$\$|\$[^\s$][^$]*\$/;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('pre, code, script, style, mjx-container, .highlight, textarea')) continue;
    if (raw.test(node.textContent)) { problems.push('raw math: ' + node.textContent.trim().slice(0, 80)); break; }
  }
  // An ipywidgets view needs a static twin: a kernel-free widget (.lf-widget) in its own output,
  // which is its own figure, or a figure in the next cell.
  for (const view of document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')) {
    const cell = view.closest('.cell');
    if (view.closest('.lf-widget') || (cell && cell.querySelector('.lf-widget'))) continue;
    let next = cell ? cell.nextElementSibling : null;
    while (next && !next.classList.contains('cell')) next = next.nextElementSibling;
    if (!next || !next.querySelector('img, .lf-widget'))
      problems.push('a widget without a static twin (a figure in the next cell)');
  }
  // An output area that shows nothing: a gap where a widget (or a figure) should be.
  const shownText = el => {
    if (el.getClientRects().length) return (el.innerText || '').trim();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);  // not rendered: its source text
    let text = '';
    while (walker.nextNode())
      if (!walker.currentNode.parentElement.closest('script, style, template, noscript')) text += walker.currentNode.textContent;
    return text.trim();
  };
  for (const out of outputs) {
    if (shownText(out) || out.querySelector('img, canvas, svg, iframe, video, object, embed, input, select, textarea, button'))
      continue;
    const code = out.closest('.cell') && out.closest('.cell').querySelector('.cell_input pre');
    problems.push('an empty cell output (a gap where a widget or figure should be)' +
                  (out.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')
                   ? ': an ipywidgets view, which shows nothing without a kernel' : '') +
                  (code ? ', after the cell `' + code.textContent.trim().split('\n')[0].slice(0, 60) + '`' : ''));
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
  if (/\/book\//.test(location.pathname) && !/\/_modules\//.test(location.pathname)) {
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

# After a resize: the transitions it started (the navigation sliding out of view) jump to their
# end, as if waited for; then two animation frames, so that layout and the page's resize
# handlers have run.
RESIZED = """
async () => {
  await new Promise(r => requestAnimationFrame(r));
  for (const a of document.getAnimations())
    if (a.playState === 'running' && isFinite(a.effect.getComputedTiming().endTime)) a.finish();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}
"""

# Moves every control of every kernel-free widget (.lf-widget) through each of its values, as a
# reader's move does (the value set, then "input" and "change" events), and back to where it
# was; presses a browser-computed demo's update button and compares its totals; returns
# {widgets, controls, moves, updates, problems, timedOut}. Every wait is bounded.
WIDGETS = r"""
async ([page, budgetMs, decodeMs]) => {
  const report = {widgets: 0, controls: 0, moves: 0, updates: 0, problems: [], timedOut: false};
  const widgets = [...document.querySelectorAll('.lf-widget')];
  if (!widgets.length) return report;
  const deadline = performance.now() + budgetMs;
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const bounded = (promise, ms) => Promise.race([promise.then(() => true, () => true), sleep(ms).then(() => false)]);
  const clip = s => String(s).replace(/\s+/g, ' ').trim().slice(0, 200);
  // Errors while a control moves, so that each can be told with the control and value.
  const errors = [];
  const onError = e => errors.push(clip(e.message || e.error || 'error'));
  const onRejection = e => errors.push('unhandled rejection: ' + clip(e.reason && e.reason.message || e.reason));
  const consoleError = console.error;
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  console.error = (...args) => { errors.push(clip(args.join(' '))); return consoleError.apply(console, args); };
  const move = (control, set) => {
    set();
    for (const type of ['input', 'change']) control.dispatchEvent(new Event(type, {bubbles: true}));
  };
  const frame = () => bounded(new Promise(r => requestAnimationFrame(() => r())), 100);
  // A demo computed in the browser ([data-lf-demo-root]): its "Single parameter update" button
  // pressed as often as the page carries totals computed by the Python class, each compared.
  const demo = async (widget, where) => {
    let data;
    try { data = JSON.parse(widget.querySelector('script.lf-demo-data').textContent); }
    catch (e) { report.problems.push(`${where}: its data (script.lf-demo-data) is missing or unreadable`); return; }
    const once = widget.querySelector('[data-lf-demo="once"]');
    const expected = data.expected || [];
    if (!once || !expected.length) {
      report.problems.push(`${where}: no update button ([data-lf-demo="once"]) or no totals to compare`);
      return;
    }
    for (const [i, total] of expected.entries()) {
      const seen = errors.length;
      once.click();
      report.updates++;
      await frame();
      const shown = parseFloat(widget.getAttribute('data-lf-total'));
      if (!(Math.abs(shown - total) <= 2e-6 + 1e-6 * Math.abs(total)))
        report.problems.push(`${where}, "${clip(once.textContent)}" pressed ${i + 1} time(s): total loss ` +
                             `${widget.getAttribute('data-lf-total')}, the Python class computes ${total}`);
      for (const error of errors.slice(seen))
        report.problems.push(`${where}, "${clip(once.textContent)}" pressed ${i + 1} time(s): console error: ${error}`);
    }
  };
  try {
    all: for (const [index, widget] of widgets.entries()) {
      report.widgets++;
      const where = `widget ${index} on ${page}`;
      if (widget.matches('[data-lf-demo-root]')) { await demo(widget, where); continue; }
      const img = widget.querySelector('img.lf-picture');
      const message = widget.querySelector('.lf-message');
      const controls = [...widget.querySelectorAll('[data-lf-control]')];
      if (!img) { report.problems.push(`${where}: no picture (img.lf-picture)`); continue; }
      if (!controls.length) { report.problems.push(`${where}: no controls ([data-lf-control])`); continue; }
      const shown = () => {
        for (let el = img; el && el !== widget.parentElement; el = el.parentElement)
          if (getComputedStyle(el).display === 'none') return false;
        return getComputedStyle(img).visibility !== 'hidden';
      };
      // What the reader sees once the page has reacted (a frame, then the shown picture decoded).
      const state = async control => {
        await frame();
        const s = {value: control.value, src: img.getAttribute('src') || '', shown: shown(),
                   message: message ? (message.textContent || '').trim() : '', width: 0};
        if (s.shown && s.src) {
          if (!await bounded(img.decode(), decodeMs)) report.timedOut = true;
          s.width = img.naturalWidth;
        }
        return s;
      };
      const pictured = s => s.shown ? s.src : '';
      const empty = s => s.shown ? (!s.src || !s.width ? 'an empty picture' : null)
                                 : (!s.message ? 'the picture is hidden and no message shows' : null);
      const first = await state(controls[0]);
      if (empty(first)) report.problems.push(`${where}, as the page opens: ${empty(first)}`);
      for (const control of controls) {
        if (performance.now() > deadline) { report.timedOut = true; break all; }
        const box = control.closest('.lf-control');
        const label = clip((box && box.querySelector('.lf-label') && box.querySelector('.lf-label').textContent)
                           || control.getAttribute('aria-label') || `control ${control.dataset.lfControl}`);
        const key = control.dataset.lfControl;
        const output = [...widget.querySelectorAll('output[data-lf-for]')].find(o => o.dataset.lfFor === key);
        const select = control.tagName === 'SELECT';
        if (!select && !(control.tagName === 'INPUT' && control.type === 'range')) {
          report.problems.push(`${where}, control "${label}": a <${control.tagName.toLowerCase()}` +
                               `${control.type ? ' type=' + control.type : ''}>, which the check cannot move ` +
                               '(a range input or a select is expected)');
          continue;
        }
        if (control.disabled) continue;  // a reader cannot move it either
        report.controls++;
        const initial = select ? control.selectedIndex : control.value;
        let steps;
        if (select) {
          steps = [...control.options].map((option, i) => ({set: () => { control.selectedIndex = i; },
                                                           name: `"${clip(option.textContent)}"`}));
        } else {
          const low = parseFloat(control.min || '0'), high = parseFloat(control.max || '100');
          let step = parseFloat(control.step); if (!(step > 0)) step = 1;
          steps = [];
          for (let k = 0, v = low; v <= high + 1e-9 && k < 1000; k++, v = low + k * step)
            steps.push({set: () => { control.value = String(v); }, name: String(v)});
        }
        let before = {...await state(control), output: output ? output.textContent.trim() : null};
        const failed = {};
        for (const step of steps) {
          if (performance.now() > deadline) { report.timedOut = true; break all; }
          const seen = errors.length;
          move(control, step.set);
          report.moves++;
          const after = {...await state(control), output: output ? output.textContent.trim() : null};
          const reads = select ? '' : (control.getAttribute('aria-valuetext') || after.output || '');
          const value = step.name + (reads ? ` (reads "${clip(reads)}")` : '');
          const found = [];
          if (after.value !== before.value) {  // what shows must change: the picture, or a message
            if (pictured(after) === pictured(before) && !after.message)
              found.push('the picture did not change and no message shows');
            if (output && after.output === before.output)
              found.push('its output did not change');
          }
          if (empty(after)) found.push(empty(after));
          for (const error of errors.slice(seen)) found.push(`console error: ${error}`);
          for (const what of found) (failed[what] = failed[what] || []).push(value);
          before = after;
        }
        // One line per control and kind of failure, naming the values it happened at.
        for (const [what, values] of Object.entries(failed))
          report.problems.push(`${where}, control "${label}" at ${values.join(', ')}: ${what}`);
        move(control, select ? () => { control.selectedIndex = initial; } : () => { control.value = initial; });
        await state(control);
      }
    }
  } finally {
    console.error = consoleError;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  }
  return report;
}
"""


#: Files a static host (GitHub Pages, Read the Docs, Netlify) sends gzip-compressed.
COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".ttf"}


class BookHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the build as a static host does: text gzip-compressed when the browser asks.

    Each file is compressed once (every page loads the same theme files): the bytes on the
    wire are the same, the server's time is not spent again on every page."""

    _gzipped = {}  # (path, mtime, size) -> compressed bytes

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        body = self._gzipped.get(key)
        if body is None:
            body = self._gzipped[key] = gzip.compress(path.read_bytes(), compresslevel=6)
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


#: What a page needs to be loaded afresh at each width for: a figure, a code cell, a widget.
FIGURES_OR_CELLS = re.compile(r'<img\b|class="cell[ "]|class="lf-widget')


def widths_per_visit(html):
    """The widths each visit of a page (its HTML source given) checks.

    A page with figures, code cells or widgets is loaded afresh at each width. Any other page
    (text, code listings, math: the API reference, the indexes, the library's source listings,
    the redirect at the top) is loaded once, checked at 1280 px, resized to 390 px and checked
    again. Measured on this book (every page both ways), the two give the same problems, the
    same weights and the same screenshots, but for the anti-aliasing of the header's icons."""
    if FIGURES_OR_CELLS.search(html):
        return [(width_name,) for width_name in WIDTHS]
    return [tuple(WIDTHS)]


class PageTimeout(Exception):
    """A page did not settle in time: retried once, then reported."""


class Session:
    """A browser context that a worker's visits share, each in a page of its own.

    Starting a context, and a renderer process, for every visit took about half of the check's
    time. Here a page of the served origin (a 404 page) stays open while the visits come and
    go, so that one renderer process serves them all. The checks see what a fresh context
    shows: routing turns the HTTP cache off (every file comes from the server on every visit,
    so the weight is all of it), and the origin's storage (local and session storage, cookies,
    IndexedDB, ...) is cleared before each visit. :meth:`renew` starts a fresh context (a retry
    after a time-out does)."""

    def __init__(self, browser, base):
        self.browser, self.base, self._context, self.external = browser, base, None, []

    def context(self):
        if self._context is None:
            width, height = WIDTHS["laptop"]
            self._context = self.browser.new_context(viewport={"width": width, "height": height},
                                                     service_workers="block")
            self._context.set_default_timeout(LOAD_TIMEOUT * 1000)
            # every request to another host is aborted and reported by the visit under way
            self._context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:).*"),
                                lambda route: (self.external.append(route.request.url),
                                               route.abort()))
            keeper = self._context.new_page()
            keeper.goto(f"{self.base}/check-html-keeps-the-renderer-process", wait_until="load")
        return self._context

    def renew(self):
        if self._context is not None:
            try:
                self._context.close()
            except Exception:  # the browser has gone
                pass
            self._context = None

    close = renew


def check_page(browser, base, page_path, width_name, shots):
    """Open one page at one width in a fresh context; return (problems, bytes loaded)."""
    row, = visit(browser, base, page_path, (width_name,), shots)
    return row["problems"], row["weight"]


def visit(session, base, page_path, width_names, shots):
    """Open one page in a new page of ``session`` (a :class:`Session`; a browser: a fresh
    context for this visit alone) at the first of ``width_names`` and check it there, then at
    each further width after resizing the window; return a row per width: a dict of ``width``,
    ``problems``, ``weight`` (bytes over the wire, unpacked), ``widgets`` (widgets, controls and
    moves tried, at the laptop width) and ``seconds``."""
    if not isinstance(session, Session):
        session = Session(session, base)
        try:
            return visit(session, base, page_path, width_names, shots)
        finally:
            session.close()
    start = time.perf_counter()
    context = session.context()
    console, external = [], []
    session.external = external
    page = context.new_page()
    rows = []
    try:
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width_names[0]])))
        cdp = context.new_cdp_session(page)  # nothing kept from the visits before
        cdp.send("Storage.clearDataForOrigin", {"origin": base, "storageTypes": "all"})
        cdp.detach()
        context.clear_cookies()
        page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda err: console.append(str(err)))
        try:
            page.goto(f"{base}/{page_path.as_posix()}", wait_until="load",
                      timeout=LOAD_TIMEOUT * 1000)
        except Exception as err:  # playwright's TimeoutError and navigation errors
            raise PageTimeout(f"did not load in {LOAD_TIMEOUT} s: {str(err).splitlines()[0]}")
        if page_path.as_posix() == "index.html":  # a redirect to the first page
            page.wait_for_url(re.compile(r".*/book/intro\.html$"), timeout=LOAD_TIMEOUT * 1000)
            page.wait_for_load_state("load")
            return [{"width": w, "problems": [], "weight": (0, 0), "widgets": None,
                     "seconds": (time.perf_counter() - start) if not i else 0.0}
                    for i, w in enumerate(width_names)]
        chapter = None
        for i, width_name in enumerate(width_names):
            if i:
                page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width_name])))
                page.evaluate(RESIZED)
            problems, weight, chapter, widgets = _check_width(page, page_path, width_name,
                                                              shots, chapter)
            for url in dict.fromkeys(external):
                problems.append(f"requested another host: {url[:120]}")
            for text in console:
                if not any(p.search(text) for p in KNOWN_CONSOLE_NOISE):
                    problems.append(f"console error: {text[:200]}")
            now = time.perf_counter()
            rows.append({"width": width_name, "problems": problems, "weight": weight,
                         "widgets": widgets, "seconds": now - start})
            start = now
        return rows
    finally:
        page.close()


def _check_width(page, page_path, width_name, shots, chapter):
    """The checks of an open page at the window's present width."""
    settled = page.evaluate(SETTLE, [MATH_TIMEOUT * 1000, IMAGE_TIMEOUT * 1000])
    if not (settled["math"] and settled["decoded"]):
        raise PageTimeout(f"math typeset: {settled['math']}, images decoded: "
                          f"{settled['decoded']} after the time allowed")
    problems = page.evaluate(PAGE_CHECKS, [MIN_TEXT_PX])
    weight = tuple(page.evaluate(WEIGHT))
    if chapter is None:
        chapter = page.evaluate("() => !!document.querySelector('.cell')")
    limit = CHAPTER_LIMIT if chapter else TEXT_PAGE_LIMIT
    if weight[0] > limit:
        problems.append(f"weighs {weight[0] / 1e6:.2f} MB over the wire (limit {limit / 1e6:.1f} "
                        f"MB for a {'chapter' if chapter else 'page without code'})")
    if page_path.parts[0] != "_modules":
        if width_name == "phone":
            page.screenshot(path=str(_shot(shots, page_path, width_name)))
            toggle = page.locator("button.primary-toggle:visible").first
            if toggle.count():
                toggle.click()
                try:  # the drawer opens: wait (bounded) until the title shows, else report
                    page.wait_for_function(f"() => ({TITLE_CHECK})() === null",
                                           timeout=DRAWER_TIMEOUT * 1000)
                except Exception:  # playwright's TimeoutError
                    pass
        else:  # whole chapters (seconds each for a tall page), the first screen elsewhere
            page.screenshot(path=str(_shot(shots, page_path, width_name)), full_page=chapter)
        missing_title = page.evaluate(TITLE_CHECK)
        if missing_title:
            problems.append(missing_title)
    widgets = None
    if width_name == "laptop":  # after the screenshot, which shows the widgets as they open
        widgets = page.evaluate(WIDGETS, [page_path.as_posix(), WIDGET_TIMEOUT * 1000,
                                          IMAGE_TIMEOUT * 1000])
        if widgets["timedOut"]:
            raise PageTimeout(f"the widgets' pictures did not settle in {WIDGET_TIMEOUT} s")
        problems += widgets["problems"]
        widgets = (widgets["widgets"], widgets["controls"], widgets["moves"], widgets["updates"])
    return problems, weight, chapter, widgets


def _shot(shots, page_path, width_name):
    return shots / (page_path.with_suffix("").as_posix().replace("/", "__") + f"-{width_name}.png")


def visit_with_retry(session, base, page_path, width_names, shots):
    """:func:`visit`, once more in a fresh context if the page timed out; then a failure."""
    start = time.perf_counter()
    for attempt in (1, 2):
        tried = time.perf_counter()
        try:
            rows = visit(session, base, page_path, width_names, shots)
            rows[0]["seconds"] += tried - start  # the first try's time too
            return rows
        except PageTimeout as err:
            session.renew()
            if attempt == 2:
                return [{"width": w, "problems": [f"timed out ({err})"], "weight": (0, 0),
                         "widgets": None, "seconds": time.perf_counter() - start}
                        for w in width_names]


def _worker(base, shots, tasks, results):
    """Check pages taken from ``tasks`` with one browser, until told to stop (``None``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        session = Session(browser, base)
        while (task := tasks.get()) is not None:
            rel, width_names = task
            try:
                rows = visit_with_retry(session, base, Path(rel), width_names, shots)
            except Exception as err:  # a crashed browser or context: report the page, go on
                rows = [{"width": w, "problems": [f"the check failed: {str(err).splitlines()[0]}"],
                         "weight": (0, 0), "widgets": None, "seconds": 0.0} for w in width_names]
                session.renew()
                if not browser.is_connected():
                    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    session = Session(browser, base)
            results.put([(rel, row) for row in rows])
        session.close()
        browser.close()


def main(folder="_build/html"):
    start = time.perf_counter()
    folder = Path(folder).resolve()
    if not (folder / "index.html").exists():
        sys.exit(f"no built book in {folder}: run `make book` first")
    shots = folder.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    server = serve(folder)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    paths = pages(folder)
    rels = [p.relative_to(folder) for p in paths]
    # The longest visits first (a big page; a laptop's whole-page screenshot), so that no
    # browser is left with a long one at the end while the others idle.
    tasks = sorted(((rel.as_posix(), widths) for path, rel in zip(paths, rels)
                    for widths in widths_per_visit(path.read_text(errors="replace"))),
                   key=lambda t: (-(folder / t[0]).stat().st_size, t[1] != ("laptop",), t[0]))
    context = multiprocessing.get_context("spawn")
    queue, results = context.Queue(), context.Queue()
    for task in tasks:
        queue.put(task)
    workers = [context.Process(target=_worker, args=(base, shots, queue, results))
               for _ in range(WORKERS)]
    for worker in workers:
        queue.put(None)
        worker.start()
    rows = []
    for _ in tasks:
        while True:
            try:
                rows += results.get(timeout=5)
                break
            except Exception:  # queue.Empty: is any browser still at work?
                if not any(worker.is_alive() for worker in workers):
                    sys.exit("the browser check's workers stopped before checking every page")
    for worker in workers:
        worker.join()
    server.shutdown()
    server.server_close()
    failures, with_widgets, moved = set(), 0, [0, 0, 0, 0]
    order = {name: i for i, name in enumerate(WIDTHS)}
    for rel, row in sorted(rows, key=lambda r: (r[0], order[r[1]["width"]])):
        problems, weight, widgets = row["problems"], row["weight"], row["widgets"]
        if problems:
            failures.add(rel)
        note = ""
        if widgets and widgets[0]:
            with_widgets += 1
            moved = [a + b for a, b in zip(moved, widgets)]
            note = (f"  {widgets[0]} widget(s), {widgets[1]} control(s) moved ({widgets[2]} moves)"
                    + (f", {widgets[3]} demo update(s) compared" if widgets[3] else ""))
        print(f"{'FAIL' if problems else 'ok  '} {rel:<44} {row['width']:<6} "
              f"{weight[0] / 1e6:5.2f} MB ({weight[1] / 1e6:5.2f} MB unpacked) "
              f"{row['seconds']:5.1f} s{note}")
        for problem in problems:
            print(f"       {problem}")
    print(f"kernel-free widgets: {moved[0]} on {with_widgets} page(s), {moved[1]} control(s) "
          f"moved through {moved[2]} value(s), {moved[3]} demo update(s) compared")
    print(f"{len(failures)} page(s) failed of {len(rels)}, each at {len(WIDTHS)} widths, in "
          f"{len(tasks)} visits by {WORKERS} browser(s); screenshots in {shots}")
    print(f"total time: {time.perf_counter() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
