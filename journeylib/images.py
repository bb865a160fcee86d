"""Images a learner uploads for the reflection board: checked, downscaled, stored inline.

:func:`prepare_image` turns the bytes of an upload into a
:class:`~journeylib.model.StoredImage` that fits the workbook's limits, or raises a
:class:`~journeylib.errors.JourneyError` whose message (in the current language) names the
file and says what to do. It never changes anything else, so a refused upload leaves the
workbook as it was.

What is checked, in this order, before anything is decoded:

* size of the upload (``LIMITS["image_upload_bytes"]``): :class:`LimitError`;
* the first bytes must be those of PNG, JPEG, GIF or WebP (a renamed ``.exe`` or a PDF is
  refused whatever its name says): :class:`ImageError`;
* the pixel count from the header (:data:`MAX_PIXELS`): a tiny file that would unpack to a
  huge bitmap (a "decompression bomb") is refused before it is decoded, also when Pillow
  itself raises ``DecompressionBombError`` or warns with ``DecompressionBombWarning``.

Then the image is decoded (only the first frame of an animated GIF, WebP or PNG), turned
upright from its EXIF orientation, converted to RGB (or RGBA when it really is
transparent; CMYK, palette, 16-bit and greyscale modes included), shrunk to at most
``LIMITS["image_max_side"]`` pixels per side and encoded again, without its metadata
(camera data and GPS positions are dropped). JPEG stays JPEG and WebP stays WebP; PNG and
GIF become PNG. When the result is larger than ``LIMITS["image_stored_bytes"]`` a lossy
format and then a smaller size are tried until it fits.

Pure Pillow: no matplotlib, no ipywidgets.
"""
from __future__ import annotations

import base64
import io
import os
import warnings

from PIL import Image, ImageOps

from .errors import ImageError, LimitError
from .model import IMAGE_TYPES, LIMITS, StoredImage, validate

#: Largest image (width × height) that is decoded at all. 40 megapixels covers every
#: ordinary camera and phone photo, and decoding it stays within the kernel's memory
#: budget (JPEGs are decoded at a reduced scale; see :func:`_open`).
MAX_PIXELS = 40_000_000
# Pillow's own guard warns above this and raises above twice this; we lower it to ours.
if Image.MAX_IMAGE_PIXELS is None or Image.MAX_IMAGE_PIXELS > MAX_PIXELS:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS

#: Pillow format name -> the stored type (MPO is a JPEG with extra pictures from a camera).
_FORMATS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg", "GIF": "gif", "WEBP": "webp"}
_LOSSY_QUALITIES = (85, 75, 65, 50)
_MIME_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


def mime_type(kind: str) -> str:
    """``"jpeg"`` -> ``"image/jpeg"`` (for data URIs and ``Image`` widgets)."""
    return _MIME_TYPES[kind]


def display_name(name: str, limit: int = 60) -> str:
    """The file name as shown in messages: no folders, one line, at most ``limit`` characters."""
    base = os.path.basename(str(name).replace("\\", "/")) or "-"
    base = " ".join(base.split()) or "-"
    return base if len(base) <= limit else base[: limit - 1] + "…"


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}"  # as the other size messages write it (store.py)


def sniff(raw: bytes) -> str | None:
    """The image type the first bytes announce (``"png"``, ``"jpeg"``, ``"gif"``,
    ``"webp"``), or ``None``."""
    for kind, magic in IMAGE_TYPES.items():
        if raw.startswith(magic) and (kind != "webp" or raw[8:12] == b"WEBP"):
            return kind
    return None


# --------------------------------------------------------------------------- decoding

def _too_many_pixels(name: str) -> LimitError:
    return LimitError("error.image_pixels", name=name, limit=MAX_PIXELS // 1_000_000)


def _open(raw: bytes, name: str) -> tuple[Image.Image, str]:
    """Decode the first frame of ``raw``; returns the image and its source type."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(raw), formats=("PNG", "JPEG", "GIF", "WEBP"))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(name) from None
        except Image.UnidentifiedImageError:
            raise ImageError("error.image_type", name=name) from None
        except Exception as exc:  # a header that breaks the decoder
            raise ImageError("error.image_broken", name=name, detail=_detail(exc)) from None
        kind = _FORMATS.get(img.format or "")
        if kind is None:
            raise ImageError("error.image_type", name=name)
        width, height = img.size
        if width < 1 or height < 1:
            raise ImageError("error.image_broken", name=name, detail=f"{width} × {height}")
        if width * height > MAX_PIXELS:
            raise _too_many_pixels(name)
        try:
            if getattr(img, "is_animated", False):
                img.seek(0)  # an animation: its first frame
            if kind == "jpeg":  # let the JPEG decoder scale down while decoding (less memory)
                side = LIMITS["image_max_side"]
                img.draft(None, (side, side))
            img.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
            raise _too_many_pixels(name) from None
        except Exception as exc:  # truncated or damaged data
            raise ImageError("error.image_broken", name=name, detail=_detail(exc)) from None
    return img, kind


def _detail(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:79] + "…"


def _has_alpha(img: Image.Image) -> bool:
    if img.mode not in ("RGBA", "LA", "PA", "RGBa", "La"):
        return "transparency" in img.info and img.mode in ("P", "L", "RGB")
    return True


def _normalise(img: Image.Image) -> Image.Image:
    """Upright (EXIF orientation), and RGB, or RGBA when some pixel is transparent."""
    img = ImageOps.exif_transpose(img)
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):  # 16-bit or float greyscale
        grey = img.convert("I") if img.mode != "F" else img
        top = grey.getextrema()[1] or 0
        if top > 255:
            grey = grey.point(lambda v: v * (255.0 / top))
        img = grey.convert("L")
    if _has_alpha(img):
        rgba = img.convert("RGBA")
        low = rgba.getchannel("A").getextrema()[0]
        return rgba if low < 255 else rgba.convert("RGB")
    return img.convert("RGB")  # CMYK, YCbCr, palette, greyscale, 1-bit


def _encode(img: Image.Image, kind: str, quality: int) -> bytes:
    buffer = io.BytesIO()
    if kind == "png":
        img.save(buffer, "PNG", compress_level=6)
    elif kind == "jpeg":
        if img.mode == "RGBA":  # JPEG has no transparency: lay it on white
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A"))
            img = flat
        img.save(buffer, "JPEG", quality=quality, optimize=True)
    else:
        img.save(buffer, "WEBP", quality=quality, method=4)
    return buffer.getvalue()


def _shrink(img: Image.Image, side: int) -> Image.Image:
    if max(img.size) <= side:
        return img
    small = img.copy()
    small.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return small


def _fit(img: Image.Image, source: str) -> tuple[bytes, str, Image.Image]:
    """Encode ``img`` (already at most the maximum side) so it fits the stored limit."""
    limit = LIMITS["image_stored_bytes"]
    first = {"jpeg": "jpeg", "webp": "webp"}.get(source, "png")
    if first == "png":
        data = _encode(img, "png", 0)
        if len(data) <= limit:
            return data, "png", img
    lossy = first if first != "png" else ("webp" if img.mode == "RGBA" else "jpeg")
    current = img
    while True:
        for quality in _LOSSY_QUALITIES:
            data = _encode(current, lossy, quality)
            if len(data) <= limit:
                return data, lossy, current
        side = max(1, int(max(current.size) * 0.75))
        if side <= 16:  # cannot happen with sane limits; never loop forever
            return data, lossy, current
        current = _shrink(current, side)


# --------------------------------------------------------------------------- public

def prepare_image(raw: bytes, name: str) -> StoredImage:
    """Check, downscale and re-encode an uploaded image for the workbook.

    Raises :class:`LimitError` (too large a file, too many pixels) or :class:`ImageError`
    (not PNG/JPEG/GIF/WebP, or damaged), naming ``name``; nothing else.
    """
    shown = display_name(name)
    raw = bytes(raw)
    if not raw:
        raise ImageError("error.image_empty", name=shown)
    if len(raw) > LIMITS["image_upload_bytes"]:
        raise LimitError("error.image_too_large", name=shown, size=_mb(len(raw)),
                         limit=_mb(LIMITS["image_upload_bytes"]))
    if sniff(raw) is None:
        raise ImageError("error.image_type", name=shown)
    img, source = _open(raw, shown)
    try:
        img = _shrink(_normalise(img), LIMITS["image_max_side"])
        data, kind, final = _fit(img, source)
    except (ImageError, LimitError):
        raise
    except MemoryError:
        raise _too_many_pixels(shown) from None
    except Exception as exc:  # a decoder or encoder problem with this particular file
        raise ImageError("error.image_broken", name=shown, detail=_detail(exc)) from None
    if len(data) > LIMITS["image_stored_bytes"]:
        raise LimitError("error.image_too_large", name=shown, size=_mb(len(data)),
                         limit=_mb(LIMITS["image_stored_bytes"]))
    stored_name = display_name(name, LIMITS["short_text"])
    return validate(StoredImage, {"name": stored_name, "mime": kind, "width": final.width,
                                  "height": final.height, "data": base64.b64encode(data).decode("ascii")})


def open_stored(image: StoredImage | bytes) -> Image.Image:
    """A stored image (or its raw bytes) decoded again, as RGB or RGBA (e.g. for the poster)."""
    raw = image if isinstance(image, (bytes, bytearray)) else image.raw()
    with Image.open(io.BytesIO(raw), formats=("PNG", "JPEG", "GIF", "WEBP")) as img:
        img.load()
        return img.convert("RGBA") if _has_alpha(img) else img.convert("RGB")


def data_uri(image: StoredImage) -> str:
    """The stored image as a ``data:`` URI (for HTML)."""
    return f"data:{mime_type(image.mime)};base64,{image.data}"


__all__ = ["MAX_PIXELS", "prepare_image", "open_stored", "data_uri", "display_name", "mime_type", "sniff"]
