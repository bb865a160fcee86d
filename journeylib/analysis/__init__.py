"""journeylib.analysis: pure functions on the course's models and on survey tables.

No charts, widgets or files here: every function takes data and returns a result (often a
pandas DataFrame with its notes in ``.attrs``). Names load on first use, so
``from journeylib.analysis import key_drivers`` imports pandas then, not with the package
(see docs/architecture.md).
"""
from .._lazy import lazy_package

# public name -> the submodule that defines it (each submodule's own __all__, callables only)
_PUBLIC = {
    "FitRows": "brandfit",
    "verdict": "brandfit",
    "verdict_rule": "brandfit",
    "fit_rows": "brandfit",
    "fit_table": "brandfit",
    "compare_rows": "brandfit",
    "compare_brands": "brandfit",
    "brand_label": "brandfit",
    "Inconsistency": "channels",
    "solve_table": "channels",
    "inconsistencies": "channels",
    "consistency_score": "channels",
    "unsolved": "channels",
    "nothing_allowed": "channels",
    "describe_inconsistency": "channels",
    "describe_inconsistencies": "channels",
    "quadrant": "ipa",
    "ipa_table": "ipa",
    "journey_ipa": "ipa",
    "derived_ipa": "ipa",
    "key_drivers": "keydrivers",
    "key_drivers_from_corr": "keydrivers",
    "key_drivers_from_chunks": "keydrivers",
    "check_request": "keydrivers",
    "correlation_from_sums": "keydrivers",
    "huge_int_as_inf": "keydrivers",
    "choose_outcome": "keydrivers",
    "OutcomeChoice": "keydrivers",
    "NPSResult": "metrics",
    "CSATResult": "metrics",
    "CESResult": "metrics",
    "nps": "metrics",
    "csat": "metrics",
    "ces": "metrics",
    "definition": "metrics",
    "PeakEnd": "moments",
    "mot_scores": "moments",
    "mot_rows": "moments",
    "explain_weights": "moments",
    "check_weights": "moments",
    "peak_end": "moments",
    "importance_influence": "moments",
    "ii_quadrant": "moments",
    "touchpoints_of": "moments",
    "touchpoint_columns": "moments",
    "Scenario": "service",
    "to_level": "service",
    "level_distribution": "service",
    "expectation_gaps": "service",
    "get_scenario": "service",
    "check_answer": "service",
}

__all__, __getattr__, __dir__ = lazy_package(__name__, __path__, globals(), _PUBLIC)
