"""journeylib.analysis: submodules load on first use (`jl.analysis.X` works without an import)."""
from importlib import import_module
from pkgutil import iter_modules

__all__ = sorted(m.name for m in iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name):
    if name in __all__:
        module = import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return __all__
