"""Errors a person can cause, each with a message in the current language.

Every message names the file, field or line at fault and says what to do. The message
text lives in the locale files under ``error.*`` keys; parameters are filled in when the
message is shown, so ``str(err)`` follows :func:`journeylib.set_language`.
"""
from __future__ import annotations

# the base class and LanguageError live in i18n, the leaf module (i18n raises LanguageError
# itself and must not import this module); they are part of this hierarchy all the same
from .i18n import JourneyError, LanguageError

__all__ = [
    "JourneyError", "LanguageError", "FileFormatError", "ValidationError", "SchemaVersionError", "LimitError",
    "ImageError", "NotOverwrittenError", "CaseError", "SurveyError", "AnalysisError",
]


class FileFormatError(JourneyError):
    """A file that cannot be read as what it should be (empty, not JSON/YAML, binary...)."""


class ValidationError(JourneyError, ValueError):
    """Content that does not fit the model: names the field at fault."""


class SchemaVersionError(JourneyError):
    """A workbook written by a newer (or unknown) version of the course."""


class LimitError(JourneyError):
    """Something too large or too many: a file, a text, an image, touchpoints..."""


class ImageError(JourneyError):
    """An image that is not PNG, JPEG, GIF or WebP, or that cannot be decoded."""


class NotOverwrittenError(JourneyError):
    """Saving refused because the file on disk is not a workbook that loaded."""


class CaseError(JourneyError):
    """An unknown case name or a case file that does not validate."""


class SurveyError(JourneyError):
    """A survey CSV with missing columns, wrong values or too few rows."""


class AnalysisError(JourneyError, ValueError):
    """Input an analysis cannot use (too many drivers, a constant column, ...)."""
