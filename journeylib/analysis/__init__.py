"""journeylib.analysis: submodules load on first use (`jl.analysis.X` works without an import)."""
from .._lazy import lazy_submodules

__all__, __getattr__, __dir__ = lazy_submodules(__name__, __path__, globals())
