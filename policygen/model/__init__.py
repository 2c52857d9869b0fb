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
from .issue import Attachment, AttachmentTable, Issuer
from .project import Project

__all__ = [
    "Article",
    "Attachment",
    "AttachmentTable",
    "ChangelogEntry",
    "Channel",
    "Chapter",
    "Issuer",
    "Item",
    "Paragraph",
    "Part",
    "Policy",
    "Project",
    "Role",
    "Section",
]
