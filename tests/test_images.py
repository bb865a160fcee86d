"""Uploaded images: accepted types round-trip, big ones shrink, bad ones are refused with
the right message (and quickly, for a decompression bomb)."""
import io
import struct
import time
import zlib
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import journeylib
from journeylib.errors import ImageError, JourneyError, LimitError
from journeylib.images import MAX_PIXELS, open_stored, prepare_image
from journeylib.model import LIMITS, StoredImage, Workbook, validate


def encode(img: Image.Image, fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def two_colour(size=(64, 48), mode="RGB"):
    """Left half red, right half blue: survives lossy encoding and shows a mirror or turn."""
    img = Image.new(mode, size, (220, 30, 30))
    img.paste((30, 60, 220), (size[0] // 2, 0, size[0], size[1]))
    return img


def noise(size, seed=0):
    rng = np.random.default_rng(seed)
    return Image.fromarray((rng.random((size[1], size[0], 3)) * 255).astype("uint8"))


@lru_cache(maxsize=None)
def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of ``width`` × ``height`` zeros: a few kilobytes, a huge bitmap."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = bytes(1 + (width + 7) // 8)  # filter byte + packed pixels
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def close(pixel, expected, tolerance=40):
    return all(abs(int(a) - int(b)) <= tolerance for a, b in zip(pixel, expected))


@pytest.mark.parametrize("fmt, stored", [("PNG", "png"), ("JPEG", "jpeg"), ("GIF", "png"), ("WEBP", "webp")])
def test_image_each_accepted_type_round_trips(fmt, stored):
    raw = encode(two_colour(), fmt)
    image = prepare_image(raw, f"foto.{fmt.lower()}")
    assert isinstance(image, StoredImage) and image.mime == stored and (image.width, image.height) == (64, 48)
    assert image.name == f"foto.{fmt.lower()}"
    back = open_stored(image)
    assert back.size == (64, 48) and back.mode == "RGB"
    assert close(back.getpixel((5, 24)), (220, 30, 30)) and close(back.getpixel((58, 24)), (30, 60, 220))
    # the stored image passes the workbook's own checks, also after a JSON round trip
    workbook = validate(Workbook, {"reflections": {"during": {"images": [image.model_dump()]}}})
    assert Workbook.model_validate_json(workbook.model_dump_json()) == workbook


def test_image_transparency_is_kept_only_where_it_is_used():
    img = two_colour(mode="RGBA")
    img.putpixel((0, 0), (0, 0, 0, 0))
    see_through = prepare_image(encode(img, "PNG"), "logo.png")
    assert open_stored(see_through).mode == "RGBA" and open_stored(see_through).getpixel((0, 0))[3] == 0
    opaque = prepare_image(encode(two_colour(mode="RGBA"), "PNG"), "vlak.png")
    assert open_stored(opaque).mode == "RGB"
    palette = two_colour().convert("P")
    palette.info["transparency"] = palette.getpixel((0, 0))
    assert open_stored(prepare_image(encode(palette, "PNG", transparency=palette.getpixel((0, 0))),
                                     "p.png")).mode == "RGBA"


def test_image_large_photo_is_downscaled_within_the_stored_limit():
    raw = encode(noise((750, 500)).resize((3000, 2000)), "JPEG", quality=95)
    assert LIMITS["image_stored_bytes"] < len(raw) <= LIMITS["image_upload_bytes"]
    image = prepare_image(raw, "groot.jpg")
    assert (image.width, image.height) == (LIMITS["image_max_side"], 683)
    assert len(image.raw()) <= LIMITS["image_stored_bytes"] and image.mime == "jpeg"


def test_image_png_too_big_after_downscaling_becomes_lossy_and_fits():
    raw = encode(noise((600, 450), seed=3), "PNG")
    assert len(raw) > LIMITS["image_stored_bytes"]
    image = prepare_image(raw, "ruis.png")
    assert (image.width, image.height) == (600, 450)
    assert len(image.raw()) <= LIMITS["image_stored_bytes"] and image.mime == "jpeg"
    see_through = noise((600, 450), seed=4).convert("RGBA")
    see_through.putpixel((0, 0), (0, 0, 0, 0))
    image = prepare_image(encode(see_through, "PNG"), "ruis-alpha.png")
    assert image.mime == "webp" and len(image.raw()) <= LIMITS["image_stored_bytes"]


def test_image_exif_orientation_is_applied():
    img = two_colour((60, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show it rotated 90° clockwise
    image = prepare_image(encode(img, "JPEG", exif=exif.tobytes()), "staand.jpg")
    assert (image.width, image.height) == (40, 60)
    back = open_stored(image)
    assert close(back.getpixel((20, 5)), (220, 30, 30)) and close(back.getpixel((20, 55)), (30, 60, 220))
    assert "exif" not in Image.open(io.BytesIO(image.raw())).info  # camera data is dropped


def test_image_animated_gif_keeps_the_first_frame():
    frames = [Image.new("RGB", (30, 20), colour) for colour in ((255, 0, 0), (0, 0, 255), (0, 255, 0))]
    raw = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert Image.open(io.BytesIO(raw)).n_frames == 3
    image = prepare_image(raw, "bewegend.gif")
    back = open_stored(image)
    assert image.mime == "png" and close(back.getpixel((10, 10)), (255, 0, 0), 5)
    assert getattr(Image.open(io.BytesIO(image.raw())), "n_frames", 1) == 1


def test_image_cmyk_grey_and_16_bit_modes_are_converted():
    cmyk = prepare_image(encode(two_colour().convert("CMYK"), "JPEG"), "drukwerk.jpg")
    assert open_stored(cmyk).mode == "RGB" and close(open_stored(cmyk).getpixel((5, 5)), (220, 30, 30), 60)
    grey = prepare_image(encode(Image.new("L", (20, 20), 128), "PNG"), "grijs.png")
    assert close(open_stored(grey).getpixel((3, 3)), (128, 128, 128), 2)
    deep = Image.new("I;16", (20, 20), 40000)
    deep.putpixel((0, 0), 65535)
    image = prepare_image(encode(deep, "PNG"), "16bit.png")
    assert close(open_stored(image).getpixel((5, 5)), (156, 156, 156), 3)
    bw = prepare_image(encode(Image.new("1", (20, 20), 1), "PNG"), "zw.png")
    assert open_stored(bw).getpixel((1, 1)) == (255, 255, 255)


@pytest.mark.parametrize("name, raw, key", [
    ("leeg.png", b"", "error.image_empty"),
    ("hallo.png", b"hallo, ik ben geen afbeelding", "error.image_type"),
    ("virus.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(2000), "error.image_type"),
    ("brief.jpg", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "error.image_type"),
    ("kaart.bmp", encode(Image.new("RGB", (8, 8)), "BMP"), "error.image_type"),
    ("halve.png", encode(two_colour((200, 200)), "PNG")[:300], "error.image_broken"),
    ("rommel.png", b"\x89PNG\r\n\x1a\n" + b"rommel" * 50, "error.image_broken"),
    ("riff.webp", b"RIFF\x10\x00\x00\x00WAVEfmt " + bytes(32), "error.image_type"),
])
def test_image_bad_files_are_refused_with_the_right_message(name, raw, key):
    with pytest.raises(JourneyError) as info:
        prepare_image(raw, name)
    assert info.value.key == key and isinstance(info.value, ImageError)
    dutch = info.value.message("nl")
    english = info.value.message("en")
    assert name in dutch and name in english and dutch != english


def test_image_too_large_upload_is_refused_before_decoding():
    raw = b"\x89PNG\r\n\x1a\n" + bytes(LIMITS["image_upload_bytes"])
    start = time.perf_counter()
    with pytest.raises(LimitError) as info:
        prepare_image(raw, "enorm.png")
    assert time.perf_counter() - start < 0.5
    assert info.value.key == "error.image_too_large"
    journeylib.set_language("en")
    assert str(info.value) == "'enorm.png' is too large (8.0 MB; at most 8.0 MB)."


@pytest.mark.parametrize("size", [(20_000, 20_000), (7_000, 7_000), (MAX_PIXELS // 1000 + 1, 1000)])
def test_image_decompression_bomb_is_refused_quickly(size):
    raw = png_bomb(*size)
    assert len(raw) < 100_000 and raw[16:24] == struct.pack(">II", *size)
    start = time.perf_counter()
    with pytest.raises(LimitError) as info:
        prepare_image(raw, "bom.png")
    assert time.perf_counter() - start < 1.0
    assert info.value.key == "error.image_pixels" and "bom.png" in str(info.value)
    assert Image.MAX_IMAGE_PIXELS <= MAX_PIXELS


def test_image_gif_bomb_is_refused():
    # a GIF whose header announces 9000 × 9000 pixels, with a tiny picture inside
    raw = (b"GIF89a" + struct.pack("<HHBBB", 9000, 9000, 0, 0, 0) + b"," + struct.pack("<HHHHB", 0, 0, 9000, 9000, 0)
           + b"\x02\x02\x44\x01\x00;")
    with pytest.raises(LimitError, match="megapixel"):
        prepare_image(raw, "bom.gif")


def test_image_name_is_shortened_and_stripped_of_folders():
    raw = encode(two_colour(), "PNG")
    image = prepare_image(raw, "C:\\Users\\anna\\" + "heel-lang-" * 20 + ".png")
    assert len(image.name) <= LIMITS["short_text"] and "\\" not in image.name and "Users" not in image.name


_MAGIC = st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MAGIC, st.binary(max_size=400))
def test_image_arbitrary_bytes_raise_only_journey_errors(magic, rest):
    try:
        image = prepare_image(magic + rest, "x.png")
    except JourneyError:
        return
    assert isinstance(image, StoredImage)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 3000))
def test_image_damaged_real_images_raise_only_journey_errors(cut):
    raw = encode(two_colour((80, 60)), "PNG") + encode(two_colour((80, 60)), "JPEG")
    for data in (raw[:cut], raw[cut:]):
        try:
            prepare_image(data, "kapot.png")
        except JourneyError:
            pass
