"""Import existing regulations (.docx, .txt, .md, .html) into policy YAML, and reviewers' edits back."""

from __future__ import annotations

from .errors import ImportError_

__all__ = ["ImportError_"]
