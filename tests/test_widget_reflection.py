"""ReflectionBoard, driven headless: keywords, image uploads (good and bad), removal, the
poster preview and its PNG/PDF export; every change is in the model, on disk and in the chart."""
import base64
import datetime
import io
import re
import struct
import zlib
from functools import lru_cache

import ipywidgets as W
import pytest
from PIL import Image

import journeylib
from journeylib.model import LIMITS, Workbook
from journeylib.store import load_workbook
from journeylib.widgets.reflection import ReflectionBoard
from journeylib.widgets.upload import UploadButton

from helpers import chart, on_disk

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py


@pytest.fixture
def session(open_session):
    """A new, empty workbook (conftest.open_session closes it after the test)."""
    return open_session()


def encode(img, fmt, **kwargs) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def picture(fmt="PNG", size=(90, 60), colour=(200, 40, 40)) -> bytes:
    img = Image.new("RGB", size, colour)
    img.paste((20, 90, 200), (size[0] // 2, 0, size[0], size[1]))
    return encode(img, fmt)


def upload(board, phase, *files):
    """The learner chooses ``(name, bytes)`` files with the phase's image button."""
    board.columns[phase].upload.value = tuple(
        {"name": name, "type": "image/png", "size": len(content), "content": memoryview(content),
         "last_modified": datetime.datetime(2026, 1, 1)} for name, content in files)


def type_keywords(col, *words):
    """Type each word in the phase's keyword field and press Enter (the field sends its value)."""
    for word in words:
        col.keyword_input.value = word


def test_widget_reflection_keywords_are_saved_and_drawn(session):
    board = ReflectionBoard(session)
    assert repr(board) == "<ReflectionBoard: 0 keywords, 0 images>"
    before = chart(board.out, "image/png")
    type_keywords(board.columns["during"], "gastvrij", "  wachten   bij de balie ", "Gastvrij", "   ")
    assert session.workbook.reflections["during"].keywords == ["gastvrij", "wachten bij de balie"]
    assert board.columns["during"].shown_keywords == ["gastvrij", "wachten bij de balie"]
    assert on_disk(session)
    assert chart(board.out, "image/png") != before
    assert repr(board) == "<ReflectionBoard: 2 keywords, 0 images>"
    assert "'gastvrij' en 'wachten bij de balie'" in board.describe()
    assert board.describe() in board.caption.value.replace("&#x27;", "'")
    after_one = chart(board.out, "image/png")
    type_keywords(board.columns["after"], "herinnering")
    assert load_workbook(session.path).reflections["after"].keywords == ["herinnering"]
    assert chart(board.out, "image/png") != after_one
    assert board.describe() == board.describe()  # deterministic


def test_widget_reflection_refuses_too_many_or_too_long_keywords(session):
    board = ReflectionBoard(session)
    col = board.columns["before"]
    type_keywords(col, *(f"woord {i}" for i in range(LIMITS["keywords_per_phase"])))
    full = [f"woord {i}" for i in range(LIMITS["keywords_per_phase"])]
    assert session.workbook.reflections["before"].keywords == full
    assert "12 van 12" in col.keywords_message.text and "vol" in col.keyword_input.placeholder
    saved, drawn = session.path.read_bytes(), chart(board.out, "image/png")
    type_keywords(col, "nog een")
    assert "maximaal 12 kernwoorden" in col.keywords_message.text and "'nog een'" in col.keywords_message.text
    assert session.workbook.reflections["before"].keywords == full and col.shown_keywords == full
    assert session.path.read_bytes() == saved and chart(board.out, "image/png") == drawn
    assert col.keyword_input.value == ""  # the message names the keyword; the field is ready again
    journeylib.set_language("en")
    assert "full" in col.keyword_input.placeholder
    col.keyword_buttons.children[0].click()  # make room
    saved = session.path.read_bytes()
    type_keywords(col, "x" * (LIMITS["short_text"] + 1))
    assert "at most 120" in col.keywords_message.text and "121 characters" in col.keywords_message.text
    assert session.path.read_bytes() == saved and col.shown_keywords == full[1:]
    assert col.keyword_input.value == "x" * 121  # kept in the field, to be shortened
    type_keywords(col, "c")
    assert "'c' was added (12 of 12)" in col.keywords_message.text and col.keyword_input.value == ""
    assert load_workbook(session.path).reflections["before"].keywords == [*full[1:], "c"]


def test_widget_reflection_uploads_each_image_type(session):
    board = ReflectionBoard(session)
    drawn = chart(board.out, "image/png")
    upload(board, "during", ("balie.png", picture("PNG")), ("koffie.jpg", picture("JPEG")))
    images = session.workbook.reflections["during"].images
    assert [i.mime for i in images] == ["png", "jpeg"] and [i.name for i in images] == ["balie.png", "koffie.jpg"]
    assert on_disk(session) and chart(board.out, "image/png") != drawn
    assert board.columns["during"].upload.value == () and board.columns["during"].upload.disabled
    assert "koffie.jpg" in board.columns["during"].image_message.text
    assert len(board.columns["during"].gallery.children) == 2
    drawn = chart(board.out, "image/png")
    upload(board, "after", ("lach.gif", picture("GIF")), ("zon.webp", picture("WEBP")))
    assert [i.mime for i in session.workbook.reflections["after"].images] == ["png", "webp"]
    assert on_disk(session) and chart(board.out, "image/png") != drawn
    assert repr(board) == "<ReflectionBoard: 0 keywords, 4 images>"
    assert "Tijdens: geen kernwoorden en 2 afbeeldingen ('balie.png' en 'koffie.jpg')." in board.describe()


def test_widget_reflection_big_photo_is_stored_downscaled(session):
    board = ReflectionBoard(session)
    big = Image.new("RGB", (2400, 1600), (120, 160, 90)).resize((2400, 1600))
    upload(board, "before", ("groot.jpg", encode(big, "JPEG", quality=95)))
    (image,) = load_workbook(session.path).reflections["before"].images
    assert (image.width, image.height) == (1024, 683) and len(image.raw()) <= LIMITS["image_stored_bytes"]


def test_widget_reflection_third_image_in_a_phase_is_refused(session):
    board = ReflectionBoard(session)
    upload(board, "during", ("een.png", picture()), ("twee.png", picture()))
    saved, drawn = session.path.read_bytes(), chart(board.out, "image/png")
    upload(board, "during", ("drie.png", picture()))
    assert "maximaal 2 afbeeldingen" in board.columns["during"].image_message.text
    assert [i.name for i in session.workbook.reflections["during"].images] == ["een.png", "twee.png"]
    assert session.path.read_bytes() == saved and chart(board.out, "image/png") == drawn
    # three at once: the first two are kept, the third is refused with the message
    upload(board, "before", ("a.png", picture()), ("b.png", picture()), ("c.png", picture()))
    assert [i.name for i in load_workbook(session.path).reflections["before"].images] == ["a.png", "b.png"]
    assert "maximaal 2 afbeeldingen" in board.columns["before"].image_message.text


@lru_cache(maxsize=1)
def _bomb() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(bytes(2501)) for _ in range(20000)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


BAD_FILES = [  # name, content (None: a decompression bomb), the Dutch and the English message
    ("programma.png", b"MZ\x90\x00" + bytes(500), "geen PNG-, JPEG-, GIF- of WebP-afbeelding",
     "not a PNG, JPEG, GIF or WebP image"),
    ("notities.jpg", "mijn aantekeningen".encode(), "geen PNG-, JPEG-, GIF- of WebP-afbeelding",
     "not a PNG, JPEG, GIF or WebP image"),
    ("kapot.png", picture()[:120], "kon niet als afbeelding gelezen worden", "could not be read as an image"),
    ("enorm.png", b"\x89PNG\r\n\x1a\n" + bytes(LIMITS["image_upload_bytes"]), "is te groot", "is too large"),
    ("bom.png", None, "te veel pixels", "too many pixels"),
]


def test_widget_reflection_bad_files_show_a_message_and_change_nothing(session):
    board = ReflectionBoard(session)
    type_keywords(board.columns["after"], "blijft")
    saved, drawn = session.path.read_bytes(), chart(board.out, "image/png")
    message = board.columns["after"].image_message
    for lang in ("nl", "en"):
        journeylib.set_language(lang)
        drawn = chart(board.out, "image/png")
        for name, content, nl, en in BAD_FILES:
            upload(board, "after", (name, _bomb() if content is None else content))
            assert name in message.text and (nl if lang == "nl" else en) in message.text, (name, message.text)
            assert session.workbook.reflections["after"].images == [] and session.path.read_bytes() == saved
            assert chart(board.out, "image/png") == drawn
    # a good file after the bad ones is taken, and the message says so
    upload(board, "after", ("goed.png", picture()))
    assert "goed.png" in message.text and len(load_workbook(session.path).reflections["after"].images) == 1


def test_widget_reflection_remove_image(session):
    board = ReflectionBoard(session)
    upload(board, "before", ("a.png", picture(colour=(250, 250, 0))), ("b.png", picture()))
    drawn = chart(board.out, "image/png")
    gallery = board.columns["before"].gallery
    remove = gallery.children[0].children[1].children[1]
    assert remove.description == "Weghalen" and "a.png" in remove.tooltip
    remove.click()
    assert [i.name for i in session.workbook.reflections["before"].images] == ["b.png"]
    assert on_disk(session) and chart(board.out, "image/png") != drawn
    assert "a.png" in board.columns["before"].image_message.text and len(gallery.children) == 1
    assert not board.columns["before"].upload.disabled
    assert repr(board) == "<ReflectionBoard: 0 keywords, 1 images>"


def test_widget_reflection_name_goes_into_the_poster_title(session):
    board = ReflectionBoard(session)
    drawn = chart(board.out, "image/png")
    board.name.value = "  Anna   de Vries "
    assert session.workbook.learner == "Anna de Vries" and load_workbook(session.path).learner == "Anna de Vries"
    assert chart(board.out, "image/png") != drawn
    assert board.describe().startswith("De reflectieposter van Anna de Vries")
    saved = session.path.read_bytes()
    board.name.value = "x" * (LIMITS["short_text"] + 5)
    assert "120" in board.name_message.text and session.path.read_bytes() == saved
    assert session.workbook.learner == "Anna de Vries"


def _link(html: str, mime: str) -> tuple[str, bytes]:
    match = re.search(rf'download="([^"]+)" href="data:{re.escape(mime)};base64,([^"]+)"', html)
    assert match, html[:200]
    return match.group(1), base64.b64decode(match.group(2))


def test_widget_reflection_exports_poster_as_png_and_pdf(session):
    board = ReflectionBoard(session)
    board.name.value = "Anna de Vries"
    type_keywords(board.columns["during"], "aandacht", "WOW-moment")
    upload(board, "during", ("balie.png", picture(size=(300, 200))))
    board.export.click()
    name, png = _link(board.links.value, "image/png")
    assert name == "reflectieposter-anna-de-vries.png" and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(png)).width > 1000
    name, pdf = _link(board.links.value, "application/pdf")
    assert name == "reflectieposter-anna-de-vries.pdf" and pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-32:]
    assert "PNG downloaden" in board.links.value and "downloaden" in board.message.text
    board.columns["during"].keyword_buttons.children[1].click()  # removes "WOW-moment"
    assert board.links.value == ""  # an edit makes the export out of date


def test_widget_reflection_relabel_refresh_and_repr(session):
    board = ReflectionBoard(session)
    col = board.columns["before"]
    assert col.keyword_input.description == "Kernwoorden" and col.upload.description == "Afbeelding kiezen"
    assert "Voor" in col.header.value and board.export.description == "Poster exporteren"
    journeylib.set_language("en")
    assert col.keyword_input.description == "Keywords" and col.upload.description == "Choose image"
    assert "Before" in col.header.value and col.keyword_input.tooltip.startswith("Type a keyword")
    assert board.describe().startswith("A reflection poster in three columns")
    # an upload of another workbook replaces everything the board shows
    other = Workbook(learner="Bram", reflections={"after": {"keywords": ["rust", "afscheid"]}})
    drawn = chart(board.out, "image/png")
    session.replace(other)
    assert board.columns["after"].shown_keywords == ["rust", "afscheid"] and board.name.value == "Bram"
    assert chart(board.out, "image/png") != drawn and repr(board) == "<ReflectionBoard: 2 keywords, 0 images>"
    bundle = board._repr_mimebundle_()
    assert bundle["text/plain"] == repr(board) and "Bram" in bundle["text/markdown"]


def _all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)


def test_widget_reflection_enter_adds_a_keyword_and_the_field_stays_ready(session):
    """Issue 11: Enter did not add a keyword and the typing field was gone after the first
    one. ipywidgets' TagsInput view hides its field whenever it holds a tag and is redrawn
    (every kernel answer redraws it); the board now uses a Text that sends its value on
    Enter (continuous_update=False) and is emptied by the kernel, staying where it is."""
    board = ReflectionBoard(session)
    assert not any(isinstance(w, W.TagsInput) for w in _all_widgets(board))
    col = board.columns["during"]
    field = col.keyword_input
    assert isinstance(field, W.Text) and field.continuous_update is False
    sent = []
    field.comm.send = lambda data=None, metadata=None, buffers=None: sent.append(data)
    for n, word in enumerate(["gastvrij", "wachten bij de balie", "aandacht"], 1):
        field.set_state({"value": word})  # what the page sends on Enter
        assert session.workbook.reflections["during"].keywords[-1] == word
        assert len(session.workbook.reflections["during"].keywords) == n
        assert field.value == "" and field in col.box.children and field.layout.display in (None, "")
        assert {"value": ""} in [d.get("state") for d in sent if d]  # the page's field is emptied
        assert f"({n} van 12)" in col.keywords_message.text
        sent.clear()
    assert col.shown_keywords == ["gastvrij", "wachten bij de balie", "aandacht"]
    assert load_workbook(session.path).reflections["during"].keywords == col.shown_keywords
    journeylib.set_language("en")
    field.set_state({"value": "Gastvrij"})
    assert "'Gastvrij' is already there" in col.keywords_message.text and field.value == ""
    button = col.keyword_buttons.children[0]
    assert button.tooltip == "Click to remove 'gastvrij'." and "Enter" in field.placeholder  # a short placeholder: the column is narrow
    button.click()
    assert session.workbook.reflections["during"].keywords == ["wachten bij de balie", "aandacht"]
    assert "'gastvrij' was removed" in col.keywords_message.text and on_disk(session)


def test_widget_reflection_image_button_shows_no_file_count(session):
    """Issue 11: ipywidgets 8's FileUpload always shows '<description> (<files held>)', and
    the board empties it after each upload, so it read 'Afbeelding kiezen (0)'. The shared
    UploadButton's page label is its description only."""
    board = ReflectionBoard(session)
    assert not any(isinstance(w, W.FileUpload) for w in _all_widgets(board))
    picker = board.columns["before"].upload
    assert isinstance(picker, UploadButton) and picker.description == "Afbeelding kiezen"
    assert picker.multiple and picker.accept.startswith(".png")
    upload(board, "before", ("a.png", picture()))
    assert picker.value == () and picker.description == "Afbeelding kiezen"
    assert "a.png" in board.columns["before"].image_message.text
    journeylib.set_language("en")
    assert picker.description == "Choose image"


def test_widget_reflection_one_phase_board_builds_up_the_same_board(open_session):
    """Notebooks 03 and 04 show one phase (before, during); 08 the whole board with all of it."""
    session = open_session(name="phases")
    before = ReflectionBoard(session, phase="before")
    assert list(before.columns) == ["before"] and before.phases == ("before",)
    assert before.name not in before.children and before.export not in before.children  # naming, export: in 08
    assert "'voor'" in before.intro.value.replace("&#x27;", "'") and before.out in before.children
    type_keywords(before.columns["before"], "eerste indruk")
    upload(before, "before", ("site.png", picture()))
    assert repr(before) == "<ReflectionBoard before: 1 keywords, 1 images>"
    during = ReflectionBoard(session, phase="during")
    type_keywords(during.columns["during"], "wachtkamer")
    assert repr(during) == "<ReflectionBoard during: 1 keywords, 0 images>"
    assert "eerste indruk" in during.describe()  # the poster so far, with the before phase
    stored = load_workbook(session.path).reflections
    assert stored["before"].keywords == ["eerste indruk"] and stored["during"].keywords == ["wachtkamer"]
    whole = ReflectionBoard(session)
    assert list(whole.columns) == ["before", "during", "after"]
    assert whole.columns["before"].shown_keywords == ["eerste indruk"]
    assert whole.columns["during"].shown_keywords == ["wachtkamer"]
    assert repr(whole) == "<ReflectionBoard: 2 keywords, 1 images>"
    with pytest.raises(ValueError, match="before"):
        ReflectionBoard(session, phase="tijdens")
