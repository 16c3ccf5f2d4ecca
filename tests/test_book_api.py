"""The API reference's pages and its links with the chapters (lectures_lib.book.api).

What the extension does is checked at three levels: the code scanner on small cells, the HTML
rewrite on small snippets, and a small Sphinx build (a notebook chapter and an API page, in
folders of different depths) whose pages must link to each other. The real chapters and the
real page table are checked too: every module documented once, every page in the toc, and the
chapters' uses found where the text says they are.
"""

import importlib
import io
import pkgutil
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from docutils import nodes

import lectures_lib
from lectures_lib.book import api as book_api, api_links, api_pages, notebooks
from lectures_lib.book.api_pages import API_PAGES, ApiPage, parse_entry
from lectures_lib.book.api_rst import page_rst
from lectures_lib.book.code_usage import CodeScanner
from lectures_lib.book.object_keys import canonical_key, documented_key

ROOT = Path(__file__).resolve().parents[1]
SGD = "lectures_lib.optim.sgd.SGD"
RUN = "lectures_lib.landscape.runs.run"


def scan(*cells):
    """Scan cells in order; return the last cell's links and every cell's uses."""
    scanner, uses = CodeScanner(), []
    for source in cells:
        links = scanner.scan(source)
        uses.append(scanner.uses)
    return links, uses


# --------------------------------------------------------------------------------------------
# The scanner


def test_an_import_is_not_a_use_but_gets_a_link():
    links, [uses] = scan("from lectures_lib.optim import SGD")
    assert uses == []
    assert links == {"lectures_lib.optim": "lectures_lib.optim", "SGD": SGD}


def test_a_name_is_used_where_a_later_cell_reads_it():
    _, uses = scan("from lectures_lib.optim import SGD\nimport torch",
                   "x = torch.zeros(3)", "opt = SGD([x], lr=0.1)")
    assert uses == [[], [], [SGD]]


def test_import_forms_and_aliases_resolve_to_the_same_object():
    links, [uses] = scan("from lectures_lib.landscape.runs import run as go\n"
                         "import lectures_lib.landscape.runs as ls\n"
                         "import lectures_lib.landscape.runs\n"
                         "go(1)\nls.run(2)\nlectures_lib.landscape.runs.run(3)")
    assert uses.count(RUN) == 3
    assert links["go"] == links["ls.run"] == links["lectures_lib.landscape.runs.run"] == RUN
    assert "run" in links  # the name as written in the import line, before "as"


def test_re_exports_resolve_to_where_the_object_is_defined():
    _, [uses] = scan("from lectures_lib import seed_everything\n"
                     "from lectures_lib.nn import MLP\nseed_everything(0)\nMLP(2, (3,), 2)")
    assert uses == ["lectures_lib.runtime.seed_everything", "lectures_lib.nn.mlp.MLP"]


def test_methods_of_classes_and_of_instances():
    _, [uses] = scan("from lectures_lib.nn.two_layer_net import TwoLayerNet\n"
                     "from lectures_lib.optim import SGD\n"
                     "SGD.update\nnet = TwoLayerNet(2, 3, 2)\nnet.loss\nnet = 5\nnet.loss")
    assert uses == [SGD, f"{SGD}.update", "lectures_lib.nn.two_layer_net.TwoLayerNet",
                    "lectures_lib.nn.two_layer_net.TwoLayerNet.loss"]  # once: net is 5 after


def test_strings_comments_and_other_libraries_are_not_uses():
    links, [uses] = scan('from lectures_lib.optim import SGD\nimport torch\n'
                         'label = "SGD"  # SGD in a comment\nopt = torch.optim.SGD\n'
                         'def f(SGD):\n    return SGD\n')
    assert uses == []
    assert "torch.optim.SGD" not in links and "label" not in links


def test_assigning_a_name_hides_the_import():
    _, uses = scan("from lectures_lib.landscape.runs import run", "run = 3\nrun", "run")
    assert uses == [[], [], []]
    _, uses = scan("from lectures_lib.landscape.runs import run", "[run for run in (1, 2)]", "run")
    assert uses == [[], [], [RUN]]  # a comprehension's variable is its own


def test_magics_and_broken_cells_do_not_stop_the_scan():
    _, uses = scan("%matplotlib inline\nfrom lectures_lib.landscape.runs import run",
                   "this is not python", "!ls\nrun(1)")
    assert uses == [[], [], [RUN]]


def test_documented_names_meet_the_uses():
    assert documented_key("lectures_lib.optim.SGD") == SGD  # autodoc's name for a re-export
    assert documented_key("lectures_lib.optim.SGD.update") == f"{SGD}.update"
    assert documented_key("lectures_lib.nn.mlp.MLP.layers") == "lectures_lib.nn.mlp.MLP.layers"
    assert documented_key("lectures_lib.optim") == "lectures_lib.optim"
    assert canonical_key(0.5, "lectures_lib.x.HALF") == "lectures_lib.x.HALF"


# --------------------------------------------------------------------------------------------
# Sections of a document


def cell(source):
    code = nodes.container(nb_element="cell_code", classes=["cell"])
    code += nodes.container("", nodes.literal_block(source, source),
                            nb_element="cell_code_source", classes=["cell_input"])
    return code


def section(ident, title, *children):
    return nodes.section("", nodes.title(title, title), *children, ids=[ident])


def test_uses_are_listed_once_per_innermost_section_in_order():
    doc = nodes.document(None, None)
    doc += section("chapter", "Chapter", cell("from lectures_lib.optim import SGD\nSGD"),
                   section("momentum", "Momentum", cell("SGD"), cell("SGD"),
                           section("nested", "Nested", cell("SGD.update"))),
                   section("plain", "Plain", cell("x = 1")),
                   section("again", "Again", cell("SGD")))
    usage = api_links.scan_doctree(doc)
    assert len(usage["cells"]) == 6
    assert [(key, anchor) for key, anchor, _ in usage["uses"]] == [
        (SGD, ""), (SGD, "momentum"), (SGD, "nested"), (f"{SGD}.update", "nested"),
        (SGD, "again")]
    assert [n.astext() for n in usage["uses"][1][2]] == ["Momentum"]


# --------------------------------------------------------------------------------------------
# Links in the highlighted code


def html_cell(*spans):
    return '<div class="cell_input docutils container"><pre>' + "".join(spans) + "</pre>"


def n(name):
    return f'<span class="n">{name}</span>'


DOT = '<span class="o">.</span>'


def href(key):
    return {SGD: "api/x.html#SGD", f"{SGD}.update": "api/x.html#SGD.update",
            "lectures_lib.optim": "api/x.html#module"}.get(key)


def linked(name, url):
    return f'<a class="reference internal api-link" href="{url}">{n(name)}</a>'


def test_names_from_lectures_lib_link_and_nothing_else_does():
    links = {"SGD": SGD, "SGD.update": f"{SGD}.update", "lectures_lib.optim": "lectures_lib.optim"}
    page = html_cell('<span class="nn">lectures_lib.optim</span> ', n("SGD"), " ", n("SGD"),
                     DOT, n("update"), " ", n("torch"), DOT, n("optim"), DOT, n("SGD"), " ",
                     '<span class="s2">"SGD"</span> <span class="c1"># SGD</span> ', n("model"),
                     " ", n("make"), '<span class="p">()</span>', DOT, n("SGD"))
    out = api_links.link_names(page, [links], href)
    assert out.count('class="reference internal api-link"') == 4
    assert out.endswith('<span class="p">()</span>' + DOT + n("SGD") + "</pre>")  # make().SGD
    assert ('<a class="reference internal api-link" href="api/x.html#module">'
            '<span class="nn">lectures_lib.optim</span></a>') in out
    assert linked("SGD", "api/x.html#SGD") + DOT + linked("update", "api/x.html#SGD.update") in out
    assert DOT + n("optim") + DOT + n("SGD") + " " in out  # torch.optim.SGD: untouched
    assert '<span class="s2">"SGD"</span> <span class="c1"># SGD</span> ' + n("model") in out


def test_a_keyword_argument_of_the_same_name_is_not_linked():
    page = html_cell(n("f"), '<span class="p">(</span>', n("SGD"), '<span class="o">=</span>')
    assert api_links.link_names(page, [{"SGD": SGD}], href) == page


def test_each_cell_uses_its_own_links_and_text_outside_cells_is_untouched():
    page = n("SGD") + html_cell(n("SGD")) + html_cell(n("SGD"))
    out = api_links.link_names(page, [{}, {"SGD": SGD}], href)
    assert out == n("SGD") + html_cell(n("SGD")) + html_cell(linked("SGD", "api/x.html#SGD"))
    union = api_links.link_names(page, [{"SGD": SGD}], href)  # counts differ: every cell links
    assert union.count("api-link") == 2 and union.startswith(n("SGD"))


# --------------------------------------------------------------------------------------------
# The page table


def documented_modules():
    return [parse_entry(entry) for page in API_PAGES for entry in page.modules]


def test_every_module_is_documented_exactly_once():
    whole = [module for module, members in documented_modules() if members is None
             or members == ()]
    assert len(whole) == len(set(whole)), "a module is documented on two pages"
    split = {}
    for module, members in documented_modules():
        if members:
            assert module not in whole, f"{module} is documented whole and by members"
            split.setdefault(module, []).extend(members)
    for module, members in split.items():
        assert sorted(members) == sorted(importlib.import_module(module).__all__), \
            f"{module}'s members must be split over pages exactly once"


def public_modules():
    for info in pkgutil.walk_packages(lectures_lib.__path__, "lectures_lib."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield info.name


def test_every_public_module_is_documented_or_re_exported_by_a_documented_package():
    documented = {module for module, _ in documented_modules()}
    for name in public_modules():
        if name in documented:
            continue
        module = importlib.import_module(name)
        parent = importlib.import_module(name.rpartition(".")[0])
        own = [obj for key, obj in vars(module).items() if not key.startswith("_")
               and getattr(obj, "__module__", None) == name]
        exported = {id(getattr(parent, key)) for key in getattr(parent, "__all__", [])}
        assert parent.__name__ in documented and all(id(obj) in exported for obj in own), \
            f"{name} is on no API page (add it to lectures_lib.book.api_pages.API_PAGES)"


def test_the_modules_of_the_one_page_reference_are_all_still_documented():
    before = {"lectures_lib", "lectures_lib.runtime", "lectures_lib.speed",
              "lectures_lib.divergence", "lectures_lib.nn.losses", "lectures_lib.nn.gradients",
              "lectures_lib.optim.descent", "lectures_lib.nn.backprop",
              "lectures_lib.viz.linear_classifier_demo", "lectures_lib.lecture_examples",
              "lectures_lib.nn.regularization", "lectures_lib.nn.augmentation",
              "lectures_lib.nn.two_layer_net", "lectures_lib.nn.numpy_net", "lectures_lib.nn.mlp",
              "lectures_lib.landscape.convexity", "lectures_lib.training", "lectures_lib.history",
              "lectures_lib.tuning", "lectures_lib.optim", "lectures_lib.optim.momentum_forms",
              "lectures_lib.optim.adam_forms",
              "lectures_lib.landscape.theory", "lectures_lib.landscape.landscapes", "lectures_lib.viz.landscape_plots",
              "lectures_lib.landscape.objectives", "lectures_lib.landscape.curvature", "lectures_lib.optim.line_search",
              "lectures_lib.optim.newton", "lectures_lib.optim.diagonal_scaling",
              "lectures_lib.viz.second_order_plots", "lectures_lib.metrics",
              "lectures_lib.viz.metric_plots", "lectures_lib.data", "lectures_lib.viz.plots",
              "lectures_lib.viz.widgets", "lectures_lib.book.source", "lectures_lib.book.notebooks",
              "lectures_lib.book.build"}
    existing = set(public_modules()) | {"lectures_lib"}
    assert before <= existing, f"moved or gone, update this list: {sorted(before - existing)}"
    assert before <= {module for module, _ in documented_modules()}


def test_every_page_has_its_file_and_its_place_in_the_toc_in_order():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    entries = [c for part in toc["parts"] for c in part["chapters"] if c["file"] == "book/api"]
    assert len(entries) == 1, "_toc.yml must list book/api once, with the pages as sections"
    assert [s["file"] for s in entries[0]["sections"]] == [f"book/api/{p.name}" for p in API_PAGES]
    files = sorted(p.stem for p in (ROOT / "book" / "api").glob("*.md"))
    assert files == sorted(p.name for p in API_PAGES)
    for page in API_PAGES:
        text = (ROOT / "book" / "api" / f"{page.name}.md").read_text()
        assert re.search(r"^```\{api-page\}\s*$", text, re.M), f"{page.name}.md: no {{api-page}}"
        assert re.match(r"# \S", text), f"{page.name}.md must start with its title"
    assert "```{api-index}" in (ROOT / "book" / "api.md").read_text()


@pytest.mark.parametrize("page", API_PAGES, ids=lambda p: p.name)
def test_every_page_documents_its_modules(page):
    rst = "\n".join(page_rst(page))
    for entry in page.modules:
        module, members = parse_entry(entry)
        assert f"``{module}``" in rst
        if members:
            for name in members:
                assert re.search(rf"(:members:.*\b{name}\b|auto\w+:: {module}\.{name}$)", rst,
                                 re.M), f"{module}.{name} is not on {page.name}"
        else:
            assert f".. automodule:: {module}\n" in rst + "\n"


def test_a_split_module_is_introduced_once_then_continued():
    pages = [ApiPage("a", "A", ["lectures_lib.optim: SGD"]),
             ApiPage("b", "B", ["lectures_lib.optim: Adam", "lectures_lib.landscape.theory:"])]
    first, second = "\n".join(page_rst(pages[0], pages)), "\n".join(page_rst(pages[1], pages))
    assert ".. automodule:: lectures_lib.optim\n   :members: SGD" in first
    assert "automodule:: lectures_lib.optim" not in second
    assert ".. autoclass:: lectures_lib.optim.Adam\n   :members:" in second
    assert ".. automodule:: lectures_lib.landscape.theory\n\n" in second + "\n"  # docstring alone


# --------------------------------------------------------------------------------------------
# A small build: a chapter and an API page link to each other


CHAPTER = [
    ("markdown", "# A demo chapter"),
    ("code", "import torch\nfrom lectures_lib.optim import SGD\n"
             "from lectures_lib.landscape.moving_average import ewma\n"
             "import lectures_lib.landscape.landscapes as ls"),
    ("markdown", "## Momentum"),
    ("code", 'opt = SGD([torch.zeros(1, requires_grad=True)], lr=0.1)  # SGD\n'
             'name = "SGD"\nother = torch.optim.SGD\nopt.update'),
    ("markdown", "### A nested section"),
    ("code", "ls.quadratic(kappa=2.0)\nSGD"),
    ("markdown", "## Nothing here"),
    ("code", "x = 1"),
]
MORE = [("markdown", "# More"), ("markdown", "## Again"),
        ("code", "from lectures_lib.optim import SGD\nSGD")]


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = tmp_path_factory.mktemp("book")
    (src / "conf.py").write_text(
        'extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", '
        '"lectures_lib.book.api"]\nnb_execution_mode = "off"\nroot_doc = "index"\n'
        'exclude_patterns = ["_build"]\n')
    (src / "index.md").write_text("# Book\n\n```{toctree}\nchapters/01_demo\nchapters/02_more\n"
                                  "chapters/03_text\nref/api\n```\n")
    (src / "chapters").mkdir()
    for name, cells in [("01_demo", CHAPTER), ("02_more", MORE)]:
        nb = nbformat.v4.new_notebook(metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"}})
        nb.cells = [nbformat.v4.new_markdown_cell(s) if kind == "markdown"
                    else nbformat.v4.new_code_cell(s) for kind, s in cells]
        nbformat.write(nb, src / "chapters" / f"{name}.ipynb")
    (src / "chapters" / "03_text.md").write_text("# Text only\n\nNo code here.\n")
    (src / "ref" / "api").mkdir(parents=True)
    (src / "ref" / "api.md").write_text("# API\n\n```{api-index}\n```\n\n"
                                        "```{toctree}\n:hidden:\napi/optimizers\n```\n")
    (src / "ref" / "api" / "optimizers.md").write_text("# Optimizers\n\n```{api-page}\n```\n")
    pages = [ApiPage("optimizers", "Some optimizers",
                     ["lectures_lib.optim: SGD", "lectures_lib.landscape.moving_average"])]
    warnings = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, docutils_namespace():  # leaves docutils as it was
        mp.setattr(api_pages, "API_PAGES", pages)
        app = Sphinx(str(src), str(src), str(src / "_build"), str(src / "_build" / ".doctrees"),
                     "html", status=None, warning=warnings, freshenv=True, parallel=2)
        app.build()
    out = src / "_build"
    return {"chapter": (out / "chapters" / "01_demo.html").read_text(),
            "api": (out / "ref" / "api" / "optimizers.html").read_text(),
            "index": (out / "ref" / "api.html").read_text(), "out": out,
            "warnings": warnings.getvalue()}


def test_the_small_build_has_no_warnings(small_book):
    assert small_book["warnings"] == ""


def anchor_exists(out, page, href):
    path, _, anchor = href.partition("#")
    target = (out / Path(page).parent / path).resolve()
    return target.exists() and f'id="{anchor}"' in target.read_text()


def test_the_chapter_links_its_lectures_lib_names_to_the_api_page(small_book):
    chapter = small_book["chapter"]
    links = re.findall(r'<a class="reference internal api-link" href="([^"]+)"><span class="n">'
                       r'(\w+)</span></a>', chapter)
    assert ("../ref/api/optimizers.html#lectures_lib.optim.SGD", "SGD") in links
    assert ("../ref/api/optimizers.html#lectures_lib.optim.SGD.update", "update") in links
    assert ("../ref/api/optimizers.html#lectures_lib.landscape.moving_average.ewma", "ewma") in links
    assert {name for _, name in links} == {"SGD", "update", "ewma"}  # not torch, not opt
    for url, _ in links:
        assert anchor_exists(small_book["out"], "chapters/01_demo.html", url), url
    assert re.search(r'<span class="s2">(&quot;|")SGD(&quot;|")</span>', chapter)  # a string
    assert 'optim</span><span class="o">.</span><span class="n">SGD</span>' in chapter
    assert 'href="../_static/lectures-api.css' in chapter
    assert (small_book["out"] / "_static" / "lectures-api.css").exists()


def test_the_api_page_says_where_each_object_is_used(small_book):
    api = small_book["api"]
    used = dict(re.findall(r'<dt class="sig[^>]*id="([\w.]+)">.*?</dt>\s*<dd>'
                           r'(?:<p class="api-used-in">(.*?)</p>)?', api, re.S))
    sgd = re.findall(r'href="([^"]+)"', used["lectures_lib.optim.SGD"])
    assert sgd == ["../../chapters/01_demo.html", "../../chapters/01_demo.html#momentum",
                   "../../chapters/01_demo.html#a-nested-section",
                   "../../chapters/02_more.html", "../../chapters/02_more.html#again"]
    assert re.findall(r">(Chapter \d)<", used["lectures_lib.optim.SGD"]) == ["Chapter 1",
                                                                         "Chapter 2"]
    assert "§A nested section" in used["lectures_lib.optim.SGD"]
    assert "#momentum" in used["lectures_lib.optim.SGD.update"]
    assert not used["lectures_lib.landscape.moving_average.ewma"]  # imported, never used
    for url in sgd:
        assert anchor_exists(small_book["out"], "ref/api/optimizers.html", url) or \
            "#" not in url
    assert 'href="api/optimizers.html"' in small_book["index"]


# --------------------------------------------------------------------------------------------
# The real chapters


@pytest.fixture(scope="module")
def chapters():
    """Each chapter's uses, from its doctree as myst-nb parses it (no execution, no files)."""
    from docutils.core import publish_doctree
    from myst_nb.docutils_ import Parser

    uses = {}
    for number, path in enumerate(notebooks.chapters(), start=1):
        doctree = publish_doctree(path.read_text(), source_path=str(path), parser=Parser(),
                                  settings_overrides={"nb_execution_mode": "off",
                                                      "doctitle_xform": False,
                                                      "report_level": 5,
                                                      "nb_output_folder": ""})
        uses[number] = api_links.scan_doctree(doctree)["uses"]
    return uses


def sections(chapters, number, key):
    return [anchor for k, anchor, _ in chapters[number] if k == key]


def test_the_real_chapters_use_the_optimizers_where_the_text_says(chapters):
    assert "nesterov-momentum-in-both-forms" in sections(chapters, 3, SGD)
    assert "sgd-momentum-in-both-of-the-slides-forms" in sections(chapters, 3, f"{SGD}.update")
    assert "adagrad-a-learning-rate-per-weight" in sections(
        chapters, 4, "lectures_lib.optim.adagrad.Adagrad")
    assert sections(chapters, 3, "lectures_lib.optim.adagrad.Adagrad") == []
    assert "lectures_lib.optim.limited_memory.lbfgs" in {k for k, _, _ in chapters[5]}


def test_every_use_in_the_chapters_is_an_object_of_lectures_lib(chapters):
    keys = {k for uses in chapters.values() for k, _, _ in uses}
    assert keys and all(k.startswith("lectures_lib.") for k in keys)


BUILT = ROOT / "_build" / "html" / "book"


@pytest.mark.skipif(not (BUILT / "api").is_dir(), reason="the book is not built (make book)")
@pytest.mark.parametrize("page", API_PAGES, ids=lambda p: p.name)
def test_the_built_page_is_small_and_holds_its_modules(page):
    html = (BUILT / "api" / f"{page.name}.html").read_text()
    assert len(html.encode()) < 300_000, f"{page.name}.html is over 300 KB: split the page"
    for entry in page.modules:
        module, members = parse_entry(entry)
        for name in members or ():
            assert f'id="{module}.{name}"' in html, f"{module}.{name} is not on {page.name}"
        if members is None:
            assert f'id="module-{module}"' in html, f"{module} is not on {page.name}"

