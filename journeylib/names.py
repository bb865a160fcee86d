"""Safe file names made from what a person typed (a learner's name, a notebook's title)."""
from __future__ import annotations

import re
import unicodedata

#: Names Windows keeps for devices: never a file stem on their own.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(text: str, fallback: str = "notebook", limit: int = 60) -> str:
    """A safe file stem: ASCII lower-case letters, digits and single ``-`` (never ``.`` or ``/``)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    if not slug:
        slug = re.sub(r"[^a-z0-9]+", "-", fallback.lower()).strip("-")[:limit] or "notebook"
    if slug in _RESERVED:
        slug = f"{slug}-1"
    return slug
