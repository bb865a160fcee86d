"""The reflection board: keywords and two images per phase, and a poster of them.

The source text ends each phase with the same small assignment: write down the keywords
that stayed with you and choose two images that fit the phase; they come back at the
next training. :class:`ReflectionBoard` is that sheet of paper:

* per phase (before / during / after) keywords and up to two images (PNG, JPEG, GIF or
  WebP). A keyword is typed in a text field and added with Enter (or when the field loses
  focus); the field stays, empty, for the next one; each keyword is a button that removes
  it. (Not ipywidgets' ``TagsInput``: its view hides the typing field as soon as it holds a
  tag and is redrawn, which every answer from the kernel does, so after the first keyword
  the field was gone.) Images come through :class:`~journeylib.widgets.upload.UploadButton`,
  without the file count that ipywidgets' ``FileUpload`` always shows ("(0)" once an
  upload is handled). Uploads are checked and downscaled by :func:`journeylib.images.prepare_image`
  and stored inside the workbook; a bad file shows a message next to its button and
  changes nothing;
* a poster preview (:func:`journeylib.charts.poster.plot_poster`) with the learner's name
  in the title, and its export as PNG and PDF (download links).

The task comes at the end of each phase it covers, on the same board: notebook 03 shows
``ReflectionBoard(session, phase="before")``, notebook 04 ``phase="during"`` (only that
phase's column, with the poster so far), and notebook 08 the whole board, where the learner
adds "after", names the poster and exports it. The registry (:mod:`journeylib.assignments`)
lists one assignment per phase.
"""
from __future__ import annotations

import base64
import re

import ipywidgets as W
import matplotlib.pyplot as plt

from ..charts.export import figure_bytes
from ..charts.poster import describe_poster, plot_poster, poster_figure
from ..charts.style import PHASE_COLOURS
from ..errors import JourneyError, LimitError
from ..i18n import t
from ..images import display_name, prepare_image
from ..model import LIMITS, PHASES, assign
from .base import WIDE, FieldMessage, JourneyWidget, chart_area, esc, fit, full, one_line, row, show_figure, up_to
from .upload import UploadButton

__all__ = ["ReflectionBoard", "poster_figure"]

ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,image/png,image/jpeg,image/gif,image/webp"
PREVIEW_DPI = 80  # the preview in the notebook; exports use the chart style's 150 dpi


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


class _PhaseColumn:
    """The controls of one phase: keywords (a field and a button per keyword), upload, images."""

    def __init__(self, board: "ReflectionBoard", phase: str):
        self.phase = phase
        self.header = W.HTML()
        # continuous_update=False: the value comes on Enter (or when the field loses focus)
        self.keyword_input = W.Text(value="", continuous_update=False, style=WIDE,
                                    layout=full())
        self.keyword_buttons = row(gap="0.3em", align="stretch", width="100%")
        self.keywords_message = FieldMessage()
        self.images_heading = W.HTML()
        self.upload = UploadButton(accept=ACCEPT, multiple=True, icon="image", layout=fit())
        self.image_message = FieldMessage()
        self.gallery = W.VBox(layout=full(grid_gap="0.4em"))
        board.on_change(self.keyword_input, lambda change: board._on_keyword_typed(phase, change["new"]))
        board.on_change(self.upload, lambda change: board._on_upload(phase, change))
        self.box = W.VBox([self.header, self.keyword_input, self.keyword_buttons, self.keywords_message,
                           self.images_heading, self.upload, self.image_message, self.gallery],
                          layout=W.Layout(flex="1 1 18em", min_width="16em", padding="0.4em 0.8em",
                                          border=f"2px solid {PHASE_COLOURS[phase]}", grid_gap="0.3em"))

    @property
    def shown_keywords(self) -> list[str]:
        """The keywords the column shows (one remove button each)."""
        return [button.description for button in self.keyword_buttons.children]


class ReflectionBoard(JourneyWidget):
    """Keywords and images per phase of the journey, a poster preview and its export.

    ``phase`` ("before", "during" or "after"): only that phase's column and the poster so far
    (the end of a phase in notebooks 03 and 04); without it, the whole board with the
    learner's name and the export (notebook 08)."""

    def __init__(self, session, phase: str | None = None):
        if phase is not None and phase not in PHASES:
            raise ValueError(f"phase must be one of {', '.join(PHASES)} or None, not {phase!r}")
        super().__init__(session)
        self.phase = phase
        self.phases: tuple[str, ...] = PHASES if phase is None else (phase,)
        self.intro = W.HTML()
        self.name = W.Text(continuous_update=False, style=WIDE, layout=up_to("28em"))
        self.columns = {p: _PhaseColumn(self, p) for p in self.phases}
        self.export = W.Button(icon="download", button_style="primary", layout=fit(min_width="12em"))
        self.export.on_click(lambda _: self._export())
        self.links = W.HTML()
        self.preview_heading = W.HTML()
        self.out, self.caption = chart_area()
        self.name_field = self.bind(self.name, get=lambda: self.workbook.learner,
                                    put=lambda value: assign(self.workbook, "learner", value), read=one_line,
                                    label=None, after=lambda _old, _new: self._edited())
        self.name_message = self.name_field.message
        columns = row([c.box for c in self.columns.values()], gap="1em", align="stretch", width="100%")
        if phase is None:
            self.children = [self.intro, row(self.name_field.parts, gap="0.6em"), columns, self.preview_heading,
                             row([self.export, self.links], gap="1em"), self.message, self.out, self.caption]
        else:  # one phase: its column and the poster so far; naming and export come in notebook 08
            self.children = [self.intro, columns, self.message, self.preview_heading, self.out, self.caption]
        self.relabel()
        self.refresh()

    # -- state
    @property
    def workbook(self):
        return self.session.workbook

    def keyword_count(self) -> int:
        """Keywords in the phases this board shows."""
        return sum(len(self.workbook.reflections[p].keywords) for p in self.phases)

    def image_count(self) -> int:
        """Images in the phases this board shows."""
        return sum(len(self.workbook.reflections[p].images) for p in self.phases)

    # -- display
    def __repr__(self) -> str:
        which = f" {self.phase}" if self.phase else ""
        return f"<ReflectionBoard{which}: {self.keyword_count()} keywords, {self.image_count()} images>"

    def describe(self) -> str:
        return describe_poster(self.workbook)

    def relabel(self) -> None:
        intro = t("reflection.intro") if self.phase is None else t(f"reflection.intro_{self.phase}")
        self.intro.value = f"<p style='font-size:1.1em;margin:0 0 0.4em;max-width:60em'>{esc(intro)}</p>"
        self.name.description = t("reflection.name")
        self.name.tooltip = t("reflection.name_help")
        self.name.placeholder = t("reflection.name_placeholder")
        for phase, col in self.columns.items():
            col.header.value = (f"<h3 style='margin:0.1em 0;padding:0.15em 0.4em;background:{PHASE_COLOURS[phase]}33'>"
                                f"{esc(t(f'phase.{phase}'))}</h3>")
            col.keyword_input.description = t("reflection.keywords")
            col.keyword_input.tooltip = t("reflection.keywords_help", limit=LIMITS["keywords_per_phase"],
                                          length=LIMITS["short_text"])
            self._show_keywords(phase)
            col.upload.description = t("reflection.upload")
            col.upload.tooltip = t("reflection.upload_help", size=LIMITS["image_upload_bytes"] // 2**20,
                                   limit=LIMITS["images_per_phase"])
            self._show_images(phase)
        self.export.description = t("reflection.export")
        self.export.tooltip = t("reflection.export_help")
        self.preview_heading.value = f"<h3 style='margin:0.6em 0 0.2em'>{esc(t('reflection.preview'))}</h3>"
        self.links.value = ""  # an exported poster has the texts of the previous language
        self._draw()

    def refresh(self) -> None:
        """Show ``session.workbook.reflections`` again (after an upload replaced the workbook)."""
        self.name_field.show()
        # the keyword fields keep what is being typed: their kernel value is only what was entered
        for message in self._messages():
            message.clear()
        for phase in self.phases:
            self._show_keywords(phase)
            self._show_images(phase)
        self._draw()

    def _messages(self):
        yield self.message
        yield self.name_message
        for col in self.columns.values():
            yield col.keywords_message
            yield col.image_message

    def _show_images(self, phase: str) -> None:
        col = self.columns[phase]
        images = self.workbook.reflections[phase].images
        heading = t("reflection.images", count=len(images), limit=LIMITS["images_per_phase"])
        col.images_heading.value = f"<b>{esc(heading)}</b>"
        rows = []
        for image in images:
            picture = W.Image(value=image.raw(), format=image.mime,
                              layout=W.Layout(max_width="100%", max_height="10em", object_fit="contain"))
            picture.add_class("journeylib-reflection-image")
            alt = t("reflection.image_alt", name=image.name, phase=t(f"phase.{phase}"))
            label = W.HTML(f"<span title='{esc(alt)}'>{esc(display_name(image.name, 40))}</span>")
            remove = W.Button(description=t("reflection.remove"), icon="trash",
                              tooltip=t("reflection.remove_help", name=image.name), layout=fit())
            remove.on_click(lambda _, phase=phase, image=image: self.remove_image(phase, image))
            rows.append(W.VBox([picture, row([label, remove], gap="0.5em")]))
        col.gallery.children = rows
        col.upload.disabled = len(images) >= LIMITS["images_per_phase"]

    def _draw(self) -> None:
        ax = plot_poster(self.workbook)
        text = self.describe()
        show_figure(self.out, ax.figure, text, "png", PREVIEW_DPI)  # a raster preview, as the PNG export
        self.caption.value = f"<p style='max-width:60em'>{esc(text)}</p>"

    def _edited(self) -> None:
        self.links.value = ""  # the exported poster is out of date
        self.changed()
        self._draw()

    # -- edits
    def _show_keywords(self, phase: str) -> None:
        """One button per keyword of ``phase`` (it removes the keyword); the field's placeholder
        says when the phase is full."""
        col = self.columns[phase]
        words = list(self.workbook.reflections[phase].keywords)
        limit = LIMITS["keywords_per_phase"]
        if col.shown_keywords != words or any(b.tooltip != t("reflection.keyword_remove_help", word=w)
                                              for b, w in zip(col.keyword_buttons.children, words)):
            old = col.keyword_buttons.children
            buttons = []
            for word in words:
                button = W.Button(description=word, icon="times", tooltip=t("reflection.keyword_remove_help", word=word),
                                  layout=fit(max_width="100%"))
                button.add_class("jl-keyword")
                button.on_click(lambda _, phase=phase, word=word: self.remove_keyword(phase, word))
                buttons.append(button)
            col.keyword_buttons.children = buttons
            for button in old:
                button.close()
        col.keyword_input.placeholder = (t("reflection.keywords_full_placeholder", limit=limit)
                                         if len(words) >= limit else t("reflection.keywords_placeholder"))

    def _on_keyword_typed(self, phase: str, text: str) -> None:
        if not text.strip():
            return
        if self.add_keyword(phase, text):
            self._clear_input(phase)

    def _clear_input(self, phase: str) -> None:
        with self.quietly():
            self.columns[phase].keyword_input.value = ""  # the field stays, empty, for the next keyword

    def add_keyword(self, phase: str, text: str) -> bool:
        """Add the keyword ``text`` (spaces tidied) to ``phase``, as Enter in its field does.

        Returns True when the field may be emptied: the keyword was added or was already
        there. A keyword that is too long stays in the field (to be shortened); beyond the
        limit per phase the message names the keyword that was not added."""
        col = self.columns[phase]
        reflection = self.workbook.reflections[phase]
        word = one_line(text)
        if not word:
            return True
        limit = LIMITS["keywords_per_phase"]
        if len(word) > LIMITS["short_text"]:
            col.keywords_message.error(t("reflection.keyword_too_long", word=word[:40] + "…", n=len(word),
                                         limit=LIMITS["short_text"]))
            return False
        if any(word.casefold() == kept.casefold() for kept in reflection.keywords):
            col.keywords_message.ok(t("reflection.keyword_duplicate", word=word))
            return True
        if len(reflection.keywords) >= limit:
            col.keywords_message.error(t("reflection.too_many_keywords", limit=limit, word=word))
            return True
        try:
            assign(reflection, "keywords", [*reflection.keywords, word])
        except JourneyError as exc:
            col.keywords_message.error(exc)
            return False
        self._show_keywords(phase)
        count = len(reflection.keywords)
        col.keywords_message.ok(t("reflection.keyword_added", word=word, count=count, limit=limit))
        self._edited()
        return True

    def remove_keyword(self, phase: str, word: str) -> None:
        """Take ``word`` off ``phase`` (its button's click)."""
        col = self.columns[phase]
        reflection = self.workbook.reflections[phase]
        kept = [w for w in reflection.keywords if w != word]
        if len(kept) == len(reflection.keywords):
            self._show_keywords(phase)  # already gone (another session, an upload)
            return
        try:
            assign(reflection, "keywords", kept)
        except JourneyError as exc:
            col.keywords_message.error(exc)
            return
        self._show_keywords(phase)
        col.keywords_message.ok(t("reflection.keyword_removed", word=word))
        self._edited()

    def _on_upload(self, phase: str, change) -> None:
        files = change["new"]
        if not files:
            return
        try:
            self.add_images(phase, [(item["name"], bytes(item["content"])) for item in files])
        finally:
            with self.quietly():
                self.columns[phase].upload.value = ()  # the bytes do not stay in the widget state

    def add_images(self, phase: str, files) -> int:
        """Add uploaded ``(name, bytes)`` files to ``phase``; returns how many were added.

        Every file is checked and downscaled first; a refused file (or one beyond the limit
        of images per phase) shows its message next to the upload button and is not stored.
        """
        col = self.columns[phase]
        reflection = self.workbook.reflections[phase]
        limit = LIMITS["images_per_phase"]
        added, problems = [], []
        for name, content in files:
            if len(reflection.images) + len(added) >= limit:
                problems.append(LimitError("error.too_many_images", limit=limit))
                break
            try:
                added.append(prepare_image(content, name))
            except JourneyError as exc:
                problems.append(exc)
        if added:
            try:
                assign(reflection, "images", [*reflection.images, *added])
            except JourneyError as exc:
                problems.insert(0, exc)
                added = []
        if added:
            self._show_images(phase)
            self._edited()
        if problems:
            col.image_message.error(problems[0])
        elif added:
            last = added[-1]
            col.image_message.ok(t("reflection.image_added", name=display_name(last.name), width=last.width,
                                   height=last.height))
        return len(added)

    def remove_image(self, phase: str, image) -> None:
        """Take ``image`` (a StoredImage of ``phase``) off the board."""
        reflection = self.workbook.reflections[phase]
        kept = [img for img in reflection.images if img is not image]
        if len(kept) == len(reflection.images):
            return  # already gone (e.g. after an upload replaced the workbook)
        try:
            assign(reflection, "images", kept)
        except JourneyError as exc:
            self.columns[phase].image_message.error(exc)
            return
        self._show_images(phase)
        self.columns[phase].image_message.ok(t("reflection.image_removed", name=display_name(image.name)))
        self._edited()

    def _export(self) -> None:
        if self.guard(self.message, self.export_links) is not None:
            self.message.ok(t("reflection.exported"))

    def export_links(self) -> dict[str, bytes]:
        """Render the poster as PNG and PDF and show download links; returns the bytes."""
        fig = poster_figure(self.workbook)
        try:
            data = {fmt: figure_bytes(fig, fmt) for fmt in ("png", "pdf")}
        finally:
            plt.close(fig)
        stem = t("reflection.file_stem")
        name = _slug(self.workbook.learner)
        stem = f"{stem}-{name}" if name else stem
        mimes = {"png": "image/png", "pdf": "application/pdf"}
        links = []
        for fmt, raw in data.items():
            href = f"data:{mimes[fmt]};base64,{base64.b64encode(raw).decode('ascii')}"
            links.append(f'<a download="{esc(stem)}.{fmt}" href="{href}" title="{esc(t("reflection.download_help"))}" '
                         f'class="jp-Button" style="padding:0.3em 0.8em;margin-right:0.6em">'
                         f'⬇ {esc(t(f"reflection.download_{fmt}"))}</a>')
        self.links.value = "".join(links)
        return data
