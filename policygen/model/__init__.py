"""Validated models of policy and project files."""

from .policy import (
    Article,
    ChangelogEntry,
    Channel,
    Chapter,
    Item,
    Paragraph,
    Part,
    Policy,
    Role,
    Section,
)
from .project import Project

__all__ = [
    "Article",
    "ChangelogEntry",
    "Channel",
    "Chapter",
    "Item",
    "Paragraph",
    "Part",
    "Policy",
    "Project",
    "Role",
    "Section",
]
