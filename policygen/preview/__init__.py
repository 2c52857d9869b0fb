"""``policygen serve``: a local preview of a project that follows the files as they are saved."""

from .server import serve
from .state import Preview

__all__ = ["Preview", "serve"]
