"""The journey map: phases as columns, channels as lanes, the emotion curve beneath.

Every touchpoint is a card in its channel's lane and its phase's column, numbered in the
order of the journey (before, during, after; within a phase in list order). The same
numbers label the emotion curve under the map. A moment of truth has a star and a thick
border, an unconscious contact moment a dashed border: shape and line style carry the
meaning, the phase colours only repeat it.

The layout is computed in inches. Card texts are wrapped to the card's width with real
font metrics, so labels never overlap, also with 80 touchpoints and in lecture style.
When the function creates the figure, its size grows with the number of cards and lanes.

This module also holds the font-metric text helpers the other chart modules share
(:func:`text_width`, :func:`wrap_text`); plain text helpers are in :mod:`journeylib.text`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib as mpl
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle

from ..i18n import check_language, t
from ..model import PHASES
from ..text import format_signed, join_words, quote, shorten, t_count
from . import style

# --------------------------------------------------------------------------- text helpers

_ADVANCE: dict[tuple[str, str], float] = {}  # (font file, char) -> advance at size 100, points
_SAFETY = 1.1  # hinting at screen resolutions makes text up to ~6 % wider than the outline
_MISSING_EM = 1.2  # a glyph the font lacks is drawn as a box (or by a fallback font)


_FONT_FILES: dict[tuple, str] = {}


def _font_file(weight: str = "normal", font_style: str = "normal") -> str:
    family = mpl.rcParams["font.family"]
    key = (tuple(family) if isinstance(family, list) else family, mpl.rcParams["font.sans-serif"][0]
           if mpl.rcParams["font.sans-serif"] else "", weight, font_style)
    path = _FONT_FILES.get(key)
    if path is None:
        path = _FONT_FILES[key] = findfont(FontProperties(family=family, weight=weight, style=font_style))
    return path


def text_width(text: str, size: float, *, weight: str = "normal", font_style: str = "normal") -> float:
    """Width of one line of ``text`` in points at font ``size`` (a slight over-estimate)."""
    path = _font_file(weight, font_style)
    total = 0.0
    for char in text:
        advance = _ADVANCE.get((path, char))
        if advance is None:
            font = get_font(path)  # shared with the renderers: always set the size first
            font.set_size(100, 72)
            if font.get_char_index(ord(char)) == 0:
                advance = 100.0 * _MISSING_EM
            else:
                advance = font.load_char(ord(char), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536
            _ADVANCE[(path, char)] = advance
        total += advance
    return total * size / 100.0 * _SAFETY


def _fit(text: str, width: float, size: float, weight: str, font_style: str, ellipsis: bool) -> str:
    """The longest prefix of ``text`` (plus "…" when ``ellipsis``) that fits ``width``."""
    if text_width(text, size, weight=weight, font_style=font_style) <= width:
        return text
    tail = "…" if ellipsis else ""
    lo, hi = 0, len(text)
    while lo < hi:  # binary search on the prefix length
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + tail, size, weight=weight, font_style=font_style) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + tail if lo or not ellipsis else tail


def wrap_text(text: str, width: float, size: float, *, max_lines: int = 3, weight: str = "normal",
              font_style: str = "normal") -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines of at most ``width`` points.

    Words longer than a line are split with a hyphen (after a hyphen of their own where
    there is one, never leaving fewer than three letters); text that does not fit ends in "…".
    Whitespace (also newlines) is collapsed first.
    """
    words = " ".join(str(text).split()).split(" ")
    if words == [""]:
        return [""]
    lines: list[str] = []
    current = ""
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, weight=weight, font_style=font_style) <= width:
            current, i = candidate, i + 1
            continue
        if current:  # the word goes on the next line
            lines.append(current)
            current = ""
        else:  # a single word wider than the line (Dutch compounds): split it with a hyphen
            head = _split_word(word, width, size, weight, font_style)
            lines.append(head if head.endswith("-") else head + "-")
            words[i] = word[len(head):]
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    if i < len(words) or current:  # text left over: shorten the last line
        rest = " ".join([lines[-1], *([current] if current else []), *words[i:]])
        lines[-1] = _fit(rest, width, size, weight, font_style, ellipsis=True)
    return lines


def _split_word(word: str, width: float, size: float, weight: str, font_style: str) -> str:
    """The first part of ``word`` that fits ``width`` with a hyphen after it."""
    hyphen = text_width("-", size, weight=weight, font_style=font_style)
    head = _fit(word, width - hyphen, size, weight, font_style, ellipsis=False) or word[:1]
    own = head.rfind("-", 0, len(head) - 1)
    if own >= 2:  # "klant-contactmoment": break after the word's own hyphen
        return head[: own + 1]
    if len(word) - len(head) < 3 <= len(word) - 3:  # no lonely last letters on the next line
        head = head[: len(word) - 3]
    return head


# --------------------------------------------------------------------------- layout

@dataclass(frozen=True)
class _Sizes:
    font: float  # card text, points
    lane_font: float
    header_font: float
    title_font: float
    card_w: float  # inches
    card_h: float
    gap_x: float
    gap_y: float
    pad: float  # inside a card
    star: float  # room kept free at a card's top right for the star
    label_w: float  # lane label column
    max_w: float  # figure width the layout tries to stay under
    header_h: float
    curve_h: float
    ticks_h: float
    legend_h: float


_NORMAL = _Sizes(font=8, lane_font=9, header_font=10.5, title_font=13, card_w=1.3, card_h=0.62,
                 gap_x=0.12, gap_y=0.12, pad=0.06, star=0.13, label_w=1.35, max_w=11.5,
                 header_h=0.34, curve_h=1.6, ticks_h=0.42, legend_h=0.42)
_LECTURE = _Sizes(font=12, lane_font=13, header_font=16, title_font=20, card_w=2.0, card_h=0.92,
                  gap_x=0.16, gap_y=0.16, pad=0.08, star=0.2, label_w=2.0, max_w=14.0,
                  header_h=0.52, curve_h=2.5, ticks_h=0.62, legend_h=0.6)
_MAX_LINES = 3
_MOT_STAR = "#E69F00"  # Okabe-Ito orange, with a black edge


@dataclass
class _Card:
    number: int
    tp: object
    lane: int
    phase: str
    row: int = 0
    col: int = 0
    x: float = 0.0  # lower left corner, inches
    y: float = 0.0
    curve_x: float = 0.0


@dataclass
class _Layout:
    sizes: _Sizes
    cards: list[_Card]
    lanes: list[str]  # display names
    cols: dict[str, int]  # card columns per phase
    phase_x: dict[str, tuple[float, float]] = field(default_factory=dict)  # start, width
    lane_y: list[tuple[float, float]] = field(default_factory=list)  # bottom, height
    width: float = 0.0
    height: float = 0.0
    title_y: float = 0.0
    header_y: float = 0.0
    curve_y: float = 0.0
    legend_y: float = 0.0


def ordered_touchpoints(journey) -> list:
    """Touchpoints in map order: phase by phase, within a phase in list order."""
    return [tp for phase in PHASES for tp in journey.by_phase(phase)]


def _lanes(touchpoints, lang) -> tuple[list[str], list[int]]:
    """Lane names (channels in order of first appearance, 'other' last) and each card's lane."""
    keys: dict[str, int] = {}
    names: list[str] = []
    has_other = False
    for tp in touchpoints:
        key = tp.channel.strip().casefold()
        if not key:
            has_other = True
        elif key not in keys:
            keys[key] = len(names)
            names.append(tp.channel.strip())
    if has_other or not names:
        names.append(t("chart.journeymap.other_lane", lang))
    other = len(names) - 1
    return names, [keys.get(tp.channel.strip().casefold(), other) for tp in touchpoints]


def _layout(journey, lang, show_emotion: bool) -> _Layout:
    s = _LECTURE if style.is_lecture() else _NORMAL
    tps = ordered_touchpoints(journey)
    lanes, lane_of = _lanes(tps, lang)
    cards = [_Card(number=i + 1, tp=tp, lane=lane_of[i], phase=tp.phase) for i, tp in enumerate(tps)]
    by_phase = {p: [c for c in cards if c.phase == p] for p in PHASES}

    counts = {(p, lane): 0 for p in PHASES for lane in range(len(lanes))}
    for c in cards:
        counts[(c.phase, c.lane)] += 1
    # card columns per phase: one row per lane if it fits, else fewer columns, more rows
    cols = {p: max(1, *(counts[(p, lane)] for lane in range(len(lanes)))) for p in PHASES}
    step = s.card_w + s.gap_x
    room = max(s.max_w - s.label_w - len(PHASES) * s.gap_x, 3 * step)

    def total_rows(k: dict[str, int]) -> int:
        return sum(max(1, *(-(-counts[(p, lane)] // k[p]) for p in PHASES)) for lane in range(len(lanes)))

    while sum(cols.values()) * step > room and max(cols.values()) > 1:
        # take a column from the phase where losing it adds the fewest rows
        best = min((p for p in PHASES if cols[p] > 1),
                   key=lambda p: (total_rows({**cols, p: cols[p] - 1}), len(by_phase[p]), PHASES.index(p)))
        cols[best] -= 1

    # place the cards. A lane whose cards fit in one row puts each card in the column that
    # matches its place in the phase, so the map lines up with the emotion curve; a fuller
    # lane fills its rows left to right, top to bottom.
    rows_needed = [1] * len(lanes)
    for phase in PHASES:
        k, n = cols[phase], len(by_phase[phase])
        groups: dict[int, list[tuple[int, _Card]]] = {}
        for j, card in enumerate(by_phase[phase]):
            groups.setdefault(card.lane, []).append((j, card))
        for lane, group in groups.items():
            m, free = len(group), 0
            for idx, (j, card) in enumerate(group):
                if m <= k:
                    card.row, card.col = 0, min(max(j * k // n, free), k - (m - idx))
                    free = card.col + 1
                else:
                    card.row, card.col = divmod(idx, k)
            rows_needed[lane] = max(rows_needed[lane], group[-1][1].row + 1)

    lay = _Layout(sizes=s, cards=cards, lanes=lanes, cols=cols)
    x = s.label_w
    for phase in PHASES:
        width = cols[phase] * step + s.gap_x
        lay.phase_x[phase] = (x, width)
        x += width
    lay.width = x + 0.1

    title_h = s.title_font * 1.9 / 72
    lane_heights = [r * (s.card_h + s.gap_y) + s.gap_y for r in rows_needed]
    below = s.legend_h + (s.curve_h + s.ticks_h + 0.25 if show_emotion else 0.1)
    lay.height = 0.1 + title_h + s.header_h + sum(lane_heights) + below + 0.05
    y = lay.height - 0.1
    lay.title_y = y - title_h / 2
    y -= title_h
    lay.header_y = y - s.header_h
    y = lay.header_y
    for h in lane_heights:
        lay.lane_y.append((y - h, h))
        y -= h
    lay.curve_y = y - 0.25 - s.curve_h
    lay.legend_y = 0.05 + s.legend_h / 2

    for phase in PHASES:
        x0, width = lay.phase_x[phase]
        n = len(by_phase[phase])
        for j, card in enumerate(by_phase[phase]):
            top = lay.lane_y[card.lane][0] + lay.lane_y[card.lane][1]
            card.x = x0 + s.gap_x + card.col * step
            card.y = top - s.gap_y - s.card_h - card.row * (s.card_h + s.gap_y)
            card.curve_x = x0 + (j + 0.5) * width / n
    return lay


# --------------------------------------------------------------------------- drawing

def tint(colour: str, amount: float = 0.72) -> tuple[float, float, float]:
    """``colour`` mixed with white (``amount`` 0 = unchanged, 1 = white)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def plot_journey_map(journey, *, ax=None, lang=None, show_emotion: bool = True):
    """Draw ``journey`` as a journey map; return the main Axes.

    Columns are the phases before / during / after, rows the channels (touchpoints
    without a channel share an "other" lane). Cards are numbered in journey order; the
    emotion curve beneath (an inset of the same Axes) uses the same numbers. A star and a
    thick border mark a moment of truth; a dashed border an unconscious contact moment.
    """
    lang = check_language(lang)
    lay = _layout(journey, lang, show_emotion)
    s = lay.sizes
    if ax is None:
        ax = style.get_ax(None, figsize=(lay.width, lay.height))
        ax.set_position((0, 0, 1, 1))  # the layout itself keeps the margins
        sx = sy = 1.0
    else:
        fig_w, fig_h = ax.figure.get_size_inches()
        pos = ax.get_position()
        sx, sy = fig_w * pos.width / lay.width, fig_h * pos.height / lay.height
    scale = min(1.0, sx, sy)
    font, lane_font = s.font * scale, s.lane_font * scale
    ax.set_xlim(0, lay.width)
    ax.set_ylim(0, lay.height)
    ax.set_axis_off()

    ax.text(0.1, lay.title_y, shorten(t("chart.journeymap.title", lang, name=journey.name), 90),
            fontsize=s.title_font * scale, fontweight="bold", va="center", ha="left")

    # phase headers and columns
    lanes_top = lay.header_y
    lanes_bottom = lay.lane_y[-1][0]
    for phase in PHASES:
        x0, width = lay.phase_x[phase]
        count = sum(1 for c in lay.cards if c.phase == phase)
        colour = style.PHASE_COLOURS[phase]
        ax.add_artist(Rectangle((x0 + 0.02, lay.header_y + 0.03), width - 0.04, s.header_h - 0.06,
                               facecolor=colour, edgecolor="none"))
        label = t("chart.journeymap.phase_header", lang, phase=t(f"phase.{phase}", lang), count=count)
        ax.text(x0 + width / 2, lay.header_y + s.header_h / 2,
                _fit(label, (width - 0.1) * 72 * sx, s.header_font * scale, "bold", "normal", True),
                ha="center", va="center", fontsize=s.header_font * scale, fontweight="bold")
        ax.plot([x0, x0], [lanes_bottom, lanes_top], color=style.NEUTRAL, lw=0.8, zorder=1)
    end = sum(lay.phase_x[PHASES[-1]])
    ax.plot([end, end], [lanes_bottom, lanes_top], color=style.NEUTRAL, lw=0.8, zorder=1)

    # lanes
    for i, (name, (y0, h)) in enumerate(zip(lay.lanes, lay.lane_y)):
        if i % 2 == 0:
            ax.add_artist(Rectangle((0.02, y0), end - 0.02, h, facecolor="#F2F2F2", edgecolor="none", zorder=0))
        ax.plot([0.02, end], [y0, y0], color="#BBBBBB", lw=0.6, zorder=1)
        max_lines = max(1, min(3, int(h * 72 * sy / (lane_font * 1.25))))
        lines = wrap_text(name, (s.label_w - 0.2) * 72 * sx, lane_font, max_lines=max_lines, weight="bold")
        ax.text(0.1, y0 + h / 2, "\n".join(lines), ha="left", va="center", fontsize=lane_font,
                fontweight="bold", linespacing=1.15)

    # cards
    inner_w = (s.card_w - 2 * s.pad - s.star) * 72 * sx
    thick = (1.4 if style.is_lecture() else 1.0) * max(scale, 0.5)
    for card in lay.cards:
        tp = card.tp
        ax.add_artist(FancyBboxPatch(
            (card.x, card.y), s.card_w, s.card_h, boxstyle="round,pad=0,rounding_size=0.05",
            facecolor=tint(style.PHASE_COLOURS[card.phase]),
            edgecolor="black" if tp.moment_of_truth else "#555555",
            linewidth=(2.8 if tp.moment_of_truth else 1.0) * thick,
            linestyle="--" if not tp.conscious else "-", zorder=2, gid=f"tp-card-{tp.id}"))
        lines = wrap_text(f"{card.number}. {tp.name}", inner_w, font, max_lines=_MAX_LINES)
        ax.text(card.x + s.pad, card.y + s.card_h - s.pad, "\n".join(lines), ha="left", va="top",
                fontsize=font, linespacing=1.15, zorder=3, gid=f"tp-label-{tp.id}")
    stars = [c for c in lay.cards if c.tp.moment_of_truth]
    if stars:
        ax.plot([c.x + s.card_w - s.star / 2 - 0.02 for c in stars],
                [c.y + s.card_h - s.star / 2 - 0.02 for c in stars], linestyle="none", marker="*",
                markersize=s.star * 72 * scale, markerfacecolor=_MOT_STAR, markeredgecolor="black",
                markeredgewidth=0.8, zorder=4, gid="mot-card-stars")

    if not lay.cards:
        y0, h = lay.lane_y[0]
        ax.text((s.label_w + end) / 2, y0 + h / 2, t("chart.journeymap.empty", lang), ha="center",
                va="center", fontsize=lane_font, style="italic", color=style.NEUTRAL)

    if show_emotion:
        _emotion_band(ax, lay, lang, scale, sx, sy)
    _legend(ax, lay, lang, scale)
    return ax


def _emotion_band(ax, lay: _Layout, lang: str, scale: float, sx: float, sy: float):
    """The emotion curve under the map, drawn in the map's own Axes (data units are
    inches times ``sx``/``sy``): background per phase, the -3..+3 scale with its ticks,
    the curve with a marker per touchpoint and the touchpoint numbers beneath.

    It used to be an inset Axes; a second Axes (its ticks, spines and layout) cost about a
    third of a redraw in the touchpoint mapper, for a few lines and texts.
    """
    import numpy as np

    s = lay.sizes
    x0 = lay.phase_x[PHASES[0]][0]
    x1 = sum(lay.phase_x[PHASES[-1]])
    bottom, height = lay.curve_y, s.curve_h

    def ey(value):  # emotion -> map y; the scale runs from -3.6 to +3.6 over the band
        return bottom + (np.asarray(value, dtype=float) + 3.6) / 7.2 * height

    def pts_x(points):  # a length in points as map x units
        return points / 72 / sx

    def pts_y(points):
        return points / 72 / sy

    tick_font = s.font * scale
    for phase in PHASES:
        start, width = lay.phase_x[phase]
        ax.add_artist(Rectangle((start, bottom), width, height, facecolor=tint(style.PHASE_COLOURS[phase], 0.8),
                                edgecolor="none", zorder=0.5, gid=f"emotion-band-{phase}"))
    ax.plot([x0, x1], [ey(0)] * 2, color=style.NEUTRAL, lw=0.8, ls=":", zorder=1)
    # the axis lines (left and bottom), the ticks -3, 0, +3 and the scale's name
    line_w, tick_len = mpl.rcParams["axes.linewidth"], mpl.rcParams["ytick.major.size"]
    ticks = ey([-3, 0, 3])
    ax.plot([x0, x0, x1], [bottom + height, bottom, bottom], color="black", lw=line_w, zorder=1.5,
            solid_joinstyle="miter", solid_capstyle="projecting", gid="emotion-band")
    ax.plot(np.repeat([[x0 - pts_x(tick_len), x0, np.nan]], 3, axis=0).ravel(), np.repeat(ticks, 3),
            color="black", lw=mpl.rcParams["ytick.major.width"], zorder=1.5)
    label_x = x0 - pts_x(tick_len + mpl.rcParams["ytick.major.pad"])
    for value, y in zip(("-3", "0", "+3"), ticks):
        ax.text(label_x, y, value, ha="right", va="center", fontsize=tick_font)
    widest = max(text_width(v, tick_font) for v in ("-3", "+3"))
    ax.text(label_x - pts_x(widest + 4), bottom + height / 2, t("field.emotion", lang), rotation=90,
            ha="right", va="center", fontsize=s.lane_font * scale, gid="emotion-band-label")
    cards = lay.cards
    if not cards:
        return
    xs = [c.curve_x for c in cards]
    ys = [c.tp.emotion for c in cards]
    ax.plot(xs, ey(ys), color="black", lw=1.4 * (1.6 if style.is_lecture() else 1), zorder=2, gid="emotion-curve")
    for sign, marker, colour in ((1, "^", style.GOOD), (0, "o", style.NEUTRAL), (-1, "v", style.BAD)):
        pts = [(x, y) for x, y, c in zip(xs, ys, cards)
               if (y > 0) - (y < 0) == sign and not c.tp.moment_of_truth]
        if pts:
            px, py = zip(*pts)
            ax.plot(px, ey(py), linestyle="none", marker=marker, color=colour, markeredgecolor="black",
                    markeredgewidth=0.5, markersize=(9 if style.is_lecture() else 6) * scale, zorder=3)
    mot = [(x, y) for x, y, c in zip(xs, ys, cards) if c.tp.moment_of_truth]
    if mot:
        px, py = zip(*mot)
        ax.plot(px, ey(py), linestyle="none", marker="*", markerfacecolor=_MOT_STAR,
                markeredgecolor="black", markeredgewidth=0.8,
                markersize=(20 if style.is_lecture() else 13) * scale, zorder=4, gid="mot-curve-stars")
    # number the points; thin the numbers out when they would touch
    spacing = min(lay.phase_x[p][1] / max(1, sum(1 for c in cards if c.phase == p))
                  for p in PHASES if any(c.phase == p for c in cards)) * 72 * sx
    need = text_width(str(len(cards)), tick_font) + 4
    step = next((k for k in (1, 2, 5, 10, 20) if k * spacing >= need), 20)
    numbers_y = bottom - 0.04 * height
    for c in cards:
        if c.number == 1 or c.number % step == 0:
            ax.text(c.curve_x, numbers_y, str(c.number), ha="center", va="top", fontsize=tick_font,
                    gid=f"tp-number-{c.number}")
    ax.text((x0 + x1) / 2, numbers_y - pts_y(tick_font * 1.3 + 2), t("chart.journeymap.curve_xlabel", lang),
            ha="center", va="top", fontsize=tick_font)


def _legend(ax, lay: _Layout, lang: str, scale: float):
    s = lay.sizes
    handles = [
        Line2D([], [], linestyle="none", marker="*", markersize=12 * scale, markerfacecolor=_MOT_STAR,
               markeredgecolor="black", label=t("field.moment_of_truth", lang)),
        Patch(facecolor="white", edgecolor="#555555", linestyle="-",
              label=t("chart.journeymap.conscious", lang)),
        Patch(facecolor="white", edgecolor="#555555", linestyle="--",
              label=t("chart.journeymap.unconscious", lang)),
    ]
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(0.1, lay.legend_y),
              bbox_transform=ax.transData, ncols=3, frameon=False, fontsize=s.font * scale * 1.1,
              handlelength=1.6, columnspacing=1.6)


# --------------------------------------------------------------------------- description

def _named(cards, lang, limit: int = 3, by_name: bool = True) -> str:
    """'Name' (nr. 3), ... in name order (or map order), at most ``limit``, then "n more"."""
    if by_name:
        cards = sorted(cards, key=lambda c: (c.tp.name.casefold(), c.tp.name, c.number))
    parts = [t("chart.journeymap.named", lang, name=quote(c.tp.name), number=c.number) for c in cards[:limit]]
    if len(cards) > limit:
        parts.append(t("chart.text.more", lang, count=len(cards) - limit))
    return join_words(parts, lang)


def describe_journey_map(journey, *, lang=None) -> str:
    """One paragraph: touchpoints per phase, channels, moments of truth, lowest and highest emotion."""
    lang = check_language(lang)
    tps = ordered_touchpoints(journey)
    name = quote(journey.name)
    if not tps:
        return t("chart.journeymap.describe_empty", lang, name=name)
    cards = [_Card(number=i + 1, tp=tp, lane=0, phase=tp.phase) for i, tp in enumerate(tps)]
    phases = ", ".join(t("chart.journeymap.phase_count", lang, phase=t(f"phase.{p}", lang),
                         count=len(journey.by_phase(p))) for p in PHASES)
    parts = [t_count("chart.journeymap.describe_intro", len(tps), lang, name=name, phases=phases)]

    lanes, _ = _lanes(tps, lang)
    no_channel = sum(1 for tp in tps if not tp.channel.strip())
    channels = lanes[:-1] if no_channel else lanes  # the last lane is "other" when it is there
    if channels:
        parts.append(t_count("chart.journeymap.describe_channels", len(channels), lang,
                             channels=join_words([shorten(c, 40) for c in channels[:8]]
                                                 + ([t("chart.text.more", lang, count=len(channels) - 8)]
                                                    if len(channels) > 8 else []), lang)))
    if no_channel:
        parts.append(t_count("chart.journeymap.describe_no_channel", no_channel, lang))
    unconscious = sum(1 for tp in tps if not tp.conscious)
    if unconscious:
        parts.append(t_count("chart.journeymap.describe_unconscious", unconscious, lang))

    mot = [c for c in cards if c.tp.moment_of_truth]
    if mot:
        names = _named(mot, lang, 6, by_name=False)  # in journey order
        parts.append(t_count("chart.journeymap.describe_mot", len(mot), lang, names=names))
    else:
        parts.append(t("chart.journeymap.describe_no_mot", lang))

    low = min(tp.emotion for tp in tps)
    high = max(tp.emotion for tp in tps)
    if low == high:
        parts.append(t("chart.journeymap.describe_flat", lang, emotion=format_signed(low, lang)))
    else:
        parts.append(t("chart.journeymap.describe_low", lang, emotion=format_signed(low, lang),
                       names=_named([c for c in cards if c.tp.emotion == low], lang)))
        parts.append(t("chart.journeymap.describe_high", lang, emotion=format_signed(high, lang),
                       names=_named([c for c in cards if c.tp.emotion == high], lang)))
    return " ".join(parts)


__all__ = ["plot_journey_map", "describe_journey_map", "ordered_touchpoints", "text_width", "wrap_text", "tint"]
