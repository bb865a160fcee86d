"""Quadrant charts: importance-performance (IPA) and importance x influence ("Example WOW").

:func:`plot_ipa` draws a table from :mod:`journeylib.analysis.ipa` (stated or derived
importance): performance on the x-axis, importance on the y-axis, the crosshair as two
dashed lines, the quadrant names written in the quadrants and the crosshair rule under
the title. Every point has its own marker shape per quadrant (not colour alone) and a
label placed next to it where it overlaps least.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..analysis.ipa import QUADRANTS
from ..analysis.moments import II_QUADRANTS, importance_influence
from ..errors import AnalysisError
from ..i18n import check_language, t
from ..model import Journey
from ..text import format_number, format_percent, join_words, shorten
from . import style

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["plot_ipa", "describe_ipa", "plot_importance_influence", "describe_importance_influence"]

# quadrant -> (colour, marker, corner as (horizontal, vertical) side of the crosshair)
_IPA_LOOK = {
    "concentrate": (style.BAD, "X", ("left", "top")),
    "keep_up": (style.GOOD, "o", ("right", "top")),
    "low_priority": (style.NEUTRAL, "s", ("left", "bottom")),
    "overkill": (style.OKABE_ITO["orange"], "^", ("right", "bottom")),
}
_II_LOOK = {
    "act": (style.HIGHLIGHT, "D", ("right", "top")),
    "prepare": (style.OKABE_ITO["orange"], "^", ("left", "top")),
    "standardise": (style.OKABE_ITO["reddish_purple"], "s", ("right", "bottom")),
    "accept": (style.NEUTRAL, "o", ("left", "bottom")),
}
_MAX_LABEL = 28  # characters of a point's label


def _value(value: float, lang: str, percent: bool = False) -> str:
    if percent:
        return format_percent(value, lang)
    return format_number(value, lang, 0 if float(value).is_integer() else 1)


# --------------------------------------------------------------------------- drawing core

def _limits(values: pd.Series, cross: float, scale, percent: bool) -> tuple[float, float]:
    if scale is not None and not percent:
        return scale[0] - 0.5, scale[1] + 0.5
    low, high = min(values.min(), cross), max(values.max(), cross)
    pad = (high - low) * 0.12 or (abs(high) * 0.2 or 0.1)
    low = low - pad
    if percent:
        low = max(low, 0.0) if values.min() >= 0 else low
    return low, high + pad


@functools.lru_cache(maxsize=4096)
def _text_size(text: str, prop) -> tuple[float, float]:
    """Width and height in points of one line of ``text`` in ``prop`` as matplotlib lays it out
    (the height of a line is at least that of "lp", as in ``Text._get_layout``), measured from
    the font's outlines without a renderer."""
    measure = _text_to_path().get_text_width_height_descent
    w, h, _d = measure(text, prop, ismath=False)
    _w, lp_h, _lp_d = measure("lp", prop, ismath=False)
    return w, max(h, lp_h)


@functools.lru_cache(maxsize=1)
def _text_to_path():
    from matplotlib.textpath import TextToPath

    return TextToPath()


def _candidates():
    """Places tried for a label, as (row offset in label heights, side, shift in label widths);
    side 1 = right of the point, -1 = left, 0 = centred above or below it. Nearer first: the
    cost of a place grows with its distance, so ties go to the nearest."""
    out = []
    for k in range(0, 25):
        for row in ((0,) if k == 0 else (k, -k)):
            for shift in (0.0, 0.5, 1.0):
                out += [(row, 1, shift), (row, -1, shift)]
                if row:
                    out += [(row, 0, shift), (row, 0, -shift)] if shift else [(row, 0, 0.0)]
    return out


_CANDIDATES = _candidates()


def _candidate_grid():
    """The candidates as a grid: each is one of a few horizontal placings (side, shift) in one
    of a few rows. Returns (placings as an array of (side, shift), rows, each candidate's
    placing index, each candidate's row index)."""
    import numpy as np

    placings = sorted({(side, shift) for _row, side, shift in _CANDIDATES})
    rows = sorted({row for row, _side, _shift in _CANDIDATES})
    which = np.array([placings.index((side, shift)) for _row, side, shift in _CANDIDATES])
    row_of = np.array([rows.index(row) for row, _side, _shift in _CANDIDATES])
    return np.array(placings, dtype=float), np.array(rows, dtype=float), which, row_of


def _place_labels(ax, xs, ys, labels, obstacles) -> None:
    """Put each label next to its point where it touches no other label, marker or quadrant
    name, and stays inside the Axes (see :func:`_label_places`); a label away from its point
    gets a thin leader line."""
    import numpy as np
    from matplotlib.font_manager import FontProperties
    from matplotlib.transforms import ScaledTranslation

    fig = ax.figure
    prop = FontProperties(size="small")
    frame = ax.get_window_extent()
    data = np.column_stack([xs, ys]).astype(float)
    points = ax.transData.transform(data)
    places = _label_places(tuple(map(tuple, points.tolist())), tuple(labels),
                           tuple(tuple(float(v) for v in box) for box in obstacles),
                           (frame.x0, frame.y0, frame.x1, frame.y1), prop, float(fig.dpi))
    leaders = []  # (point in data units, segment in points from the point to its label)
    backs = []  # (point in data units, the label's white box in points from the point)
    for (x, y), label, (dx, dy, box_w, box_h, leader) in zip(data.tolist(), labels, places):
        ax.text(  # a Text at an offset in points from its point (an Annotation costs more to draw)
            x, y, label, transform=ax.transData + ScaledTranslation(dx / 72, dy / 72, fig.dpi_scale_trans),
            ha="center", va="center", fontproperties=prop, zorder=4,
        )
        backs.append(((x, y), [(dx - box_w, dy - box_h), (dx + box_w, dy - box_h), (dx + box_w, dy + box_h),
                               (dx - box_w, dy + box_h)]))
        if leader is not None:
            leaders.append(((x, y), leader))
    if backs:
        _draw_label_boxes(ax, backs)
    if leaders:
        _draw_leaders(ax, leaders)


@functools.lru_cache(maxsize=32)
def _label_places(points, labels, obstacles, frame, prop, dpi):
    """Where each label goes: per label ``(dx, dy, half width, half height, leader)`` in points
    from its point (``points`` in display pixels), its white box's half size, and the leader
    line's segment (None when the label sits right beside its point).

    Greedy, in a fixed order: the free place nearest to the point, beside it (right, then
    left), else further away in rows above and below. Label sizes come from the font's outlines
    (cached per text), so it needs no renderer and gives the same result on every backend;
    everything is in display pixels. A pure function of its arguments, kept for the last few
    charts: a chart drawn again with the same points and labels (the other crosshair of a
    stated IPA, the same journey in a second view) places nothing anew.

    The overlap of a candidate with a box is its overlap across (which depends only on the
    candidate's horizontal placing) times its overlap up and down (only on its row): both are
    worked out for the few placings and rows, and only the boxes that both reach are
    multiplied out for every candidate.
    """
    import numpy as np

    size = prop.get_size_in_points()
    px = dpi / 72
    pad = 0.1 * size  # the labels' white box: the text and this much on each side
    gap = 0.6 * size * px  # from the point's centre to the label's side
    line_h = (_text_size("lp", prop)[1] + 2 * pad + 1.5) * px  # a row: text, its box, 1.5 pt between rows
    placings, row_steps, which, row_of = _CANDIDATE_GRID
    side, shift = placings[:, 0], placings[:, 1]
    off_y_rows = row_steps * line_h
    boxes = np.asarray(obstacles, dtype=float).reshape(-1, 4)
    limit = np.array([frame])
    places = []
    for (x_px, y_px), label in zip(points, labels):
        width_pt, height_pt = _text_size(label, prop)
        width = (1.02 * width_pt + 2 * pad + 1) * px  # 2 %: a renderer's hinting may widen the text a little
        height = (height_pt + 2 * pad) * px
        off_x_placings = np.where(side == 0, shift * width, side * (gap + width / 2 + shift * width))
        cx, cy = x_px + off_x_placings, y_px + off_y_rows
        across = _spans(cx - width / 2, cx + width / 2, boxes[:, 0], boxes[:, 2])
        up_down = _spans(cy - height / 2, cy + height / 2, boxes[:, 1], boxes[:, 3])
        inside_x = _spans(cx - width / 2, cx + width / 2, limit[:, 0], limit[:, 2])[:, 0]
        inside_y = _spans(cy - height / 2, cy + height / 2, limit[:, 1], limit[:, 3])[:, 0]
        area = width * height
        near = across.any(axis=0) & up_down.any(axis=0)  # the boxes some candidate reaches
        across, up_down = across[:, near], up_down[:, near]
        for count in _NEAR_FIRST:
            # the nearest rows first: a place further away costs at least 0.02 * area per row
            # of distance, so when the best near place costs less than the next row's least,
            # it is the best of all (and a tie would go to the nearer place anyway)
            w_i, r_i = which[:count], row_of[:count]
            hit = across[w_i] * up_down[r_i]
            off_x, off_y = off_x_placings[w_i], off_y_rows[r_i]
            cost = (hit > 0).sum(axis=1) * 4 * area + hit.sum(axis=1)
            cost += 8 * (area - inside_x[w_i] * inside_y[r_i])  # outside the Axes
            cost += np.hypot(off_x / width, off_y / line_h) * 0.02 * area  # prefer near the point
            if count == len(which) or cost.min() < 0.02 * area * (np.abs(row_steps[r_i]).max() + 1):
                break
        best = int(np.argmin(cost))  # the first of equal costs: stable order
        bx, by = cx[which[best]], cy[row_of[best]]
        boxes = np.vstack([boxes, [bx - width / 2, by - height / 2, bx + width / 2, by + height / 2]])
        dx, dy = float(off_x[best] / px), float(off_y[best] / px)  # points
        leader = None
        b_side, b_shift = placings[which[best]]
        if row_steps[row_of[best]] or b_shift or not b_side:
            # from the marker's edge (3 points out) to the nearest point of the label's box
            half_w, half_h = width / px / 2, height / px / 2
            end = (min(max(0.0, dx - half_w), dx + half_w), min(max(0.0, dy - half_h), dy + half_h))
            start = 3.0 / max(float(np.hypot(*end)), 3.0)
            leader = ((end[0] * start, end[1] * start), end)
        places.append((dx, dy, width_pt / 2 + pad, height_pt / 2 + pad, leader))
    return tuple(places)


def _spans(lo, hi, box_lo, box_hi):
    """How far each span (lo[i], hi[i]) overlaps each box's span (box_lo[j], box_hi[j]): an
    array [i, j], 0 where they do not meet."""
    import numpy as np

    return np.clip(np.minimum(hi[:, None], box_hi[None, :]) - np.maximum(lo[:, None], box_lo[None, :]), 0, None)


_CANDIDATE_GRID = _candidate_grid()
#: How many candidates to weigh first (those up to one row away), then all of them.
_NEAR_FIRST = (sum(1 for row, _s, _h in _CANDIDATES if abs(row) <= 1), len(_CANDIDATES))


def _draw_label_boxes(ax, backs) -> None:
    """The labels' white boxes (75 % opaque: the grid and tints show through a little) as one
    artist under the labels: a box per Text costs a patch to make and to draw for each label."""
    from matplotlib.collections import PolyCollection

    _add_in_points(ax, PolyCollection, backs, facecolors="white", edgecolors="none", alpha=0.75, zorder=3.9,
                   gid="label-boxes")


def _draw_leaders(ax, leaders) -> None:
    """Thin lines from points to labels that moved away from them, as one artist.

    One collection instead of an arrow per label avoids matplotlib's per-arrow path clipping,
    most of the cost of a redraw in the widgets.
    """
    from matplotlib.collections import LineCollection

    _add_in_points(ax, LineCollection, leaders, colors=style.NEUTRAL, linewidths=0.6, zorder=3.5,
                   gid="label-leaders")


def _add_in_points(ax, collection, items, **look) -> None:
    """One collection of shapes, each given in points relative to its data point (``items``:
    (data point, vertices)), like the labels' offsets: they follow the points when the figure
    is drawn at another size or resolution."""
    from matplotlib.transforms import Affine2D

    offsets, shapes = zip(*items)
    ax.add_collection(collection(
        list(shapes), offsets=list(offsets), offset_transform=ax.transData,
        transform=Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans, **look,
    ), autolim=False)


def _quadrant_chart(ax, table, *, x, y, cross, look, names, xlabel, ylabel, title, note, scale, percent_y, lang):
    import matplotlib.ticker as mticker
    import numpy as np
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import Rectangle

    cx, cy = cross
    xlim = _limits(table[x], cx, scale, False)
    ylim = _limits(table[y], cy, scale, percent_y)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    if percent_y:
        ax.yaxis.set_major_formatter(mticker.PercentFormatter(xmax=1, decimals=0))
        ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _pos: format_number(v, lang, 1)))
    elif scale is not None:
        ax.set_xticks(range(int(scale[0]), int(scale[1]) + 1))
        ax.set_yticks(range(int(scale[0]), int(scale[1]) + 1))
    import matplotlib as mpl

    cross_width = 0.9 * mpl.rcParams["axes.linewidth"] + 0.4
    ax.axvline(cx, color="black", linestyle="--", linewidth=cross_width, zorder=1, gid="crosshair-x")
    ax.axhline(cy, color="black", linestyle="--", linewidth=cross_width, zorder=1, gid="crosshair-y")
    # quadrant tints and names in the outer corners
    fig = ax.figure
    px = fig.dpi / 72
    obstacles = []
    name_prop = FontProperties(size="medium", weight="bold")
    ax_box = ax.get_window_extent()
    for key, (colour, _marker, (hside, vside)) in look.items():
        x0, x1 = (xlim[0], cx) if hside == "left" else (cx, xlim[1])
        y0, y1 = (ylim[0], cy) if vside == "bottom" else (cy, ylim[1])
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, color=colour, alpha=0.07, linewidth=0, zorder=0))
        tx = 0.015 if hside == "left" else 0.985
        ty = 0.985 if vside == "top" else 0.015
        text = ax.text(
            tx, ty, names[key], transform=ax.transAxes, ha=hside, va=vside, fontsize="medium",
            fontweight="bold", color=style.text_colour(colour, under=0.07) if colour != style.NEUTRAL else "#4D4D4D",
            zorder=3,
        )
        text.set_gid(f"quadrant-{key}")
        w, h = (v * px for v in _text_size(names[key], name_prop))
        w, h = 1.02 * w + 2 * px, h + 2 * px
        bx = ax_box.x0 + tx * ax_box.width
        by = ax_box.y0 + ty * ax_box.height
        bx0 = bx if hside == "left" else bx - w
        by0 = by - h if vside == "top" else by
        obstacles.append((bx0, by0, bx0 + w, by0 + h))
    # points, one marker shape per quadrant
    order = table.sort_values([y, x, "label"], ascending=[False, True, True], kind="stable")
    # plain arrays from here on: every pandas operation would deep-copy the table's attrs
    xs, ys = order[x].to_numpy(float), order[y].to_numpy(float)
    quadrant = order["quadrant"].to_numpy()
    for key, (colour, marker, _corner) in look.items():
        mask = quadrant == key
        if mask.any():
            ax.scatter(
                xs[mask], ys[mask], s=_marker_area(), marker=marker, color=colour, edgecolor="black",
                linewidth=0.7, zorder=5, label=names[key], gid=f"points-{key}",
            )
    r = 0.9 * _marker_area() ** 0.5 * px / 2 + 2
    for x_px, y_px in ax.transData.transform(np.column_stack([xs, ys])):
        obstacles.append((x_px - r, y_px - r, x_px + r, y_px + r))
    _place_labels(ax, xs, ys, [shorten(v, _MAX_LABEL) for v in order["label"]], obstacles)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    pad = 1.9 * _font_size()
    ax.set_title(title, loc="left", pad=pad)
    ax.text(0, 1.015, note, transform=ax.transAxes, ha="left", va="bottom", fontsize="small", style="italic")
    return ax


def _marker_area() -> float:
    """Marker area in points², larger on the projector."""
    return 150.0 if style.is_lecture() else 70.0


def _font_size() -> float:
    import matplotlib as mpl

    return float(mpl.rcParams["font.size"])


# --------------------------------------------------------------------------- IPA

def _check_ipa(ipa_df) -> pd.DataFrame:
    import pandas as pd  # here, not at the top: see docs/architecture.md (memory per kernel)

    if not isinstance(ipa_df, pd.DataFrame) or "crosshair" not in ipa_df.attrs or "quadrant" not in ipa_df:
        raise AnalysisError("analysis.chart.ipa_input", kind=type(ipa_df).__name__)
    return ipa_df


def _cross_note(table: pd.DataFrame, lang: str, x_name: str = "performance") -> str:
    cx, cy = table.attrs["crosshair"]
    percent = table.attrs.get("kind") == "derived"
    rule = table.attrs.get("crosshair_rule", "midpoint")
    key = f"chart.ipa.crosshair.{rule}{'_derived' if percent and rule == 'midpoint' else ''}"
    return t(key, lang, x=_value(cx, lang), y=_value(cy, lang, percent))


def plot_ipa(ipa_df: pd.DataFrame, *, ax=None, lang: str | None = None, title: str | None = None):
    """Importance-performance grid of an IPA table (stated or derived importance)."""
    lang = check_language(lang)
    table = _check_ipa(ipa_df)
    ax = style.get_ax(ax)
    derived = table.attrs.get("kind") == "derived"
    names = {key: t(f"quadrant.{key}", lang) for key in QUADRANTS}
    return _quadrant_chart(
        ax, table, x="performance", y="importance", cross=table.attrs["crosshair"], look=_IPA_LOOK,
        names=names,
        xlabel=t("chart.ipa.x_derived" if derived else "chart.ipa.x", lang),
        ylabel=t("chart.ipa.y_derived" if derived else "chart.ipa.y", lang),
        title=title or t("chart.ipa.title_derived" if derived else "chart.ipa.title", lang),
        note=_cross_note(table, lang) + " " + t("chart.boundary", lang),
        scale=None if derived else table.attrs.get("scale"), percent_y=derived, lang=lang,
    )


def _ordered(part: pd.DataFrame, first: str, second: str, ascending_second: bool) -> pd.DataFrame:
    return part.sort_values([first, second, "label"], ascending=[False, ascending_second, True], kind="stable")


def describe_ipa(ipa_df: pd.DataFrame, *, lang: str | None = None) -> str:
    """Alt text: what the IPA grid shows, what lies in each quadrant, and what comes first."""
    lang = check_language(lang)
    table = _check_ipa(ipa_df)
    derived = table.attrs.get("kind") == "derived"
    parts = [
        t("chart.ipa.describe_derived" if derived else "chart.ipa.describe", lang, n=len(table)),
        _cross_note(table, lang) + " " + t("chart.boundary", lang),
    ]
    for key in QUADRANTS:
        part = _ordered(table[table["quadrant"] == key], "importance", "performance", True)
        parts.append(_group(t(f"quadrant.{key}", lang), part["label"].tolist(), lang))
    urgent = _ordered(table[table["quadrant"] == "concentrate"], "importance", "performance", True)
    if len(urgent):
        row = urgent.iloc[0]
        parts.append(
            t(
                "chart.ipa.finding", lang, label=row["label"],
                importance=_value(row["importance"], lang, derived), performance=_value(row["performance"], lang),
            )
        )
    else:
        parts.append(t("chart.ipa.finding_none", lang, quadrant=t("quadrant.concentrate", lang)))
    return " ".join(parts)


def _group(name: str, labels: list[str], lang: str) -> str:
    listed = join_words(labels, lang, quote=True) if labels else t("chart.none", lang)
    return f"{name} ({len(labels)}): {listed}."


# --------------------------------------------------------------------------- importance x influence

def _ii_table(data) -> pd.DataFrame:
    import pandas as pd

    if isinstance(data, Journey):
        table = importance_influence(data)
    elif isinstance(data, pd.DataFrame) and {"importance", "influence", "quadrant"} <= set(data.columns):
        table = data
    else:
        raise AnalysisError("analysis.chart.ii_input", kind=type(data).__name__)
    table = table.copy()
    if "label" not in table:
        table["label"] = table["name"]
    table.attrs.setdefault("crosshair", (3, 3))
    return table


def plot_importance_influence(journey_or_table, *, ax=None, lang: str | None = None, title: str | None = None):
    """Which steps matter and on which we have influence (the course's two-by-two, after the idea of "Example WOW")."""
    lang = check_language(lang)
    table = _ii_table(journey_or_table)
    ax = style.get_ax(ax)
    names = {key: t(f"ii.{key}", lang) for key in II_QUADRANTS}
    cx, cy = table.attrs["crosshair"]
    return _quadrant_chart(
        ax, table, x="influence", y="importance", cross=(cx, cy), look=_II_LOOK, names=names,
        xlabel=t("chart.ii.x", lang), ylabel=t("chart.ii.y", lang),
        title=title or t("chart.ii.title", lang),
        note=t("chart.ii.crosshair", lang, x=_value(cx, lang), y=_value(cy, lang)) + " " + t("chart.boundary", lang),
        scale=(1, 5), percent_y=False, lang=lang,
    )


def describe_importance_influence(journey_or_table, *, lang: str | None = None) -> str:
    """Alt text: the steps in each of the four groups, and where to start."""
    lang = check_language(lang)
    table = _ii_table(journey_or_table)
    cx, _cy = table.attrs["crosshair"]
    parts = [t("chart.ii.describe", lang, n=len(table), cross=_value(cx, lang))]
    for key in II_QUADRANTS:
        part = _ordered(table[table["quadrant"] == key], "importance", "influence", False)
        parts.append(_group(t(f"ii.{key}", lang), part["label"].tolist(), lang))
    act = _ordered(table[table["quadrant"] == "act"], "importance", "influence", False)
    if len(act):
        parts.append(t("chart.ii.finding", lang, label=act.iloc[0]["label"]))
    else:
        parts.append(t("chart.ii.finding_none", lang, quadrant=t("ii.act", lang)))
    return " ".join(parts)
