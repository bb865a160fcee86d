"""The reflection board: keywords and two images per phase, and a poster of them.

The source text ends each phase with the same small assignment: write down the keywords
that stayed with you and choose two images that fit the phase; they come back at the
next training. :class:`ReflectionBoard` is that sheet of paper:

* per phase (before / during / after) keywords (a tag field: type, Enter; × removes) and
  up to two images (PNG, JPEG, GIF or WebP). Uploads are checked and downscaled by
  :func:`journeylib.images.prepare_image` and stored inside the workbook; a bad file
  shows a message next to its upload button and changes nothing;
* a poster preview (:func:`journeylib.charts.poster.plot_poster`) with the learner's name
  in the title, and its export as PNG and PDF (download links).
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
from .base import FieldMessage, JourneyWidget, esc, show_figure

__all__ = ["ReflectionBoard", "poster_figure"]

WIDE = {"description_width": "initial"}
ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,image/png,image/jpeg,image/gif,image/webp"
PREVIEW_DPI = 80  # the preview in the notebook; exports use the chart style's 150 dpi


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


class _PhaseColumn:
    """The controls of one phase: keywords, upload, images."""

    def __init__(self, board: "ReflectionBoard", phase: str):
        self.phase = phase
        self.header = W.HTML()
        self.keywords = W.TagsInput(value=[], allow_duplicates=False, layout=W.Layout(width="100%"))
        self.keywords_message = FieldMessage()
        self.images_heading = W.HTML()
        self.upload = W.FileUpload(accept=ACCEPT, multiple=True, icon="image", layout=W.Layout(width="auto"))
        self.image_message = FieldMessage()
        self.gallery = W.VBox(layout=W.Layout(width="100%", grid_gap="0.4em"))
        self.keywords.observe(lambda _: board._set_keywords(phase), names="value")
        self.upload.observe(lambda change: board._on_upload(phase, change), names="value")
        self.box = W.VBox([self.header, self.keywords, self.keywords_message, self.images_heading, self.upload,
                           self.image_message, self.gallery],
                          layout=W.Layout(flex="1 1 18em", min_width="16em", padding="0.4em 0.8em",
                                          border=f"2px solid {PHASE_COLOURS[phase]}", grid_gap="0.3em"))


class ReflectionBoard(JourneyWidget):
    """Keywords and images per phase of the journey, a poster preview and its export."""

    def __init__(self, session):
        super().__init__(session)
        self._syncing = False
        self.intro = W.HTML()
        self.name = W.Text(continuous_update=False, style=WIDE, layout=W.Layout(width="min(28em, 100%)"))
        self.name_message = FieldMessage()
        self.columns = {phase: _PhaseColumn(self, phase) for phase in PHASES}
        self.export = W.Button(icon="download", button_style="primary", layout=W.Layout(width="auto", min_width="12em"))
        self.export.on_click(lambda _: self._export())
        self.links = W.HTML()
        self.preview_heading = W.HTML()
        self.out = W.Output(layout=W.Layout(width="100%"))
        self.caption = W.HTML(layout=W.Layout(width="100%"))
        self.name.observe(lambda _: self._set_name(), names="value")
        self.children = [
            self.intro,
            W.HBox([self.name, self.name_message], layout=W.Layout(align_items="center", grid_gap="0.6em",
                                                                    flex_flow="row wrap")),
            W.Box([c.box for c in self.columns.values()],
                  layout=W.Layout(flex_flow="row wrap", grid_gap="1em", align_items="stretch", width="100%")),
            self.preview_heading,
            W.HBox([self.export, self.links], layout=W.Layout(align_items="center", grid_gap="1em",
                                                             flex_flow="row wrap")),
            self.message,
            self.out,
            self.caption,
        ]
        self.relabel()
        self.refresh()

    # -- state
    @property
    def workbook(self):
        return self.session.workbook

    def keyword_count(self) -> int:
        return sum(len(self.workbook.reflections[p].keywords) for p in PHASES)

    def image_count(self) -> int:
        return sum(len(self.workbook.reflections[p].images) for p in PHASES)

    # -- display
    def __repr__(self) -> str:
        return f"<ReflectionBoard: {self.keyword_count()} keywords, {self.image_count()} images>"

    def describe(self) -> str:
        return describe_poster(self.workbook)

    def relabel(self) -> None:
        self.intro.value = (f"<p style='font-size:1.1em;margin:0 0 0.4em;max-width:60em'>"
                            f"{esc(t('reflection.intro'))}</p>")
        self.name.description = t("reflection.name")
        self.name.tooltip = t("reflection.name_help")
        self.name.placeholder = t("reflection.name_placeholder")
        for phase, col in self.columns.items():
            col.header.value = (f"<h3 style='margin:0.1em 0;padding:0.15em 0.4em;background:{PHASE_COLOURS[phase]}33'>"
                                f"{esc(t(f'phase.{phase}'))}</h3>")
            col.keywords.description = t("reflection.keywords")
            col.keywords.tooltip = t("reflection.keywords_help", limit=LIMITS["keywords_per_phase"],
                                     length=LIMITS["short_text"])
            col.keywords.placeholder = t("reflection.keywords_placeholder")
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
        self._syncing = True
        try:
            self.name.value = self.workbook.learner
            for phase, col in self.columns.items():
                col.keywords.value = list(self.workbook.reflections[phase].keywords)
                col.upload.value = ()
        finally:
            self._syncing = False
        for message in self._messages():
            message.clear()
        for phase in PHASES:
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
                              tooltip=t("reflection.remove_help", name=image.name), layout=W.Layout(width="auto"))
            remove.on_click(lambda _, phase=phase, image=image: self.remove_image(phase, image))
            rows.append(W.VBox([picture, W.HBox([label, remove], layout=W.Layout(align_items="center",
                                                                                grid_gap="0.5em",
                                                                                flex_flow="row wrap"))]))
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
    def _set_name(self) -> None:
        if self._syncing:
            return
        value = " ".join(self.name.value.split())
        if value == self.workbook.learner:
            self.name_message.clear()
            return
        try:
            assign(self.workbook, "learner", value)
        except JourneyError as exc:
            self.name_message.error(exc)
            return
        self.name_message.clear()
        self._edited()

    def _set_keywords(self, phase: str) -> None:
        if self._syncing:
            return
        col = self.columns[phase]
        reflection = self.workbook.reflections[phase]
        words: list[str] = []
        seen: set[str] = set()
        for raw in col.keywords.value:
            word = " ".join(str(raw).split())
            if word and word.casefold() not in seen:
                seen.add(word.casefold())
                words.append(word)
        problem = None
        too_long = next((w for w in words if len(w) > LIMITS["short_text"]), None)
        if too_long is not None:
            problem = t("reflection.keyword_too_long", word=too_long[:40] + "…", n=len(too_long),
                        limit=LIMITS["short_text"])
        elif len(words) > LIMITS["keywords_per_phase"]:
            problem = t("reflection.too_many_keywords", limit=LIMITS["keywords_per_phase"], n=len(words))
        if problem is None and words != list(reflection.keywords):
            try:
                assign(reflection, "keywords", words)
            except JourneyError as exc:
                problem = exc.message()
            else:
                self._sync_keywords(phase)
                col.keywords_message.clear()
                self._edited()
                return
        self._sync_keywords(phase)  # show what is kept (the refused word is taken out again)
        if problem is None:
            col.keywords_message.clear()
        else:
            col.keywords_message.error(problem)

    def _sync_keywords(self, phase: str) -> None:
        col = self.columns[phase]
        kept = list(self.workbook.reflections[phase].keywords)
        if list(col.keywords.value) != kept:
            self._syncing = True
            try:
                col.keywords.value = kept
            finally:
                self._syncing = False

    def _on_upload(self, phase: str, change) -> None:
        files = change["new"]
        if self._syncing or not files:
            return
        try:
            self.add_images(phase, [(item["name"], bytes(item["content"])) for item in files])
        finally:
            self._syncing = True
            try:
                self.columns[phase].upload.value = ()
            finally:
                self._syncing = False

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
