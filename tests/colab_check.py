"""Execute every chapter as Colab would, with Colab's preinstalled versions (``make colab-check``).

Usage::

    python3.13 tests/colab_check.py            # what `make colab-check` runs

1. A Python 3.13 virtual environment with the versions in ``tests/colab_versions.txt`` (numpy
   2.1, torch 2.9.1, ipywidgets 7.7.1, matplotlib 3.10, ...) is built once and kept outside the
   repository, in ``~/.cache/lectures-lib-colab/<hash>/`` (``$LECTURES_LIB_COLAB_CACHE``
   overrides the folder), where the hash is the sha256 of that file and the Python version; a
   fresh clone reuses it, and it is rebuilt only when the hash changes (environments for
   other hashes are then deleted; one check runs at a time per machine). Its kernel spec
   (``colab-py313``, installed with ``--sys-prefix``) imports a stand-in ``google.colab`` at
   start, as Colab's kernel has it imported, so a chapter's setup cell takes its Colab branch.
   pip runs there without this machine's pip configuration (local indexes, constraints), as in
   Colab.
2. lectures_lib is installed as the setup cell installs it, ``pip install "lectures_lib @
   git+<repository>@<ref>"``, from this checkout instead of the repository URL (its HEAD
   commit; or, when the library's files differ from HEAD, a copy of the working tree). First
   ``pip install --dry-run --report`` must show that nothing already installed would be
   upgraded, downgraded or reinstalled; otherwise the check fails naming the package, the
   installed version and the one pip wanted.
3. Every chapter of ``_toc.yml`` runs top to bottom in that kernel, two at a time, in an empty
   folder (Colab has only the notebook), with ``OMP_NUM_THREADS=1`` and
   ``LECTURES_LIB_PROGRESS=0`` and without ``LECTURES_LIB_BOOK`` (no book mode in Colab). The
   setup cell runs as written, except that the argument of its ``pip install`` of lectures_lib
   becomes ``lectures_lib==<the version step 2 installed>``, which pip finds satisfied (so two
   kernels never reinstall it at once); a cell added before it does the redirection and one
   after it checks that the setup cell did pip install lectures_lib (and nothing else) and
   enabled the custom widget manager. Any cell error or output on stderr (warnings) fails.
4. After the last cell, in the same kernel, every control of every ``InteractiveFigure`` is set
   to each value the book offers for it (``offline_values.control_values``) and back to its
   start; each move must leave no error under the controls (a ``DivergenceError`` message is
   expected for a too-large learning rate) and a new, non-empty PNG. The linear-classifier
   demo (a ``BookHBox``) gets its buttons clicked and its play widget stepped, each of which
   must change its picture, and its settings moved, each of which must redraw a PNG (a new
   step size shows only at the next update).
"""

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ROOT / "tests" / "colab_versions.txt"
KERNEL = "colab-py313"
PACKAGE = "lectures_lib"

#: The stand-in for Colab's ``google.colab`` (only what the setup cells use). ``google`` stays
#: a namespace package, so other ``google.*`` distributions still import.
STUB = {
    "google/colab/__init__.py": '"""Stand-in for Colab\'s google.colab (tests/colab_check.py)."""\n'
                                "from google.colab import output\n",
    "google/colab/output.py": '"""Stand-in for google.colab.output: widget-manager switches."""\n'
                              "custom_widget_manager_enabled = False\n\n\n"
                              "def enable_custom_widget_manager():\n"
                              "    global custom_widget_manager_enabled\n"
                              "    custom_widget_manager_enabled = True\n\n\n"
                              "def disable_custom_widget_manager():\n"
                              "    global custom_widget_manager_enabled\n"
                              "    custom_widget_manager_enabled = False\n",
}


def pip_env():
    """The environment pip runs in here: no local pip configuration, as in Colab.

    This machine's pip.conf adds local indexes and find-links (whose warnings go to stderr) and a
    constraints file; they are for the main .venv, not for a copy of Colab.
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") or k in ("PIP_CERT", "PIP_DEFAULT_TIMEOUT")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_FIND_LINKS="", PIP_CONSTRAINT="",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_ROOT_USER_ACTION="ignore")
    return env


# --------------------------------------------------------------------------------------------
# Step 1 (run by the base Python 3.13): the cached virtual environment
# --------------------------------------------------------------------------------------------

def cache_dir(python):
    """``~/.cache/lectures-lib-colab/<hash>``: hash of the versions file and the Python version."""
    version = subprocess.run([python, "-c", "import sys; print(sys.version)"], check=True,
                             capture_output=True, text=True).stdout.strip()
    digest = hashlib.sha256(VERSIONS.read_bytes() + b"\0" + version.encode()).hexdigest()[:16]
    base = os.environ.get("LECTURES_LIB_COLAB_CACHE") or (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lectures-lib-colab")
    return Path(base) / digest


def build_venv(python, venv):
    """Create ``venv`` with the pinned versions and the kernel spec, unless already complete."""
    stamp = venv / ".complete"
    if stamp.exists():
        print(f"colab-check: reusing the Colab environment {venv}", flush=True)
        return False
    if venv.exists():
        shutil.rmtree(venv)  # an interrupted build
    print(f"colab-check: building the Colab environment {venv} (once; torch's CUDA wheels are "
          f"several GB, a few minutes)", flush=True)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    vpy = str(venv / "bin" / "python")
    subprocess.run([vpy, "-m", "pip", "install", "--quiet", "-r", str(VERSIONS)], check=True,
                   env=pip_env())
    subprocess.run([vpy, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL,
                    "--display-name", "Python 3.13 (Colab versions)"], check=True,
                   stdout=subprocess.DEVNULL,
                   env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    stamp.write_text(VERSIONS.read_text())
    return True


def write_stub_and_kernel(venv):
    """(Re)write the ``google.colab`` stand-in and point the kernel spec at it (every run)."""
    stub = venv / "colab-stub"
    for name, text in STUB.items():
        (stub / name).parent.mkdir(parents=True, exist_ok=True)
        (stub / name).write_text(text)
    spec_file = venv / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json"
    spec = json.loads(spec_file.read_text())
    spec["argv"] = [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f",
                    "{connection_file}", "--IPKernelApp.exec_lines=import google.colab"]
    spec["env"] = {"PYTHONPATH": str(stub)}
    spec_file.write_text(json.dumps(spec, indent=1))


def outer(args):
    started = time.perf_counter()
    venv = cache_dir(args.python)
    venv.parent.mkdir(parents=True, exist_ok=True)
    # One check at a time per machine: each installs lectures_lib into the shared environment.
    with open(venv.parent / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("colab-check: waiting for another colab-check to finish", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        build_started = time.perf_counter()
        built = build_venv(args.python, venv)
        if built:
            print(f"[time] Colab environment built: {time.perf_counter() - build_started:.0f} s",
                  flush=True)
            for old in venv.parent.iterdir():  # environments for older pins: GBs each
                if old.is_dir() and old != venv:
                    shutil.rmtree(old, ignore_errors=True)
        write_stub_and_kernel(venv)
        inner = [str(venv / "bin" / "python"), __file__, "--inner", "--jobs", str(args.jobs),
                 "--timeout", str(args.timeout), *(args.chapters or [])]
        rc = subprocess.run(inner).returncode
    total = time.perf_counter() - started
    how = "environment built" if built else "environment reused"
    print(f"[time] colab-check: {total:.0f} s in all ({how})"
          f" -> {'ok' if rc == 0 else 'FAILED'}")
    return rc


# --------------------------------------------------------------------------------------------
# Step 2 (run inside the Colab environment): install lectures_lib as the setup cell does
# --------------------------------------------------------------------------------------------

def pip(*args, capture=False):
    return subprocess.run([sys.executable, "-m", "pip", *args], env=pip_env(), text=True,
                          capture_output=capture)


def package_source(workdir):
    """The requirement the setup cell's ``git+{REPOSITORY}@{BRANCH}`` becomes here.

    HEAD of this checkout, as Colab gets the pushed branch, when the files that make the
    package are as committed (a fresh clone, CI); otherwise a copy of them from the working
    tree (pip would build in the tree itself and leave ``build/`` there).
    """
    files = [PACKAGE, "pyproject.toml", "README.md"]
    dirty = subprocess.run(["git", "status", "--porcelain", "--", *files], cwd=ROOT,
                           capture_output=True, text=True)
    if dirty.returncode == 0 and not dirty.stdout.strip():
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
        return f"{PACKAGE} @ git+file://{ROOT}@{head}", f"HEAD {head[:10]} of {ROOT}"
    copy = Path(workdir) / "src"
    shutil.copytree(ROOT / PACKAGE, copy / PACKAGE,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, copy / name)
    return (f"{PACKAGE} @ {copy.as_uri()}",
            f"a copy of the working tree (it differs from HEAD: "
            f"{len(dirty.stdout.splitlines())} changed file(s))")


def installed_versions():
    from importlib import metadata

    return {_norm(d.metadata["Name"]): d.version for d in metadata.distributions()}


def _norm(name):
    return name.lower().replace("_", "-").replace(".", "-")


def install(spec, workdir):
    """Dry-run, refuse any change to a preinstalled package, then install for real.

    pip builds the wheel from ``spec`` once (as the setup cell's pip does from the git URL);
    the dry run and the install then use that wheel.
    """
    timings = {}
    started = time.perf_counter()
    pip("uninstall", "--quiet", "--yes", PACKAGE, capture=True)  # fresh each run
    before = installed_versions()
    wheels = Path(workdir) / "wheels"
    run = pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), spec, capture=True)
    if run.returncode:
        return [f"pip could not build {spec!r}:\n{run.stdout}{run.stderr}"], timings
    wheel = str(next(wheels.glob("*.whl")))
    timings["build"] = time.perf_counter() - started
    started = time.perf_counter()
    report = Path(workdir) / "pip-report.json"
    run = pip("install", "--quiet", "--dry-run", "--report", str(report), wheel, capture=True)
    if run.returncode:
        return [f"pip install --dry-run of {spec!r} failed:\n{run.stdout}{run.stderr}"], timings
    problems, added = [], []
    for item in json.loads(report.read_text()).get("install", []):
        name, wanted = item["metadata"]["name"], item["metadata"]["version"]
        if _norm(name) == _norm(PACKAGE):
            continue
        if _norm(name) in before:
            problems.append(f"the setup cell's pip install would change the preinstalled "
                            f"{name}: installed {before[_norm(name)]}, pip wanted {wanted}")
        else:
            added.append(f"{name} {wanted}")
    timings["dry run"] = time.perf_counter() - started
    if added:
        print(f"  pip would add (not preinstalled here): {', '.join(added)}")
    if problems:
        return problems, timings
    started = time.perf_counter()
    run = pip("install", "--quiet", wheel, capture=True)
    if run.returncode or run.stderr.strip():  # pip's warnings too: a setup cell would show them
        return [f"pip install of {spec!r} failed or warned:\n{run.stdout}{run.stderr}"], timings
    after = installed_versions()
    changed = [f"installing lectures_lib changed {name}: {version} -> {after.get(name)}"
               for name, version in before.items() if after.get(name) != version]
    timings["install"] = time.perf_counter() - started
    return changed, timings


# --------------------------------------------------------------------------------------------
# Steps 3 and 4: execute each chapter, then move every widget in its kernel
# --------------------------------------------------------------------------------------------

#: Before the setup cell: redirect its ``pip install "lectures_lib @ git+..."`` to this checkout
#: and remember what it installed. Everything else in the setup cell runs as written.
REDIRECT = r"""
import subprocess as _cc_subprocess, sys as _cc_sys
assert "google.colab" in _cc_sys.modules, "the kernel did not import the stand-in google.colab"
_cc_run, _cc_calls = _cc_subprocess.run, []

def _cc_redirect(cmd, *args, **kwargs):
    cmd = list(cmd) if isinstance(cmd, (list, tuple)) else cmd
    if isinstance(cmd, list) and "pip" in map(str, cmd) and "install" in map(str, cmd):
        new = []
        for arg in map(str, cmd):
            if arg.replace(" ", "").startswith("lectures_lib@") or arg == "lectures_lib":
                _cc_calls.append(("lectures_lib", arg))
                arg = %(spec)r
            elif not arg.startswith("-") and arg not in ("pip", "install", _cc_sys.executable):
                _cc_calls.append(("other", arg))
            new.append(arg)
        cmd = new
    return _cc_run(cmd, *args, **kwargs)

_cc_subprocess.run = _cc_redirect
"""

#: After the setup cell: it must have installed lectures_lib (only) and enabled the manager.
AFTER_SETUP = r"""
_cc_subprocess.run = _cc_run
import google.colab.output as _cc_output
_cc_installed = [a for kind, a in _cc_calls if kind == "lectures_lib"]
_cc_other = [a for kind, a in _cc_calls if kind == "other"]
assert _cc_installed, "the setup cell did not pip install lectures_lib under google.colab"
assert not _cc_other, f"the setup cell also installs {_cc_other}"
assert _cc_output.custom_widget_manager_enabled, \
    "the setup cell did not call google.colab.output.enable_custom_widget_manager()"
import lectures_lib as _cc_ll
assert "site-packages" in _cc_ll.__file__, f"lectures_lib imported from {_cc_ll.__file__}"
"""

#: After the last cell: move every control of every widget the chapter made.
PROBE = r"""
import gc as _gc, json as _json, time as _time
import ipywidgets as _w
from lectures_lib.viz.widgets import InteractiveFigure as _IF, BookHBox as _Box
from lectures_lib.viz.offline_values import control_values as _values

_PNG = b"\x89PNG\r\n\x1a\n"

def _image_problem(before, after):
    if not after or not after.startswith(_PNG):
        return "the picture is empty or not a PNG"
    if after == before:
        return "the picture did not change"
    return ""

def _probe_figure(widget):
    problems, moves = [], 0
    name = getattr(widget.draw, "__name__", "?")
    for key, control in widget.controls.items():
        start = control.value
        for value in [*_values(control)[0], start]:
            if value == control.value:
                continue
            before = bytes(widget.image.value)
            control.value = value
            moves += 1
            where = f"{name}: {key}={value!r}"
            message = widget.message.value
            if "<pre" in message:
                if "DivergenceError" not in message:
                    problems.append(f"{where}: error under the controls: {message}")
                continue
            if message:
                problems.append(f"{where}: message left under the controls: {message!r}")
            problem = _image_problem(before, bytes(widget.image.value))
            if problem:
                problems.append(f"{where}: {problem}")
        if control.value != start:
            problems.append(f"{name}: {key} did not return to {start!r}")
    return {"widget": name, "controls": len(widget.controls), "moves": moves, "problems": problems}

def _descendants(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)

def _probe_box(box):
    parts = list(_descendants(box))
    images = [p for p in parts if isinstance(p, _w.Image)]
    problems, moves, controls = [], 0, 0
    if not images:
        return {"widget": type(box).__name__, "controls": 0, "moves": 0,
                "problems": ["no Image in the widget"]}
    def act(label, action, must_change=True):
        nonlocal moves
        before = [bytes(i.value) for i in images]
        action()
        moves += 1
        after = [bytes(i.value) for i in images]
        if not all(a and a.startswith(_PNG) for a in after):
            problems.append(f"{label}: a picture is empty or not a PNG")
        elif must_change and after == before:
            problems.append(f"{label}: the picture did not change")
    for part in parts:
        if isinstance(part, _w.Button):
            controls += 1
            act(f"button {part.description!r}", part.click)
        elif isinstance(part, _w.Play):
            controls += 1
            for _ in range(2):
                act(f"play {getattr(part, 'description', '')!r} step",
                    lambda: setattr(part, "value", part.value + 1))
        elif isinstance(part, (_w.FloatSlider, _w.IntSlider, _w.FloatLogSlider, _w.Dropdown,
                               _w.SelectionSlider)):
            # a setting (step size, ...) shows only at the next update: it must redraw, not change
            controls += 1
            start = part.value
            for value in [*_values(part)[0], start]:
                if value != part.value:
                    act(f"{part.description}={value!r}", lambda: setattr(part, "value", value),
                        must_change=False)
    return {"widget": type(box).__name__, "controls": controls, "moves": moves,
            "problems": problems}

# type(), not isinstance(): isinstance reads __class__, which some of torch's module-level
# objects answer with a deprecation warning
_objects = _gc.get_objects()
_figures = [o for o in _objects if issubclass(type(o), _IF)]
_boxes = [o for o in _objects if issubclass(type(o), _Box)]
del _objects
_report = [_probe_figure(o) for o in _figures] + [_probe_box(o) for o in _boxes]
print("COLAB-PROBE" + _json.dumps(_report))
"""

MARK = "# colab-check:"


def prepare(nb, spec):
    """The chapter with the redirect/check cells around its setup cell and the probe at the end.

    Returns the notebook and, per cell index, the chapter's own code-cell number (or None).
    """
    import nbformat

    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    if not code or "google.colab" not in nb.cells[code[0]].source:
        raise ValueError("its first code cell is not a Colab setup cell (no 'google.colab')")
    numbers, n = {}, 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            n += 1
            numbers[id(cell)] = n
    first = code[0]
    cells = (nb.cells[:first]
             + [nbformat.v4.new_code_cell(f"{MARK} redirect pip\n" + REDIRECT % {"spec": spec})]
             + [nb.cells[first]]
             + [nbformat.v4.new_code_cell(f"{MARK} after the setup cell\n" + AFTER_SETUP)]
             + nb.cells[first + 1:]
             + [nbformat.v4.new_code_cell(f"{MARK} move every widget\n" + PROBE)])
    nb.cells = cells
    return nb, [numbers.get(id(c)) for c in cells]


def _plain(text):
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def run_chapter(path, spec, timeout):
    """Execute one chapter as Colab would; return (seconds, widget reports, problems)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    started = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    try:
        nb, numbers = prepare(nb, spec)
    except ValueError as err:
        return 0.0, [], [f"{path.stem}: {err}"]
    env = {k: v for k, v in pip_env().items()
           if k not in ("LECTURES_LIB_BOOK", "PYTHONPATH", "MPLBACKEND", "VIRTUAL_ENV")}
    env.update(LECTURES_LIB_PROGRESS="0", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    problems = []
    with tempfile.TemporaryDirectory(prefix=f"colab-{path.stem}-") as cwd:  # only the notebook
        client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL,
                                shutdown_kernel="immediate", resources={"metadata": {"path": cwd}})
        try:
            client.execute(env=env)
        except CellExecutionError:
            pass  # reported below from the cell's outputs
        except Exception as err:  # a timeout, a dead kernel
            last = (_plain(str(err)).strip().splitlines() or [""])[-1]
            problems.append(f"{path.stem}: execution stopped: {type(err).__name__}: {last}")
    report = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if numbers[index] is not None:
            where = (f"{path.stem}, code cell {numbers[index]} "
                     f"(starts {cell.source.splitlines()[0][:60]!r})")
        else:
            where = f"{path.stem}, {cell.source.splitlines()[0][len(MARK):].strip()} (check cell)"
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                tail = _plain("\n".join(out.get("traceback", [])[-3:]))
                problems.append(f"{where}: {out.get('ename')}: {_plain(out.get('evalue', ''))}"
                                f"\n    {tail.strip().replace(chr(10), chr(10) + '    ')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"{where}: wrote to stderr: {out.get('text', '').strip()[:600]}")
            elif (numbers[index] is None and out.get("output_type") == "stream"
                  and "COLAB-PROBE" in out.get("text", "")):
                report = json.loads(out["text"].split("COLAB-PROBE", 1)[1])
    for widget in report:
        problems += [f"{path.stem}, widget {widget['widget']}: {p}" for p in widget["problems"]]
    return time.perf_counter() - started, report, problems


def print_versions():
    import platform
    from importlib import metadata

    names = ["numpy", "torch", "ipywidgets", "matplotlib", "scikit-learn", "scipy", "ipykernel",
             "ipython", "widgetsnbextension", "jupyterlab_widgets"]
    print(f"colab-check: Python {platform.python_version()}, "
          + ", ".join(f"{n} {metadata.version(n)}" for n in names), flush=True)


def inner(args):
    import concurrent.futures

    print_versions()
    workdir = tempfile.mkdtemp(prefix="colab-check-")
    try:
        spec, where = package_source(workdir)
        print(f"colab-check: installing lectures_lib as the setup cell does, from {where}",
              flush=True)
        problems, timings = install(spec, workdir)
        if problems:
            print("colab-check FAILED: installing lectures_lib as the setup cell does:")
            for line in problems:
                print(f"  {line}")
            return 1
        from importlib import metadata

        version = metadata.version(PACKAGE)
        print(f"  installed lectures_lib {version}; nothing preinstalled changed ("
              + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()) + ")", flush=True)
        # The setup cells' own pip install finds this one installed and does nothing (a URL to
        # a folder would rebuild and reinstall it, two kernels at once).
        redirect = f"{PACKAGE}=={version}"

        from lectures_lib.book.notebooks import chapters as _chapters  # reads _toc.yml (PyYAML)

        paths = [p for p in _chapters(ROOT)
                 if not args.chapters or any(c in p.stem for c in args.chapters)]
        print(f"colab-check: executing {len(paths)} chapter(s), {args.jobs} at a time, then "
              f"moving every widget", flush=True)
        results, failures = {}, []
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {pool.submit(run_chapter, p, redirect, args.timeout): p for p in paths}
            for future in concurrent.futures.as_completed(futures):
                path = futures[future]
                seconds, report, problems = future.result()
                results[path] = (seconds, report, problems)
                status = "ok" if not problems else f"FAILED ({len(problems)} problem(s))"
                print(f"  {path.stem}: {seconds:.1f} s, {len(report)} widget(s), "
                      f"{sum(w['controls'] for w in report)} control(s), "
                      f"{sum(w['moves'] for w in report)} move(s): {status}", flush=True)
                failures += problems
        print(f"\n{'chapter':24}{'seconds':>8}{'widgets':>9}{'controls':>10}{'moves':>7}  status")
        for path in paths:
            seconds, report, problems = results[path]
            print(f"{path.stem:24}{seconds:8.1f}{len(report):9d}"
                  f"{sum(w['controls'] for w in report):10d}{sum(w['moves'] for w in report):7d}"
                  f"  {'FAILED' if problems else 'ok'}")
        widgets = [w for s, r, p in results.values() for w in r]
        if not args.chapters and not any(w["widget"] == "BookHBox" for w in widgets):
            failures.append("no linear-classifier demo (BookHBox) found in any chapter")
        print(f"{'all chapters':24}{sum(s for s, r, p in results.values()):8.1f}{len(widgets):9d}"
              f"{sum(w['controls'] for w in widgets):10d}{sum(w['moves'] for w in widgets):7d}")
        if failures:
            print(f"\ncolab-check FAILED: {len(failures)} problem(s) under Colab's versions:")
            for line in failures:
                print(f"  {line}")
            return 1
        print("colab-check: every chapter ran and every widget redrew under Colab's versions")
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*",
                        help="only the chapters whose name contains one of these")
    parser.add_argument("--python", default=sys.executable,
                        help="the Python 3.13 to build the environment with (default: this one)")
    parser.add_argument("--jobs", type=int, default=2, help="chapters executed at once (default 2)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return inner(args) if args.inner else outer(args)


if __name__ == "__main__":
    sys.exit(main())
