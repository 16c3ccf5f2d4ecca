"""What code takes from ``lectures_lib``: names followed through notebook cells with ``ast``.

The book's Sphinx extension (:mod:`lectures_lib.book.api`) uses this to link each name in a
chapter's code to its API entry, and each API entry to the chapter sections that use it.

:class:`CodeScanner` reads cells in order, as a kernel runs them, and follows the names taken
from the package: ``from lectures_lib.x import a`` (also ``as b``), ``import lectures_lib.x as
m`` with ``m.f``, ``import lectures_lib.x`` with ``lectures_lib.x.f``, and an instance made
with ``v = Class(...)``, with ``v.method``. Assigning to a name, or a function parameter of
that name, hides it again. Every name is resolved to the object's *canonical key*
(:mod:`lectures_lib.book.object_keys`), so that a re-export such as
``lectures_lib.optim.SGD`` (defined in ``lectures_lib.optim.sgd``) and its documented name
meet.

**Importing is not using.** A name counts as used where the code reads it; the import line
itself is not a use (every chapter imports everything in its first cell, which would say
nothing about where an object matters). Import lines still get links.
"""

import ast
import importlib
import inspect
import re
from collections import namedtuple

from lectures_lib.book.object_keys import canonical_key

ROOT = "lectures_lib"
_MISSING = object()


#: What a name in the scanned code holds: the object (for an instance, its class), its
#: canonical key, and whether the name holds an instance of that class.
Binding = namedtuple("Binding", "obj key instance")


def _dotted(node):
    """``a.b.c`` as ``["a", "b", "c"]``; None unless the chain starts at a plain name."""
    chain = []
    while isinstance(node, ast.Attribute):
        chain.append(node.attr)
        node = node.value
    return [node.id, *reversed(chain)] if isinstance(node, ast.Name) else None


def _import(name):
    """The module ``name``, or None if it cannot be imported."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _ours(name):
    return name == ROOT or name.startswith(ROOT + ".")


class CodeScanner(ast.NodeVisitor):
    """Follow what code takes from ``lectures_lib``, cell after cell, as a kernel would.

    Parameters
    ----------
    namespace : dict, optional
        :class:`Binding` of each name, carried over from earlier cells; updated in place.
    links, uses : optional
        Shared with the scanner of an enclosing scope (a function body sees the cell's
        names but keeps its own local ones).

    Attributes
    ----------
    links : dict
        The last scanned cell's dotted names as written (``"SGD"``, ``"lp.new_figure"``,
        ``"net.loss"``, module paths of import lines) mapped to canonical keys.
    uses : list of str
        The canonical keys the cell reads, in order, repeats included; imports are not uses.

    Examples
    --------
    >>> scanner = CodeScanner()
    >>> links = scanner.scan("from lectures_lib.optim import SGD as S")
    >>> links["S"], links["lectures_lib.optim"]
    ('lectures_lib.optim.sgd.SGD', 'lectures_lib.optim')
    >>> scanner.uses
    []
    >>> _ = scanner.scan("opt = S([], lr=0.1)  # SGD in a comment\\nopt.update")
    >>> scanner.uses
    ['lectures_lib.optim.sgd.SGD', 'lectures_lib.optim.sgd.SGD.update']
    """

    def __init__(self, namespace=None, links=None, uses=None):
        for name, value, kind in (("namespace", namespace, dict), ("links", links, dict),
                                  ("uses", uses, list)):
            if value is not None and not isinstance(value, kind):
                raise TypeError(f"{name} must be a {kind.__name__} or None, got "
                                f"{type(value).__name__}")
        self.namespace = {} if namespace is None else namespace
        self.links = {} if links is None else links
        self.uses = [] if uses is None else uses

    def scan(self, source):
        """Scan one cell's source; returns :attr:`links` (IPython magics are skipped).

        A cell that is not valid Python, or imports from ``lectures_lib`` what does not exist,
        links nothing it cannot resolve (executing it fails, and says so).

        Raises
        ------
        TypeError
            If ``source`` is not a string.
        """
        if not isinstance(source, str):
            raise TypeError(f"source must be a cell's code as a string, got "
                            f"{type(source).__name__}")
        self.links, self.uses = {}, []
        if source.lstrip().startswith("%%"):
            return self.links
        plain = re.sub(r"(?m)^(\s*)[%!].*$", r"\1pass", source)
        try:
            tree = ast.parse(plain)
        except SyntaxError:
            return self.links
        self.visit(tree)
        return self.links

    def _bind(self, name, obj, fallback, instance=False):
        self.namespace[name] = Binding(obj, canonical_key(obj, fallback), instance)
        self.links.setdefault(name, self.namespace[name].key)

    def _use(self, chain, key):
        self.links.setdefault(chain, key)
        self.uses.append(key)

    def _child(self, shadowed):
        inner = {k: v for k, v in self.namespace.items() if k not in shadowed}
        return CodeScanner(inner, self.links, self.uses)

    def visit_Import(self, node):
        for alias in node.names:
            if not _ours(alias.name):
                self.namespace.pop(alias.asname or alias.name.split(".")[0], None)
                continue
            module = _import(alias.name)
            if module is None:  # no such module: nothing to follow
                self.namespace.pop(alias.asname or alias.name.split(".")[0], None)
                continue
            self.links[alias.name] = alias.name
            if alias.asname:
                self._bind(alias.asname, module, alias.name)
            else:
                self.namespace[ROOT] = Binding(importlib.import_module(ROOT), ROOT, False)

    def visit_ImportFrom(self, node):
        if node.level or not _ours(node.module or ""):
            for alias in node.names:
                self.namespace.pop(alias.asname or alias.name, None)
            return
        module = _import(node.module)
        if module is None:  # no such module: its names hold nothing we know
            for alias in node.names:
                self.namespace.pop(alias.asname or alias.name, None)
            return
        self.links[node.module] = node.module
        for alias in node.names:
            names = [alias.name]
            if alias.name == "*":
                names = getattr(module, "__all__", [n for n in vars(module) if n[0] != "_"])
            for name in names:
                obj = getattr(module, name, _MISSING)
                if obj is _MISSING:  # a submodule not imported by its package
                    obj = _import(f"{node.module}.{name}")
                    if obj is None:  # no such name: the cell fails when it runs
                        self.namespace.pop(alias.asname or name, None)
                        continue
                self._bind(alias.asname or name, obj, f"{node.module}.{name}")
                self.links.setdefault(name, self.namespace[alias.asname or name].key)

    def visit_Name(self, node):
        binding = self.namespace.get(node.id)
        if not isinstance(node.ctx, ast.Load):
            self.namespace.pop(node.id, None)
        elif binding and not binding.instance:
            self._use(node.id, binding.key)

    def visit_Attribute(self, node):
        chain = _dotted(node)
        if chain is None:
            self.generic_visit(node)
            return
        binding = self.namespace.get(chain[0])
        if binding is None:
            return
        if not binding.instance:
            self._use(chain[0], binding.key)
        obj, key = binding.obj, binding.key
        for i in range(1, len(chain)):
            if not (inspect.ismodule(obj) or inspect.isclass(obj)):
                return
            value = getattr(obj, chain[i], _MISSING)
            key = f"{key}.{chain[i]}" if value is _MISSING \
                else canonical_key(value, f"{key}.{chain[i]}")
            if not _ours(key):
                return
            self._use(".".join(chain[:i + 1]), key)
            obj = value

    def _class_called(self, value):
        """The lectures_lib class that ``value`` calls, if it is ``Class(...)``."""
        chain = _dotted(value.func) if isinstance(value, ast.Call) else None
        binding = self.namespace.get(chain[0]) if chain else None
        if binding is None or binding.instance:
            return None
        obj = binding.obj
        for attr in chain[1:]:
            obj = getattr(obj, attr, None)
        return obj if inspect.isclass(obj) and _ours(obj.__module__) else None

    def visit_Assign(self, node):
        self.visit(node.value)
        cls = self._class_called(node.value)
        for target in node.targets:
            self.visit(target)
            if cls is not None and isinstance(target, ast.Name):
                self.namespace[target.id] = Binding(cls, canonical_key(cls, ""), True)

    def visit_For(self, node):
        for child in [node.iter, node.target, *node.body, *node.orelse]:
            self.visit(child)

    def _visit_scope(self, node, body, arguments=None):
        """Visit a function, lambda, class or comprehension body in a scope of its own."""
        outer = list(getattr(node, "decorator_list", []))  # evaluated outside the scope
        if arguments is not None:
            outer += arguments.defaults + [d for d in arguments.kw_defaults if d is not None]
        for child in outer:
            self.visit(child)
        shadowed = {n.id for part in body for n in ast.walk(part)
                    if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
        if arguments is not None:
            shadowed |= {a.arg for a in ast.walk(arguments) if isinstance(a, ast.arg)}
        child = self._child(shadowed)
        for part in body:
            child.visit(part)
        if hasattr(node, "name"):
            self.namespace.pop(node.name, None)

    def visit_FunctionDef(self, node):
        self._visit_scope(node, node.body, node.args)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._visit_scope(node, [node.body], node.args)

    def visit_ClassDef(self, node):
        for child in [*node.bases, *node.keywords]:
            self.visit(child)
        self._visit_scope(node, node.body)

    def _visit_comprehension(self, node):
        for generator in node.generators:
            self.visit(generator.iter)
        parts = [getattr(node, "elt", None), getattr(node, "key", None),
                 getattr(node, "value", None), *[c for g in node.generators for c in g.ifs]]
        self._visit_scope(node, [g.target for g in node.generators] + list(filter(None, parts)))

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _visit_comprehension
