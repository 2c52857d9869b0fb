"""Validated models of policy and project files."""

from .policy import (
    Article,
    ChangelogEntry,
    Channel,
    Chapter,
    Item,
    Paragraph,
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
    "Policy",
    "Project",
    "Role",
    "Section",
]
