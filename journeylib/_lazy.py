"""Packages whose names load on first use: ``from journeylib.charts import plot_emotion``
imports ``journeylib.charts.emotion`` (and matplotlib) only then, and ``jl.analysis.ipa``
works without an import of its own.

A package lists its public names in a table, name -> submodule; ``__all__`` is that
table, ``dir()`` shows it and the submodules. ``tests/test_public_api.py`` checks the
table against the submodules' own ``__all__``, so it cannot go stale.
"""
from __future__ import annotations

import os
from importlib import import_module


def lazy_package(package: str, path, namespace: dict, names: dict[str, str] | None = None, own=()):
    """Return ``(__all__, __getattr__, __dir__)`` for ``package``.

    ``names`` maps a public name to the submodule (of ``package``) that defines it; every
    submodule not starting with ``_`` is reachable as an attribute as well. ``own`` are
    public names the package defines itself (in ``__all__`` when callable). A loaded name
    is stored in ``namespace`` (the package's globals), so it is looked up only once.
    """
    names = dict(names or {})
    own = tuple(own)
    submodules = _submodules(path)

    def __getattr__(name: str):
        if name in names:
            value = getattr(import_module(f"{package}.{names[name]}"), name)
        elif name in submodules:
            value = import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__():
        return sorted({*names, *submodules, *own})

    return sorted({*names, *(n for n in own if callable(namespace[n]))}), __getattr__, __dir__



def _submodules(path) -> list[str]:
    """The public submodules in the package folders ``path`` (without pkgutil: a faster import)."""
    found = set()
    for folder in path:
        for entry in os.scandir(folder):
            name, ext = os.path.splitext(entry.name)
            if name.startswith("_") or not name.isidentifier():
                continue
            if (ext == ".py" and entry.is_file()) or (not ext and os.path.exists(os.path.join(entry.path, "__init__.py"))):
                found.add(name)
    return sorted(found)
