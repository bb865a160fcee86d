"""The reflection poster: the learner's keywords and images per phase of the journey.

Three columns, Before / During / After, each with its keywords and its (at most two)
images; the title carries the learner's name. It is the paper sheet of the source text's
assignment ("write keywords per phase and choose two images"), made printable: export it
with :func:`journeylib.charts.export.figure_bytes` as PNG or PDF.

The layout is computed in inches on one Axes that fills the figure (one data unit is one
inch), so images keep their aspect ratio and keywords are wrapped with real font metrics.
The phase colour only repeats the column heading; empty image places are dashed boxes
with a text, so nothing depends on colour alone.
"""
from __future__ import annotations

import base64
from functools import lru_cache

import numpy as np
from matplotlib.patches import FancyBboxPatch, Rectangle

from ..i18n import check_language, t
from ..images import open_stored
from ..model import LIMITS, PHASES
from ..text import join_words, quote, shorten, t_count
from . import style
from .journeymap import tint, wrap_text

WIDTH = 12.0  # inches
_MARGIN, _GAP = 0.4, 0.3
_TITLE_H, _HEADER_H = 0.95, 0.5
_IMAGE_H, _IMAGE_GAP = 2.5, 0.2
_FONT, _HEADER_FONT, _TITLE_FONT = 11.0, 14.0, 19.0
_LINE = 1.35  # line height as a multiple of the font size
_KEYWORD_LINES = 2  # a keyword is wrapped to at most this many lines
IMAGE_DPI = 150  # images are resampled to this many pixels per inch of the poster (the export resolution)


@lru_cache(maxsize=12)
def _picture(data: str, mime: str, width: int, height: int, box_w: float, box_h: float) -> np.ndarray:
    """A stored image as a read-only array, resampled to its size on the poster at
    :data:`IMAGE_DPI` (cached: the same images are drawn again after every edit)."""
    from PIL import Image

    picture = open_stored(base64.b64decode(data))
    scale = min(box_w / picture.width, box_h / picture.height) * IMAGE_DPI
    target = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    if target[0] < picture.width:
        picture = picture.resize(target, Image.Resampling.LANCZOS)
    array = np.asarray(picture.convert("RGBA"))
    array.setflags(write=False)
    return array


def _keyword_lines(keywords, width_pt: float) -> list[str]:
    lines: list[str] = []
    for word in keywords:
        parts = wrap_text(word, width_pt - 12, _FONT, max_lines=_KEYWORD_LINES)
        lines.append("• " + parts[0])
        lines.extend("   " + part for part in parts[1:])
    return lines


def plot_poster(workbook, *, ax=None, lang=None):
    """Draw the reflection poster of ``workbook`` (its ``reflections`` and ``learner``).

    Without ``ax`` a new figure is made whose height follows the longest keyword list.
    """
    lang = check_language(lang)
    col_w = (WIDTH - 2 * _MARGIN - 2 * _GAP) / 3
    text_pt = (col_w - 0.3) * 72
    columns = {phase: _keyword_lines(workbook.reflections[phase].keywords, text_pt) for phase in PHASES}
    line_h = _FONT * _LINE / 72
    kw_h = max(1, *(len(lines) for lines in columns.values())) * line_h + 0.35
    images_h = LIMITS["images_per_phase"] * (_IMAGE_H + _IMAGE_GAP)
    height = _MARGIN + _TITLE_H + _HEADER_H + kw_h + images_h + _MARGIN

    if ax is None:
        import matplotlib.pyplot as plt

        style.apply()
        fig = plt.figure(figsize=(WIDTH, height))
        ax = fig.add_axes((0, 0, 1, 1))
    else:
        ax.set_aspect("equal")
    ax.set_axis_off()

    name = " ".join(workbook.learner.split())
    title = t("chart.poster.title_named", lang, name=shorten(name, 60)) if name else t("chart.poster.title", lang)
    top = height - _MARGIN
    ax.text(_MARGIN, top, title, ha="left", va="top", fontsize=_TITLE_FONT, fontweight="bold", gid="poster-title")
    ax.text(_MARGIN, top - 0.5, t("chart.poster.subtitle", lang), ha="left", va="top", fontsize=_FONT,
            color="#333333")

    header_top = top - _TITLE_H
    bottom = _MARGIN
    for i, phase in enumerate(PHASES):
        x0 = _MARGIN + i * (col_w + _GAP)
        colour = style.PHASE_COLOURS[phase]
        ax.add_patch(FancyBboxPatch((x0, bottom), col_w, header_top - bottom, boxstyle="round,pad=0,rounding_size=0.12",
                                    facecolor=tint(colour, 0.88), edgecolor=tint(colour, 0.3), linewidth=1.2,
                                    zorder=0))
        ax.add_patch(Rectangle((x0, header_top - _HEADER_H), col_w, _HEADER_H, facecolor=tint(colour, 0.45),
                               edgecolor="none", zorder=1))
        ax.text(x0 + col_w / 2, header_top - _HEADER_H / 2, t(f"phase.{phase}", lang), ha="center", va="center",
                fontsize=_HEADER_FONT, fontweight="bold", zorder=2, gid=f"poster-header-{phase}")

        # keywords
        y = header_top - _HEADER_H - 0.2
        lines = columns[phase]
        if lines:
            ax.text(x0 + 0.15, y, "\n".join(lines), ha="left", va="top", fontsize=_FONT, linespacing=_LINE,
                    zorder=2, gid=f"poster-keywords-{phase}")
        else:
            ax.text(x0 + 0.15, y, t("chart.poster.no_keywords", lang), ha="left", va="top", fontsize=_FONT,
                    style="italic", color=style.NEUTRAL, zorder=2, gid=f"poster-keywords-{phase}")

        # images, or dashed places for them
        images = workbook.reflections[phase].images
        slot_w = col_w - 0.3
        slot_top = header_top - _HEADER_H - kw_h
        for k in range(LIMITS["images_per_phase"]):
            sy1 = slot_top - k * (_IMAGE_H + _IMAGE_GAP)
            sy0 = sy1 - _IMAGE_H
            sx0 = x0 + 0.15
            if k < len(images):
                image = images[k]
                scale = min(slot_w / image.width, _IMAGE_H / image.height)
                dw, dh = image.width * scale, image.height * scale
                picture = _picture(image.data, image.mime, image.width, image.height, slot_w, _IMAGE_H)
                ix0, iy0 = sx0 + (slot_w - dw) / 2, sy0 + (_IMAGE_H - dh) / 2
                ax.imshow(picture, extent=(ix0, ix0 + dw, iy0, iy0 + dh), aspect="auto",
                          interpolation="antialiased", zorder=3, gid=f"poster-image-{phase}-{k + 1}")
                ax.add_patch(Rectangle((ix0, iy0), dw, dh, facecolor="none", edgecolor="#444444", linewidth=0.8,
                                       zorder=4))
            else:
                ax.add_patch(Rectangle((sx0, sy0), slot_w, _IMAGE_H, facecolor="white", edgecolor=style.NEUTRAL,
                                       linestyle=(0, (5, 4)), linewidth=1.0, zorder=2))
                ax.text(sx0 + slot_w / 2, sy0 + _IMAGE_H / 2, t("chart.poster.no_image", lang), ha="center",
                        va="center", fontsize=_FONT * 0.9, style="italic", color=style.NEUTRAL, zorder=3)
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, height)
    return ax


def poster_figure(workbook, lang=None):
    """The poster as a new matplotlib Figure (for the preview and the PNG/PDF export)."""
    return plot_poster(workbook, lang=lang).figure


def describe_poster(workbook, *, lang=None) -> str:
    """One paragraph: whose poster, and per phase its keywords and images."""
    lang = check_language(lang)
    name = " ".join(workbook.learner.split())
    parts = [t("chart.poster.describe_named", lang, name=shorten(name, 60)) if name
             else t("chart.poster.describe", lang)]
    for phase in PHASES:
        reflection = workbook.reflections[phase]
        words, images = reflection.keywords, reflection.images
        phase_name = t(f"phase.{phase}", lang)
        if not words and not images:
            parts.append(t("chart.poster.describe_empty", lang, phase=phase_name))
            continue
        keywords_text = (t_count("chart.poster.describe_keywords", len(words), lang,
                                 words=join_words([quote(w, 40) for w in words], lang))
                         if words else t("chart.poster.describe_no_keywords", lang))
        images_text = (t_count("chart.poster.describe_images", len(images), lang,
                               names=join_words([quote(img.name or "-", 40) for img in images], lang))
                       if images else t("chart.poster.describe_no_images", lang))
        parts.append(t("chart.poster.describe_phase", lang, phase=phase_name, keywords=keywords_text,
                       images=images_text))
    return " ".join(parts)


__all__ = ["plot_poster", "poster_figure", "describe_poster"]
