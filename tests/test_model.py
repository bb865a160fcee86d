"""The models enforce the limits (model.LIMITS, docs/architecture.md) and translate their errors."""
import base64

import pytest

from journeylib import set_language
from journeylib.errors import ValidationError
from journeylib.model import (
    LIMITS, BrandEssence, ChannelMatrix, Journey, ServiceLevel, StoredImage, Touchpoint, Workbook,
    assign, validate,
)

PNG_1PX = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()


def tp(i=0, **kw):
    return {"id": f"tp{i}", "name": f"Touchpoint {i}", "phase": "during", **kw}


def test_defaults_make_a_valid_empty_workbook():
    wb = Workbook()
    assert wb.schema_version == 1 and wb.language == "nl"
    assert set(wb.reflections) == {"before", "during", "after"}
    assert wb.brand.essence_words == ["", "", ""]


@pytest.mark.parametrize("field, value", [
    ("importance", 0), ("importance", 6), ("performance", 9), ("emotion", 4), ("emotion", -4),
    ("frequency", 0), ("service_level", 7), ("phase", "tijdens"), ("id", "Has Spaces"),
])
def test_touchpoint_out_of_range_is_refused_and_named(field, value):
    with pytest.raises(ValidationError) as info:
        validate(Touchpoint, tp(**{field: value}))
    assert field in str(info.value)


def test_service_levels_are_kaufmans_six():
    assert [lvl.key for lvl in ServiceLevel] == [
        "criminal", "basic", "expected", "desired", "surprising", "unbelievable"]


def test_exactly_three_essence_words():
    BrandEssence(essence_words=["speels", "", "warm"])
    for words in (["a", "b"], ["a", "b", "c", "d"]):
        with pytest.raises(ValidationError, match="essence_words"):
            validate(BrandEssence, {"essence_words": words})
    with pytest.raises(ValidationError):
        validate(BrandEssence, {"essence_words": ["Warm", "warm", "x"]})


def test_touchpoint_limit_and_unique_ids():
    validate(Journey, {"name": "j", "touchpoints": [tp(i) for i in range(LIMITS["touchpoints_per_journey"])]})
    with pytest.raises(ValidationError, match="touchpoints"):
        validate(Journey, {"name": "j", "touchpoints": [tp(i) for i in range(LIMITS["touchpoints_per_journey"] + 1)]})
    with pytest.raises(ValidationError, match="tp1"):
        validate(Journey, {"name": "j", "touchpoints": [tp(1), tp(1)]})


def test_journeys_and_text_limits():
    with pytest.raises(ValidationError, match="journeys"):
        validate(Workbook, {"journeys": [{"name": f"j{i}"} for i in range(LIMITS["journeys_per_workbook"] + 1)]})
    with pytest.raises(ValidationError, match="learner"):
        validate(Workbook, {"learner": "x" * (LIMITS["short_text"] + 1)})
    with pytest.raises(ValidationError, match="advice"):
        validate(Workbook, {"advice": "x" * (LIMITS["advice_text"] + 1)})


def test_images_type_size_and_count():
    img = {"mime": "png", "width": 1, "height": 1, "data": PNG_1PX}
    StoredImage(**img)
    with pytest.raises(ValidationError, match="jpeg"):  # claims JPEG, holds PNG
        validate(StoredImage, dict(img, mime="jpeg"))
    with pytest.raises(ValidationError):
        validate(StoredImage, dict(img, mime="bmp"))
    with pytest.raises(ValidationError):
        validate(StoredImage, dict(img, data="!!notbase64!!"))
    with pytest.raises(ValidationError):
        validate(StoredImage, dict(img, width=LIMITS["image_max_side"] + 1))
    with pytest.raises(ValidationError, match="images"):
        validate(Workbook, {"reflections": {"during": {"images": [img, img, img]}}})


def test_channel_matrix_refers_to_known_names():
    ChannelMatrix(channels=["shop"], problems=["refund"], can_solve={"shop": ["refund"]})
    with pytest.raises(ValidationError, match="webcare"):
        validate(ChannelMatrix, {"channels": ["shop"], "problems": ["refund"], "can_solve": {"webcare": []}})
    assert not ChannelMatrix(channels=["shop"], problems=["refund"]).allowed("shop", "refund")


def test_assignment_is_validated_and_translated():
    t = Touchpoint(**tp())
    with pytest.raises(ValidationError) as info:
        assign(t, "importance", 8)
    assert t.importance == 3
    set_language("en")
    assert "between 1 and 5" in str(info.value)
    set_language("nl")
    assert "tussen 1 en 5" in str(info.value)


def test_unknown_field_and_new_id():
    with pytest.raises(ValidationError, match="colour"):
        validate(Workbook, {"colour": "red"})
    j = Journey(name="j", touchpoints=[Touchpoint(**tp(0, id="balie"))])
    assert j.new_id("Balie") == "balie-2" and j.new_id("Parkeer intercom!") == "parkeer-intercom"
    # accents dropped, long names cut after a whole word, nothing usable -> "tp"
    assert j.new_id("Één café") == "een-cafe" and j.new_id("!!!") == "tp"
    assert j.new_id("Gesprek met de specialist over de uitslag") == "gesprek-met-de-specialist-over"
    assert len(j.new_id("x" * 80)) == 30
