"""Errors a person can cause, each with a message in the current language.

Every message names the file, field or line at fault and says what to do. The message
text lives in the locale files under ``error.*`` keys; parameters are filled in when the
message is shown, so ``str(err)`` follows :func:`journeylib.set_language`.
"""
from __future__ import annotations

from .i18n import t


class JourneyError(Exception):
    """Base class: a problem with input that the learner or instructor can fix."""

    def __init__(self, key: str, /, *, file: str | None = None, **params):
        self.key = key
        self.file = None if file is None else str(file)
        self.params = params
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        text = t(self.key, lang, **self.params)
        if self.params.get("backup_hint"):  # a damaged file that has a backup: say where it is
            text += " " + t("error.use_backup", lang, backup=self.params["backup_hint"])
        if self.file:
            return f"{self.file}: {text}"
        return text

    def __str__(self) -> str:
        return self.message()

    def with_file(self, file) -> "JourneyError":
        """Attach the file name (when the error is raised before it is known)."""
        if self.file is None:
            self.file = str(file)
        return self


class LanguageError(JourneyError, ValueError):
    """An unknown language code."""


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
