"""journeylib.charts: submodules load on first use (`jl.charts.X` works without an import)."""
from .._lazy import lazy_submodules

__all__, __getattr__, __dir__ = lazy_submodules(__name__, __path__, globals())
