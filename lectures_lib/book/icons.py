"""The theme's icon fonts cut down to the icons the book shows (used by the book build).

pydata-sphinx-theme ships FontAwesome's whole solid and brands web fonts (156 KB and 118 KB)
and every page that shows an icon downloads them; the book shows about twenty icons. After the
build, :func:`subset_icon_fonts` keeps in each font only the glyphs that a page or a script of
the build names (``fa-github``, ``fa-bars``, ...) or that a stylesheet rule draws itself (the
theme's own ``content: "\\f..."``), a few kilobytes in all. Any page of the build, and any new
icon a later theme version puts in its templates, is found the same way, since the scan reads
the built files.
"""

import re
from pathlib import Path

#: The FontAwesome fonts the theme ships, relative to the build's ``_static``.
FONT_FOLDER = Path("vendor") / "fontawesome" / "webfonts"
_ICON_CLASS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ESCAPE = re.compile(r"\\(f[0-9a-f]{3,4})")
_ICON_SELECTOR = re.compile(r"^\.fa-([a-z0-9-]+):{1,2}(before|after)$")
#: Scripts that are not loaded by the book's pages (see lectures_lib.book.build) and name
#: every icon there is.
_NOT_LOADED = {"fontawesome.js"}


def icon_table(css):
    """``{icon name: code point}`` from FontAwesome's ``.fa-NAME:before{content:"\\f..."}``
    rules, and the code points other rules draw themselves.

    Examples
    --------
    >>> table, drawn = icon_table('.fa-bars:before,.fa-navicon:before{content:"\\\\f0c9"}'
    ...                           '.toc-h2:after{content:"\\\\f105"}')
    >>> table["navicon"] == 0xF0C9, sorted(drawn) == [0xF105]
    (True, True)
    """
    table, drawn = {}, set()
    for selectors, body in _ICON_CLASS_RULE.findall(css):
        codes = [int(code, 16) for code in _ESCAPE.findall(body)]
        if not codes:
            continue
        names = [_ICON_SELECTOR.match(s.strip()) for s in selectors.split(",")]
        if all(names):
            for match in names:
                table[match.group(1)] = codes[0]
        else:
            drawn.update(codes)
    return table, drawn


def used_code_points(outdir):
    """The FontAwesome code points the built book can show."""
    outdir = Path(outdir)
    table, drawn = {}, set()
    for css in (outdir / "_static").rglob("*.css"):
        more_table, more_drawn = icon_table(css.read_text(encoding="utf-8", errors="replace"))
        table.update(more_table)
        drawn |= more_drawn
    names = set()
    files = [*outdir.rglob("*.html"), *(outdir / "_static").rglob("*.js")]
    for path in files:
        if path.name not in _NOT_LOADED:
            names.update(re.findall(r"fa-([a-z0-9-]+)", path.read_text("utf-8", "replace")))
    return drawn | {table[name] for name in names if name in table}


def subset_icon_fonts(outdir):
    """Cut each FontAwesome font of the build down to the icons used; return bytes saved."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    folder = Path(outdir) / "_static" / FONT_FOLDER
    if not folder.is_dir():
        return 0
    keep = used_code_points(outdir)
    saved = 0
    for path in sorted([*folder.glob("*.woff2"), *folder.glob("*.ttf")]):
        font = TTFont(path)
        options = subset.Options()
        options.flavor = "woff2" if path.suffix == ".woff2" else None
        options.layout_features, options.notdef_outline = ["*"], True
        subsetter = subset.Subsetter(options)
        cmap = font.getBestCmap() or {}
        subsetter.populate(unicodes=[c for c in keep if c in cmap] or [0x20])
        subsetter.subset(font)
        before = path.stat().st_size
        font.flavor = options.flavor
        font.save(path)
        saved += before - path.stat().st_size
    return saved
