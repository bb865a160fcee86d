"""journeylib.merge: one session's own changes applied on top of what another saved."""
from hypothesis import given, settings, strategies as st

from journeylib.merge import changed_paths, merge


def test_different_keys_both_kept():
    base = {"a": 1, "b": 1}
    result, conflicts = merge(base, {"a": 2, "b": 1}, {"a": 1, "b": 3})
    assert result == {"a": 2, "b": 3} and conflicts == []


def test_same_key_mine_wins_and_is_reported():
    result, conflicts = merge({"a": 1}, {"a": 2}, {"a": 3})
    assert result == {"a": 2}
    assert [(c.where, c.theirs, c.mine) for c in conflicts] == [("a", 3, 2)]


def test_same_change_on_both_sides_is_no_conflict():
    assert merge({"a": 1}, {"a": 2}, {"a": 2}) == ({"a": 2}, [])


def test_added_and_removed_keys():
    base = {"x": "1", "y": "2"}
    mine = {"x": "1", "y": "2", "mine": "m"}  # I added one
    theirs = {"x": "1", "theirs": "t"}  # they removed y and added one
    result, conflicts = merge(base, mine, theirs)
    assert result == {"x": "1", "theirs": "t", "mine": "m"} and not conflicts


def tp(id, **kw):
    return {"id": id, "name": id.upper(), "moment_of_truth": False, **kw}


def test_touchpoints_merge_by_id_field_by_field():
    base = [tp("a"), tp("b"), tp("c")]
    mine = [tp("a", name="Aankomst"), tp("b"), tp("c"), tp("d")]  # renamed a, added d at the end
    theirs = [tp("a"), tp("c", moment_of_truth=True), tp("b")]  # ticked c, moved c up
    result, conflicts = merge(base, mine, theirs)
    assert not conflicts
    assert [t["id"] for t in result] == ["a", "c", "d", "b"]  # d stays after c, which it followed
    assert result[0]["name"] == "Aankomst" and result[1]["moment_of_truth"] is True


def test_touchpoint_deleted_on_one_side_edited_on_other_is_a_conflict():
    base = [tp("a"), tp("b")]
    mine = [tp("a")]  # deleted b
    theirs = [tp("a"), tp("b", name="Balie")]  # renamed b
    result, conflicts = merge(base, mine, theirs)
    assert [t["id"] for t in result] == ["a"] and [c.path for c in conflicts] == [("b",)]


def test_lists_of_distinct_values_merge_as_sets():
    base = ["snel", "eerlijk"]
    mine = ["snel", "eerlijk", "warm"]
    theirs = ["snel", "persoonlijk", "eerlijk"]
    result, conflicts = merge(base, mine, theirs)
    assert result == ["snel", "persoonlijk", "eerlijk", "warm"] and not conflicts
    result, _ = merge(base, ["eerlijk"], theirs)  # I removed "snel"
    assert result == ["persoonlijk", "eerlijk"]


def test_fixed_length_lists_merge_by_position():
    result, conflicts = merge(["", "", ""], ["warm", "", ""], ["", "", "snel"])
    assert result == ["warm", "", "snel"] and not conflicts


def test_changed_paths_names_what_changed():
    old = {"brand": {"why": "", "values": []}, "advice": ""}
    new = {"brand": {"why": "x", "values": []}, "advice": "y"}
    assert changed_paths(old, new) == ["brand.why", "advice"]


keys = st.sampled_from(list("abcdefgh"))
values = st.integers(0, 3)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, values), st.dictionaries(keys, values), st.dictionaries(keys, values))
def test_property_each_side_own_keys_survive(base, mine_changes, their_changes):
    """Changes to disjoint keys never lose either side's change."""
    their_changes = {k: v for k, v in their_changes.items() if k not in mine_changes}
    mine = {**base, **mine_changes}
    theirs = {**base, **their_changes}
    result, conflicts = merge(base, mine, theirs)
    assert not conflicts
    assert result == {**base, **mine_changes, **their_changes}
