"""Submodules of a package that load on first attribute access (``jl.analysis.ipa``)."""
from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules


def lazy_submodules(package: str, path, namespace: dict):
    """Return ``(__all__, __getattr__, __dir__)`` for a package whose submodules load lazily."""
    names = sorted(m.name for m in iter_modules(path) if not m.name.startswith("_"))

    def __getattr__(name):
        if name in names:
            module = import_module(f"{package}.{name}")
            namespace[name] = module
            return module
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return names, __getattr__, lambda: names
