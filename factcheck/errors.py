"""User-facing errors: each says what went wrong and where (file, row, column, value).

The CLI turns any `FactcheckError` into its message and a non-zero exit code,
never a traceback; the UI shows the message in an error box.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base class of every error a user can cause and fix."""


class InputError(FactcheckError):
    """The text, file or CSV given cannot be read as articles."""


class IndexError_(FactcheckError):
    """The index directory is missing, corrupt, foreign or built with another model."""


class ModelError(FactcheckError):
    """A bundled model (spaCy or the sentence encoder) cannot be loaded."""
