"""Start-up cost: keep modules that a run never uses from being imported by the ones it does.

Two imports cost far more than the code contentlint uses from them:

- ``import spacy`` runs ``from .cli.info import info``, which imports spaCy's whole command line
  (weasel, httpx, requests, the download code): about 120 ms, a third of spaCy's import and an
  eighth of a one-file check. contentlint never uses it.
- ``import datasketch`` imports ``scipy.integrate`` (250 ms) for the one function that chooses LSH
  band parameters; an audit's workers only compute MinHash sketches and never call it.

:func:`defer` puts a placeholder for such a module in ``sys.modules`` before its importer runs. The
first use of anything in it (an attribute, or a listed function called) imports the real module and
replaces the placeholder; submodules import normally because the placeholder carries the real
package path. So nothing changes for code that does use them, only when the cost is paid.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import importlib.util
import os
import sys
import types
from typing import Any


class _Deferred(types.ModuleType):
    """A placeholder module: any attribute it lacks comes from the real module, imported then."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(_load(self.__name__), name)


def _load(name: str) -> types.ModuleType:
    """Replace the placeholders of ``name`` and its parents-to-be with the real modules."""
    root = name.split(".")[0]
    for key in [k for k, m in sys.modules.items() if isinstance(m, _Deferred) and k.startswith(root + ".")]:
        if name == key or name.startswith(key + ".") or key.startswith(name + "."):
            del sys.modules[key]
    real = importlib.import_module(name)
    parent_name, _, child = name.rpartition(".")
    parent = sys.modules.get(parent_name)
    if parent is not None and not isinstance(parent, _Deferred):
        setattr(parent, child, sys.modules[name])
    return real


def _forward(module: str, function: str) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_load(module), function)(*args, **kwargs)

    call.__name__ = function
    return call


def defer(module: str, functions: tuple[str, ...] = (), parent_package: str | None = None) -> None:
    """Install a placeholder for ``module`` (unless it or its top package is already imported).

    ``functions`` are names importers take with ``from module import name``: they forward to the real
    module when called. ``parent_package`` is the placeholder's package when the package itself must
    not be imported either (``spacy.cli`` inside ``spacy``).
    """
    top = module.split(".")[0]
    if module in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    placeholder = _Deferred(module)
    relative = module.split(".")[1:]
    placeholder.__path__ = [os.path.join(location, *relative) for location in spec.submodule_search_locations]
    for function in functions:
        setattr(placeholder, function, _forward(module, function))
    sys.modules[module] = placeholder


def defer_spacy_cli() -> None:
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    defer("spacy.cli", parent_package="spacy")
    defer("spacy.cli.info", ("info",), parent_package="spacy")
    cli = sys.modules.get("spacy.cli")
    if isinstance(cli, _Deferred) and "spacy.cli.info" in sys.modules:
        cli.info = sys.modules["spacy.cli.info"]  # type: ignore[attr-defined]


def defer_scipy_integrate() -> None:
    """Before importing datasketch: its LSH module takes ``quad`` from scipy.integrate at import time."""
    defer("scipy.integrate", ("quad",))


# -- the garbage collector during start-up -----------------------------------------------------------

# Commands that run once over their inputs and build the spaCy pipeline before the first document.
ONE_SHOT_COMMANDS = frozenset({"check", "fix"})
_paused = False


def pause_collection(argv: list[str]) -> None:
    """Before a one-shot command's imports: no cyclic garbage collection until its pipeline is built.

    Start-up makes about a million long-lived objects (spaCy, thinc, pydantic, contentlint's tables)
    and little garbage, yet each collection of the oldest generation walks them all: a fifth of a
    one-file check's wall time went to the collector, half of it at exit. :func:`resume_collection`
    (called once the pipeline is built) freezes what start-up made, which no later collection then
    walks, and turns collection back on for the documents; at exit, what is left is frozen too, so
    the interpreter's last collection has nothing to walk (the process's memory goes back whole).
    """
    global _paused
    command = next((a for a in argv[1:] if not a.startswith("-")), None)
    if command not in ONE_SHOT_COMMANDS or not gc.isenabled():
        return
    gc.disable()
    _paused = True
    atexit.register(gc.freeze)


def resume_collection() -> None:
    """End :func:`pause_collection`'s pause, if there is one (a library caller's collector is left alone)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
