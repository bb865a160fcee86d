"""Seeded generators for the shipped survey data: every shipped CSV is reproducible.

Each case survey comes from a small latent model (see :class:`SurveySpec`):

* every respondent has a *general impression* ``g ~ N(0, 1)`` (the halo that makes all
  ratings of one person move together);
* the latent score of touchpoint ``j`` is ``z_j = halo * g + sqrt(1 - halo²) * e_j``
  (standard normal), and the 1-5 rating is ``round(mean_j + RATING_SD * z_j)`` clipped
  to 1..5, with ``mean_j = 3 + MEAN_SLOPE * (performance_j - 3) + MEAN_SHIFT`` (from the
  case's performance value);
* overall satisfaction (1-5) and likelihood to recommend (0-10) follow from the planted
  weights: ``S = (sum_j w_j z_j + noise) / sd``, with the noise chosen so the touchpoints
  explain a share ``r2`` of the latent satisfaction;
* some answers are missing at random: a base rate per touchpoint, higher for
  touchpoints that not every respondent meets.

Randomness comes from ``numpy.random.Generator(PCG64(seed))`` with a fixed seed per
case; sums run in a fixed order without BLAS, and the CSV text is written here (ints,
empty cell for a missing answer, ``\\n`` line ends), so that ``python -m journeylib.synth``
reproduces the shipped files byte for byte.

``make_airline_layout`` produces a synthetic file in the layout of the public "Airline
Passenger Satisfaction" survey (the real file is not shipped: its licence is not stated).
"""
from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

#: Spread of a rating around its mean, in rating points per latent standard deviation.
RATING_SD = 0.95
#: Mean rating of a touchpoint with performance p (1-5): 3 + MEAN_SLOPE * (p - 3) + MEAN_SHIFT.
#: The slope keeps the means away from the ends of the scale (answers lean positive).
MEAN_SLOPE = 0.7
MEAN_SHIFT = 0.2
#: Seed of the synthetic airline-layout sample.
AIRLINE_SEED = 1105
AIRLINE_SAMPLE = "airline_layout_sample.csv"
AIRLINE_SAMPLE_ROWS = 1500


@dataclass(frozen=True)
class SurveySpec:
    """How one case's survey is made. ``weights`` are the planted driver weights."""

    case: str
    seed: int
    respondents: int
    weights: dict[str, float]
    missing: dict[str, float] = field(default_factory=dict)  # share missing, per touchpoint
    base_missing: float = 0.02
    halo: float = 0.4
    r2: float = 0.65
    satisfaction_mean: float = 3.6
    recommend_mean: float = 7.0

    @property
    def file(self) -> str:
        return f"{self.case}.csv"

    def missing_rate(self, touchpoint: str) -> float:
        return self.missing.get(touchpoint, self.base_missing)

    def strong(self, threshold: float = 0.15) -> list[str]:
        return [k for k, w in self.weights.items() if w >= threshold]

    def near_zero(self, threshold: float = 0.02) -> list[str]:
        return [k for k, w in self.weights.items() if w <= threshold]


SPECS: dict[str, SurveySpec] = {
    "airlines": SurveySpec(
        case="airlines",
        seed=1101,
        respondents=2400,
        weights={
            "search-book": 0.12, "confirmation": 0.01, "online-checkin": 0.12, "bag-drop": 0.04,
            "gate": 0.03, "boarding": 0.16, "door-welcome": 0.05, "safety-briefing": 0.04,
            "seat": 0.20, "delay-info": 0.05, "inflight-service": 0.26, "food-drink": 0.04,
            "wifi-entertainment": 0.04, "cabin-clean": 0.12, "baggage-claim": 0.12, "follow-up": 0.00,
        },
        missing={
            "bag-drop": 0.10, "delay-info": 0.12, "wifi-entertainment": 0.08, "food-drink": 0.05,
            "baggage-claim": 0.10, "follow-up": 0.04,
        },
        satisfaction_mean=3.7,
        recommend_mean=7.2,
    ),
    "telecom": SurveySpec(
        case="telecom",
        seed=1102,
        respondents=2000,
        weights={
            "status-page": 0.04, "app-alert": 0.01, "find-contact": 0.04, "phone-menu": 0.04,
            "phone-wait": 0.12, "phone-agent": 0.28, "social-dm": 0.04, "shop-visit": 0.04,
            "remote-reset": 0.12, "technician-visit": 0.20, "new-modem": 0.04, "fixed-sms": 0.04,
            "compensation": 0.18, "survey-mail": 0.00, "next-bill": 0.12,
        },
        missing={
            "app-alert": 0.04, "social-dm": 0.10, "shop-visit": 0.10, "remote-reset": 0.05,
            "technician-visit": 0.10, "new-modem": 0.08, "compensation": 0.06,
        },
        satisfaction_mean=3.1,
        recommend_mean=6.0,
    ),
    "hospital": SurveySpec(
        case="hospital",
        seed=1103,
        respondents=2200,
        weights={
            "invitation-letter": 0.03, "appointment-call": 0.05, "reminder-sms": 0.01, "road-signs": 0.02,
            "parking-intercom": 0.04, "parking": 0.15, "entrance": 0.04, "signposting": 0.05,
            "check-in-kiosk": 0.03, "reception-desk": 0.18, "waiting-room": 0.13, "call-in": 0.14,
            "consultation": 0.28, "follow-up-booking": 0.04, "pharmacy": 0.04, "parking-payment": 0.03,
            "results-portal": 0.18, "feedback-survey": 0.00,
        },
        missing={
            "appointment-call": 0.12, "parking-intercom": 0.08, "parking": 0.06, "check-in-kiosk": 0.04,
            "follow-up-booking": 0.08, "pharmacy": 0.12, "parking-payment": 0.06, "results-portal": 0.05,
        },
        satisfaction_mean=3.8,
        recommend_mean=7.6,
    ),
    "partner-visit": SurveySpec(
        case="partner-visit",
        seed=1104,
        respondents=1600,
        weights={
            "invitation": 0.04, "registration": 0.03, "travel-booking": 0.04, "travel-pack": 0.03,
            "flight": 0.12, "airport-arrival": 0.11, "pick-up": 0.16, "transfer": 0.04,
            "hotel-check-in": 0.12, "room-gift": 0.01, "welcome-session": 0.11, "factory-tour": 0.24,
            "design-workshop": 0.14, "lunch": 0.03, "dinner": 0.11, "goodie-bag": 0.00,
            "departure-transfer": 0.03, "return-flight": 0.02, "thank-you": 0.04, "follow-up-meeting": 0.18,
        },
        missing={
            "registration": 0.05, "travel-booking": 0.08, "room-gift": 0.05, "design-workshop": 0.04,
            "lunch": 0.04, "dinner": 0.06, "follow-up-meeting": 0.10,
        },
        satisfaction_mean=4.0,
        recommend_mean=8.0,
    ),
}


# ----------------------------------------------------------------------------- case surveys

def _touchpoints(case_id: str) -> list[tuple[str, int]]:
    """``[(id, performance), ...]`` of the case's touchpoints, in survey column order."""
    from .datasets import load_case

    case = load_case(case_id, lang="en")
    seen: dict[str, int] = {}
    for journey in case.journeys:
        for tp in journey.touchpoints:
            seen.setdefault(tp.id, int(tp.performance))
    return list(seen.items())


def survey_table(name: str, touchpoints: list[tuple[str, int]] | None = None):
    """``(columns, rows)`` of a case survey; a missing answer is ``None``.

    ``touchpoints`` (``[(id, performance), ...]``) defaults to the shipped case's.
    """
    import numpy as np

    spec = SPECS[name]
    if touchpoints is None:
        touchpoints = _touchpoints(name)
    ids = [tp for tp, _ in touchpoints]
    if set(ids) != set(spec.weights):
        raise ValueError(
            f"spec {name!r} does not match the case's touchpoints: "
            f"only in case {sorted(set(ids) - set(spec.weights))}, "
            f"only in spec {sorted(set(spec.weights) - set(ids))}"
        )
    n, p = spec.respondents, len(ids)
    rng = np.random.Generator(np.random.PCG64(spec.seed))
    g = rng.standard_normal(n)
    specific = rng.standard_normal((n, p))
    noise_sat = rng.standard_normal(n)
    noise_rec = rng.standard_normal(n)
    draw_missing = rng.random((n, p))

    unique = math.sqrt(1.0 - spec.halo**2)
    total = np.zeros(n)
    ratings = np.zeros((n, p), dtype=np.int64)
    for j, (tp, performance) in enumerate(touchpoints):
        z = spec.halo * g + unique * specific[:, j]
        total = total + spec.weights[tp] * z
        mean = 3.0 + MEAN_SLOPE * (performance - 3) + MEAN_SHIFT
        ratings[:, j] = np.clip(np.floor(mean + RATING_SD * z + 0.5), 1, 5)
    weights = [spec.weights[tp] for tp in ids]
    explained = unique**2 * math.fsum(w * w for w in weights) + spec.halo**2 * math.fsum(weights) ** 2
    noise_sd = math.sqrt(explained * (1.0 - spec.r2) / spec.r2)
    latent = (total + noise_sd * noise_sat) / math.sqrt(explained / spec.r2)
    satisfaction = np.clip(np.floor(spec.satisfaction_mean + latent + 0.5), 1, 5).astype(np.int64)
    mix = 0.85
    recommend = np.floor(spec.recommend_mean + 2.0 * (mix * latent + math.sqrt(1 - mix**2) * noise_rec) + 0.5)
    recommend = np.clip(recommend, 0, 10).astype(np.int64)
    missing = np.zeros((n, p), dtype=bool)
    for j, tp in enumerate(ids):
        missing[:, j] = draw_missing[:, j] < spec.missing_rate(tp)

    columns = ["respondent", *ids, "satisfaction", "recommend"]
    rows = []
    for i in range(n):
        answers = [None if missing[i, j] else int(ratings[i, j]) for j in range(p)]
        rows.append([i + 1, *answers, int(satisfaction[i]), int(recommend[i])])
    return columns, rows


def csv_text(columns, rows) -> str:
    """CSV text: ``,`` separated, ``\\n`` line ends, ``None`` as an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def survey_csv(name: str) -> str:
    """The CSV text of a case survey, exactly as shipped in ``datasets/surveys/``."""
    return csv_text(*survey_table(name))


def make_survey(name: str):
    """A case survey as a DataFrame (the same values as the shipped CSV)."""
    import pandas as pd

    columns, rows = survey_table(name)
    return pd.DataFrame(rows, columns=columns).astype(
        {c: "float64" for c in columns[1:-2]}
    )


# ----------------------------------------------------------------------------- airline layout

# mean rating (1-5) of each service column, and its share of 0 = "not applicable"
_AIRLINE_SERVICE = {
    "Inflight wifi service": (2.8, 0.03),
    "Departure/Arrival time convenient": (3.1, 0.05),
    "Ease of Online booking": (2.8, 0.04),
    "Gate location": (3.0, 0.0),
    "Food and drink": (3.2, 0.001),
    "Online boarding": (3.3, 0.02),
    "Seat comfort": (3.5, 0.0),
    "Inflight entertainment": (3.4, 0.001),
    "On-board service": (3.4, 0.0),
    "Leg room service": (3.4, 0.005),
    "Baggage handling": (3.6, 0.0),
    "Checkin service": (3.3, 0.0),
    "Inflight service": (3.6, 0.0),
    "Cleanliness": (3.3, 0.001),
}
# latent satisfaction above this cut = "satisfied" (about 43 % of passengers, as in the public file)
_AIRLINE_CUT = 0.45
# planted weights of the services on satisfaction (latent, before the yes/no cut)
_AIRLINE_WEIGHTS = {
    "Online boarding": 0.35, "Inflight wifi service": 0.30, "Inflight entertainment": 0.12,
    "Seat comfort": 0.10, "Leg room service": 0.10, "On-board service": 0.08, "Cleanliness": 0.06,
    "Checkin service": 0.06, "Baggage handling": 0.04, "Inflight service": 0.04,
    "Ease of Online booking": 0.02, "Food and drink": 0.02, "Gate location": 0.0,
    "Departure/Arrival time convenient": -0.02,
}


def airline_layout_table(n: int, seed: int = AIRLINE_SEED):
    """``(columns, rows)`` in the public airline survey's layout (``id`` first, no index)."""
    import numpy as np

    from .datasets import AIRLINE_COLUMNS, AIRLINE_SERVICE_COLUMNS

    rng = np.random.Generator(np.random.PCG64(seed))
    ids = rng.permutation(max(n * 3, 10))[:n] + 1
    gender = rng.random(n) < 0.5
    loyal = rng.random(n) < 0.82
    age = np.clip(np.floor(40 + 15 * rng.standard_normal(n) + 0.5), 7, 85).astype(np.int64)
    business_trip = rng.random(n) < 0.69
    draw_class = rng.random(n)
    distance = np.clip(np.floor(150 + 1100 * np.abs(rng.standard_normal(n)) + 0.5), 31, 4983).astype(np.int64)
    g = rng.standard_normal(n)
    specific = rng.standard_normal((n, len(AIRLINE_SERVICE_COLUMNS)))
    draw_na = rng.random((n, len(AIRLINE_SERVICE_COLUMNS)))
    delayed = rng.random(n) < 0.45
    delay = np.where(delayed, np.floor(np.abs(rng.standard_normal(n)) * 40 + 0.5), 0).astype(np.int64)
    arrival_shift = np.floor(rng.standard_normal(n) * 8 + 0.5).astype(np.int64)
    arrival_missing = rng.random(n) < 0.003
    noise = rng.standard_normal(n)

    # Class follows the type of travel: most business trips fly Business
    cls = np.where(
        business_trip,
        np.where(draw_class < 0.70, "Business", np.where(draw_class < 0.93, "Eco", "Eco Plus")),
        np.where(draw_class < 0.08, "Business", np.where(draw_class < 0.88, "Eco", "Eco Plus")),
    )
    is_business = cls == "Business"
    comfort = {"Seat comfort", "Leg room service", "Inflight entertainment", "On-board service"}
    latent_total = np.zeros(n)
    ratings = {}
    for j, column in enumerate(AIRLINE_SERVICE_COLUMNS):
        mean, na_share = _AIRLINE_SERVICE[column]
        z = 0.5 * g + math.sqrt(0.75) * specific[:, j]
        bonus = np.where(is_business, 0.4, 0.0) if column in comfort else 0.0
        values = np.clip(np.floor(mean + bonus + 1.1 * z + 0.5), 1, 5).astype(np.int64)
        values[draw_na[:, j] < na_share] = 0
        ratings[column] = values
        latent_total = latent_total + _AIRLINE_WEIGHTS[column] * z
    latent = (
        latent_total
        + np.where(business_trip, 0.45, -0.45)
        + np.where(is_business, 0.35, -0.2)
        + np.where(loyal, 0.1, -0.3)
        - delay / 200
        + 0.55 * noise
    )
    satisfied = latent > _AIRLINE_CUT
    arrival = np.maximum(delay + arrival_shift, 0)

    columns = list(AIRLINE_COLUMNS)
    rows = []
    for i in range(n):
        rows.append([
            int(ids[i]),
            "Female" if gender[i] else "Male",
            "Loyal Customer" if loyal[i] else "disloyal Customer",
            int(age[i]),
            "Business travel" if business_trip[i] else "Personal Travel",
            str(cls[i]),
            int(distance[i]),
            *[int(ratings[c][i]) for c in AIRLINE_SERVICE_COLUMNS],
            int(delay[i]),
            None if arrival_missing[i] else float(arrival[i]),
            "satisfied" if satisfied[i] else "neutral or dissatisfied",
        ])
    return columns, rows


def airline_layout_csv(n: int, seed: int = AIRLINE_SEED) -> str:
    """CSV text as the public files have it: an unnamed index column first, then ``id``..."""
    columns, rows = airline_layout_table(n, seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["", *columns])
    for index, row in enumerate(rows):
        writer.writerow([index, *("" if v is None else (f"{v:.1f}" if isinstance(v, float) else v) for v in row)])
    return out.getvalue()


def make_airline_layout(n: int, seed: int = AIRLINE_SEED):
    """A synthetic DataFrame in the public "Airline Passenger Satisfaction" layout.

    Raw values as in that file: ratings 0-5 (0 = not applicable), ``satisfaction`` as
    text. Read such a file with :func:`journeylib.datasets.load_airline_survey`.
    """
    import pandas as pd

    columns, rows = airline_layout_table(n, seed)
    return pd.DataFrame(rows, columns=columns)


# ----------------------------------------------------------------------------- files

def shipped_files() -> dict[str, Callable[[], str]]:
    """File name -> function returning its CSV text, for every shipped survey file."""
    files = {spec.file: (lambda name=name: survey_csv(name)) for name, spec in SPECS.items()}
    files[AIRLINE_SAMPLE] = lambda: airline_layout_csv(AIRLINE_SAMPLE_ROWS, AIRLINE_SEED)
    return files


def write_all(out: str | Path | None = None) -> list[Path]:
    """(Re)write every shipped survey file into ``out`` (default ``datasets/surveys``)."""
    from .datasets import datasets_dir

    folder = Path(out) if out is not None else datasets_dir() / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in shipped_files().items():
        path = folder / name
        path.write_bytes(make().encode("utf-8"))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    from .datasets import datasets_dir
    from .i18n import t

    default = datasets_dir() / "surveys"
    parser = argparse.ArgumentParser(prog="python -m journeylib.synth", description=t("synth.usage"))
    parser.add_argument("--out", type=Path, default=None, help=t("synth.out", folder=str(default)))
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(t("cli.written", file=str(path)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
