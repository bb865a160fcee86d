"""Three-way merge of workbook data: apply one session's own changes on top of what is on disk.

Every open notebook has its own kernel and so its own copy of the workbook. Before a session
saves, it reads the file as it is now (``theirs``: what the other sessions saved) and applies
only what *it* changed since the version it started from (``base`` → ``mine``). Work is done on
the plain JSON objects (``Workbook.model_dump(mode="json")``) and is pure: no I/O, no models.

How values are matched:

* objects (dicts) key by key, recursively; a key that one side removed is removed;
* lists of objects that all carry a unique ``"id"`` (touchpoints) item by item, by id; the
  order is taken from the side that reordered, new items keep their place after the item
  they followed;
* lists of equal length on all three sides position by position (the three essence words,
  the three scores of a brand-fit rating, journeys);
* lists of distinct plain values (brand values, keywords, channel names) as sets: what one
  side added is added, what it removed is removed, the others' additions stay;
* anything else as one value.

When both sides changed the same value differently, ``mine`` wins (it is the later edit:
it is being saved now) and the change is reported as a :class:`Conflict`, so that the
session can keep the earlier value in the history and say so.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_MISSING = object()


@dataclass(frozen=True)
class Conflict:
    """Both sides changed ``path`` differently; ``theirs`` was replaced by ``mine``."""

    path: tuple
    theirs: Any
    mine: Any

    @property
    def where(self) -> str:
        """The path as text: ``journeys.0.touchpoints.t-intake.name``."""
        return ".".join(str(p) for p in self.path)


def merge(base: Any, mine: Any, theirs: Any) -> tuple[Any, list[Conflict]]:
    """``theirs`` with the changes ``base`` → ``mine`` applied; and the conflicts."""
    conflicts: list[Conflict] = []
    result = _merge(base, mine, theirs, (), conflicts)
    return result, conflicts


def changed_paths(old: Any, new: Any, depth: int = 2) -> list[str]:
    """Where ``new`` differs from ``old``, as dotted paths at most ``depth`` deep (for a
    history entry's "what changed"): ``["brand.values", "journeys.0"]``."""
    out: list[str] = []
    _diff(old, new, (), depth, out)
    return out


# --------------------------------------------------------------------------- internals

def _merge(base, mine, theirs, path, conflicts):
    if _same(mine, base):
        return theirs
    if _same(theirs, base) or _same(mine, theirs):
        return mine
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return _merge_dicts(base if isinstance(base, dict) else {}, mine, theirs, path, conflicts)
    if isinstance(mine, list) and isinstance(theirs, list) and isinstance(base, list):
        merged = _merge_lists(base, mine, theirs, path, conflicts)
        if merged is not _MISSING:
            return merged
    conflicts.append(Conflict(path, None if theirs is _MISSING else theirs, None if mine is _MISSING else mine))
    return mine


def _same(a, b) -> bool:
    return a is b or (a is not _MISSING and b is not _MISSING and a == b)


def _merge_dicts(base: dict, mine: dict, theirs: dict, path, conflicts) -> dict:
    result = {}
    keys = list(theirs) + [k for k in mine if k not in theirs]
    for key in keys:
        value = _merge(base.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING),
                       path + (key,), conflicts)
        if value is not _MISSING:
            result[key] = value
    return result


def _ids(items: list) -> list | None:
    """The ids of a list of objects that all have a distinct ``"id"``, else None."""
    if not all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in items):
        return None
    ids = [item["id"] for item in items]
    return ids if len(set(ids)) == len(ids) else None


def _distinct_plain(items: list) -> bool:
    plain = all(isinstance(item, (str, int, float, bool)) or item is None for item in items)
    return plain and len(set(map(repr, items))) == len(items)


def _merge_lists(base: list, mine: list, theirs: list, path, conflicts):
    ids = (_ids(base), _ids(mine), _ids(theirs))
    if all(i is not None for i in ids) and (base or mine or theirs):
        return _merge_by_id(base, mine, theirs, *ids, path=path, conflicts=conflicts)
    if len(base) == len(mine) == len(theirs):
        return [_merge(b, m, t, path + (i,), conflicts) for i, (b, m, t) in enumerate(zip(base, mine, theirs))]
    if _distinct_plain(base) and _distinct_plain(mine) and _distinct_plain(theirs):
        removed = [x for x in base if x not in mine]
        result = [x for x in theirs if x not in removed]
        for i, x in enumerate(mine):
            if x in base or x in result:
                continue
            # keep it after the item it follows in mine, when that item is still there
            before = next((mine[j] for j in range(i - 1, -1, -1) if mine[j] in result), _MISSING)
            result.insert(result.index(before) + 1 if before is not _MISSING else 0, x)
        return result
    return _MISSING


def _merge_by_id(base, mine, theirs, base_ids, mine_ids, theirs_ids, *, path, conflicts):
    b = dict(zip(base_ids, base))
    m = dict(zip(mine_ids, mine))
    t = dict(zip(theirs_ids, theirs))
    merged: dict[str, Any] = {}
    for key in dict.fromkeys(theirs_ids + mine_ids):
        value = _merge(b.get(key, _MISSING), m.get(key, _MISSING), t.get(key, _MISSING), path + (key,), conflicts)
        if value is not _MISSING:
            merged[key] = value
    # order: mine's when I reordered the items we both still have, else theirs'
    kept = [i for i in base_ids if i in m and i in t]
    mine_moved = [i for i in mine_ids if i in kept] != kept
    order = mine_ids if mine_moved else theirs_ids
    result = [k for k in order if k in merged]
    other = theirs_ids if mine_moved else mine_ids
    for i, key in enumerate(other):
        if key in merged and key not in result:
            before = next((other[j] for j in range(i - 1, -1, -1) if other[j] in result), None)
            result.insert(result.index(before) + 1 if before is not None else 0, key)
    return [merged[k] for k in result]


def _diff(old, new, path, depth, out):
    if old == new:
        return
    if len(path) >= depth:
        out.append(".".join(map(str, path)))
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            _diff(old.get(key, _MISSING), new.get(key, _MISSING), path + (key,), depth, out)
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new)):
            _diff(a, b, path + (i,), depth, out)
        return
    out.append(".".join(map(str, path)) or "*")
