"""Simon Sinek's golden circle (Start With Why, 2009) filled with the learner's brand.

Three concentric circles, Why inside, How around it, What outside: inspiring
organisations communicate from the inside out. The learner's own texts stand beside
the circle, each joined to its ring by a line; the three essence words sit under it.
Empty fields show a grey placeholder in the chosen language.
"""
from __future__ import annotations

from matplotlib.patches import Circle, FancyBboxPatch

from ..i18n import check_language, t
from ..text import join_words, quote, shorten, t_count
from . import style
from .journeymap import tint, wrap_text

_RINGS = ("why", "how", "what")  # inside out
_RADII = {"why": 1 / 3, "how": 2 / 3, "what": 1.0}
_COLOURS = {"why": style.OKABE_ITO["orange"], "how": style.OKABE_ITO["sky_blue"],
            "what": style.OKABE_ITO["bluish_green"]}
_FILL = {"why": 0.35, "how": 0.55, "what": 0.72}  # how far each colour is mixed with white


def plot_golden_circle(brand, *, ax=None, lang=None):
    """Draw the golden circle of ``brand`` (a :class:`~journeylib.model.BrandEssence`)."""
    lang = check_language(lang)
    lecture = style.is_lecture()
    created = ax is None
    ax = style.get_ax(ax, figsize=(13, 7.8) if lecture else (9.5, 5.8))
    fig = ax.figure
    if created:
        fig.subplots_adjust(left=0.03, right=0.98, top=0.9, bottom=0.03)
    base = 15 if lecture else 9.5

    ax.set_aspect("equal")
    ax.set_xlim(-1.16, 3.84)
    ax.set_ylim(-1.55, 1.25)
    ax.set_axis_off()
    for ring in reversed(_RINGS):  # largest first, so the smaller ones lie on top
        ax.add_patch(Circle((0, 0), _RADII[ring], facecolor=tint(_COLOURS[ring], _FILL[ring]),
                            edgecolor="black", linewidth=1.4 if lecture else 1.0, zorder=1))
    label_y = {"why": 0.0, "how": 0.5, "what": 0.83}
    for ring in _RINGS:
        ax.text(0, label_y[ring], t(f"field.{ring}", lang).upper(), ha="center", va="center",
                fontsize=base * 1.15, fontweight="bold", zorder=3)

    # the learner's texts, joined to their rings
    ax_w_in = fig.get_size_inches()[0] * ax.get_position().width
    text_w = (3.85 - 1.3) / 5.0 * ax_w_in * 72 * 0.95  # points available right of the circle
    block_y = {"why": 0.78, "how": 0.0, "what": -0.78}
    anchor = {"why": (0.17, 0.22), "how": (0.55, 0.1), "what": (0.9, -0.3)}
    for ring in _RINGS:
        text = getattr(brand, ring).strip()
        heading = t(f"chart.golden.heading_{ring}", lang)
        if text:
            body = wrap_text(text, text_w, base, max_lines=3)
            colour, font_style = "black", "normal"
        else:
            body = wrap_text(t(f"chart.golden.placeholder_{ring}", lang), text_w, base, max_lines=3,
                             font_style="italic")
            colour, font_style = style.NEUTRAL, "italic"
        y = block_y[ring]
        ax.plot([anchor[ring][0], 1.22], [anchor[ring][1], y + 0.12], color="black", lw=0.8, zorder=2)
        ax.plot([anchor[ring][0]], [anchor[ring][1]], marker="o", color="black", markersize=4, zorder=2)
        ax.text(1.3, y + 0.12, heading, ha="left", va="center", fontsize=base * 1.05, fontweight="bold",
                color="black", gid=f"golden-heading-{ring}")
        ax.text(1.3, y + 0.0, "\n".join(body), ha="left", va="top", fontsize=base, color=colour,
                style=font_style, linespacing=1.2, gid=f"golden-text-{ring}")

    # the three essence words under the circle
    ax.text(0.3, -1.13, t("field.essence_words", lang), ha="center", va="center", fontsize=base,
            fontweight="bold")
    word_w = 0.9
    for i, word in enumerate(brand.essence_words):
        x = 0.3 + (i - 1) * (word_w + 0.08)
        filled = bool(word.strip())
        shown = word.strip() if filled else t("chart.golden.word_placeholder", lang, number=i + 1)
        shown = wrap_text(shown, (word_w - 0.06) / 5.0 * ax_w_in * 72, base, max_lines=1,
                          font_style="normal" if filled else "italic")[0]
        ax.add_patch(FancyBboxPatch((x - word_w / 2, -1.47), word_w, 0.2,
                                    boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor="white", edgecolor="black" if filled else style.NEUTRAL,
                                    linestyle="-" if filled else "--", linewidth=1.0))
        ax.text(x, -1.37, shown, ha="center", va="center", fontsize=base,
                color="black" if filled else style.NEUTRAL, style="normal" if filled else "italic",
                gid=f"golden-word-{i + 1}")

    title = t("chart.golden.title", lang, organisation=shorten(brand.organisation, 60)) \
        if brand.organisation.strip() else t("chart.golden.title_empty", lang)
    ax.set_title(title, fontsize=base * 1.35, fontweight="bold", loc="left")
    return ax


def describe_golden_circle(brand, *, lang=None) -> str:
    """One paragraph: the organisation, why / how / what from inside out, the essence words."""
    lang = check_language(lang)
    organisation = brand.organisation.strip()
    parts = [t("chart.golden.describe_intro", lang,
               organisation=quote(organisation) if organisation else t("chart.golden.no_organisation", lang))]
    missing = []
    for ring in _RINGS:
        text = getattr(brand, ring).strip()
        name = t(f"field.{ring}", lang)
        if text:
            parts.append(t("chart.golden.describe_ring", lang, ring=name, text=quote(text.rstrip(". "), 160)))
        else:
            missing.append(name.lower())
    words = [w.strip() for w in brand.essence_words if w.strip()]
    if words:
        parts.append(t_count("chart.golden.describe_words", len(words), lang,
                             words=join_words([quote(w) for w in words], lang)))
    if len(words) < 3:
        missing.append(t_count("chart.golden.missing_words", 3 - len(words), lang))
    if missing:
        parts.append(t("chart.golden.describe_missing", lang, missing=join_words(missing, lang)))
    else:
        parts.append(t("chart.golden.describe_complete", lang))
    return " ".join(parts)


__all__ = ["plot_golden_circle", "describe_golden_circle"]
