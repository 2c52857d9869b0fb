"""Pydantic models of a policy file (``policies/<id>.yaml``); no I/O here."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails

from .base import SLUG_PATTERN as SLUG_PATTERN  # re-exported: callers import it from here
from .base import Slug, Strict
from .issue import Attachment, Issuer

VERSION_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?$"

Version = Annotated[
    str, Field(pattern=VERSION_PATTERN, max_length=32, description='Version "MAJOR.MINOR[.PATCH]", quoted.')
]
Text = Annotated[str, Field(min_length=1, description="Text; may contain [[id]] references.")]
# Texts laid out in table cells: a cell that runs over many pages lays out in time
# growing with the square of its length, and reads badly; articles have no limit.
CELL_SHORT, CELL_LONG = 200, 2000
CellText = Annotated[str, Field(min_length=1, max_length=CELL_LONG, description="Text in a table cell; may contain [[id]] references.")]
Language = Literal["zh-Hans", "zh-Hant", "en"]
Kind = Literal["regulation", "notice"]
Status = Literal["draft", "review", "approved", "published", "superseded", "withdrawn"]
ChannelType = Literal["phone", "email", "website", "social", "im", "address", "other"]
Show = Literal["roles", "channels"]
Convention = Literal["prc", "tw"]
StartNumber = Annotated[int, Field(ge=1, le=99999, description="A starting number, 1 or more.")]


def _text_to_mapping(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Item(Strict):
    """An enumerated item (项); nested items are 目 and below."""

    text: Text = Field(description="The item's text.")
    items: list[Item] = Field(default_factory=list, description="Nested items (目, then （1）).")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _text_to_mapping(value)


class Paragraph(Strict):
    """A further paragraph (款) of an article, optionally with items of its own."""

    text: Text = Field(description="The paragraph's text.")
    items: list[Item] = Field(default_factory=list, description="Items (项) of this paragraph.")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _text_to_mapping(value)


class Article(Strict):
    """An article (条): numbered continuously through the policy."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"not": {"required": ["deleted"], "properties": {"deleted": {"const": True}}}},
            "then": {"required": ["text"]},
        }
    )

    id: Slug | None = Field(None, description="Slug for references and diffs; unique in the policy.")
    title: str | None = Field(None, description="Optional short heading shown after the number.")
    #: keys required unless another key says otherwise (``text``, unless ``deleted``)
    conditionally_required: ClassVar[tuple[str, ...]] = ("text",)

    text: Text | None = Field(None, description="The first paragraph (款) of the article; optional only when `deleted`.")
    inserted: bool = Field(
        False,
        description="Inserted without renumbering: numbered 第N条之一 (之二 …) after the preceding regular article.",
    )
    deleted: bool = Field(
        False, description="Deleted but keeps its number: prints （删去） (tw: （刪除）) instead of its text."
    )
    items: list[Item] = Field(default_factory=list, description="Items (项) after the first paragraph.")
    paragraphs: list[Paragraph] = Field(
        default_factory=list, description="Further paragraphs (款), each optionally with items."
    )
    roles: list[Slug] = Field(default_factory=list, description="Ids of the roles this article binds.")
    note: str | None = Field(None, description="Revision note (修订说明) for the comparison table.")

    @model_validator(mode="wrap")
    @classmethod
    def _text_unless_deleted(cls, data: Any, handler: ModelWrapValidatorHandler[Article]) -> Article:
        """Require ``text`` unless the article is deleted, reported beside the other errors of the article."""
        missing = isinstance(data, dict) and data.get("text") is None and data.get("deleted") is not True
        extra: list[InitErrorDetails] = [{"type": "missing", "loc": ("text",), "input": data}] if missing else []
        try:
            article = handler(data)
        except ValidationError as exc:
            if not extra:
                raise
            raise ValidationError.from_exception_data(exc.title, [*exc.errors(), *extra]) from None  # type: ignore[list-item]
        if extra:
            raise ValidationError.from_exception_data(cls.__name__, extra)
        return article


class Section(Strict):
    """A section (节) between chapter and article."""

    id: Slug | None = Field(None, description="Slug for references; unique in the policy.")
    title: str = Field(min_length=1, description="The section's title.")
    articles: list[Article] = Field(min_length=1, description="The section's articles.")


class Chapter(Strict):
    """A chapter (章), or a numbered part (一、) of a notice."""

    id: Slug | None = Field(None, description="Slug for references; unique in the policy.")
    title: str = Field(min_length=1, description="The chapter's title.")
    text: str | None = Field(None, description="Optional lead paragraph under the heading.")
    show: Show | None = Field(
        None, description="Place the role table (roles) or the channel list (channels) here."
    )
    sections: list[Section] = Field(default_factory=list, description="Sections (节), if any.")
    articles: list[Article] = Field(default_factory=list, description="Articles outside sections.")


class Part(Strict):
    """A part (编) above chapters; chapters number on through the whole policy."""

    id: Slug | None = Field(None, description="Slug for references; unique in the policy.")
    title: str = Field(min_length=1, description="The part's title.")
    chapters: list[Chapter] = Field(min_length=1, description="The part's chapters.")


class Role(Strict):
    """A role (position, team or department) and its duties."""

    id: Slug = Field(description="Slug that articles use to bind the role.")
    name: str = Field(min_length=1, max_length=CELL_SHORT, description="The role's display name (a table cell: at most 200 characters).")
    duties: list[CellText] = Field(default_factory=list, description="The role's duties, one per entry (at most 2,000 characters each).")


class Channel(Strict):
    """A contact or feedback channel."""

    id: Slug = Field(description="Slug for references.")
    type: ChannelType = Field(description="phone | email | website | social | im | address | other.")
    name: str = Field(min_length=1, max_length=CELL_SHORT, description="Display name, e.g. 电话热线 (at most 200 characters).")
    value: str = Field(min_length=1, max_length=CELL_SHORT, description="Number, address, URL or account; checked by type (at most 200 characters).")
    hours: str | None = Field(None, max_length=CELL_SHORT, description="Optional service hours (at most 200 characters).")

    @field_validator("value", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class ChangelogEntry(Strict):
    """One version in the policy's revision history."""

    version: Version = Field(description="The version this entry describes.")
    date: dt.date = Field(description="Date of that version, YYYY-MM-DD.")
    summary: str = Field(min_length=1, max_length=CELL_LONG, description="What changed in that version (at most 2,000 characters).")


class Policy(Strict):
    """A policy file: metadata, roles, channels and the body."""

    format: Literal[1] = Field(description="Format version of the file; 1.")
    id: Slug = Field(description="Slug, unique in the project; file names and references use it.")
    kind: Kind = Field(description="regulation | notice; picks the default template.")
    title: str = Field(min_length=1, description="The document's title.")
    language: Language = Field("zh-Hans", description="zh-Hans | zh-Hant | en.")
    version: Version = Field(description='Version shown on every page, "MAJOR.MINOR[.PATCH]".')
    status: Status = Field("draft", description="draft | review | approved | published | superseded | withdrawn.")
    issued: dt.date = Field(description="Issue date (发布日期), YYYY-MM-DD.")
    effective: dt.date = Field(description="Effective date (生效日期), never before issued.")
    review_by: dt.date | None = Field(None, description="Optional next review date.")
    doc_number: str | None = Field(None, description="Optional document number (发文字号).")
    owner: str = Field(min_length=1, description="Department that owns and interprets the policy.")
    approved_by: str | None = Field(None, description="Optional approving body.")
    organisation: str | None = Field(None, description="Organisation name; defaults to the project's.")
    recipients: list[str] = Field(default_factory=list, description="Main recipients (主送).")
    cc: list[str] = Field(default_factory=list, description="Copies to (抄送).")
    issuers: list[Issuer] = Field(default_factory=list, description="Issuers (发文机关), host first; defaults to the project's.")
    signed: dt.date | None = Field(None, description="Date signed (成文日期), YYYY-MM-DD; default: issued.")
    attachments: list[Attachment] = Field(default_factory=list, description="Attachments (附件), in order.")
    printed_by: str | None = Field(None, description="Printing office (印发机关) in the 版记; defaults to the project's.")
    printed: dt.date | None = Field(None, description="Printing date (印发日期), YYYY-MM-DD; default: issued.")
    convention: Convention | None = Field(
        None, description="Numbering convention: prc | tw; default prc for zh-Hans, tw for zh-Hant (en keeps its own)."
    )
    first_part: StartNumber | None = Field(None, description="Number of the first part (编); default 1.")
    first_chapter: StartNumber | None = Field(None, description="Number of the first chapter (章); default 1.")
    first_article: StartNumber | None = Field(None, description="Number of the first article (条); default 1.")
    theme: Literal["gbt9704", "modern"] | None = Field(None, description="Theme: gbt9704 | modern; defaults to the project's, then by language.")
    preamble: list[Text] = Field(default_factory=list, description="Paragraphs before the first chapter.")
    closing: list[Text] = Field(default_factory=list, description="Paragraphs after the last chapter.")
    changelog: list[ChangelogEntry] = Field(default_factory=list, description="Revision history.")
    roles: list[Role] = Field(default_factory=list, description="Roles that articles bind.")
    channels: list[Channel] = Field(default_factory=list, description="Contact and feedback channels.")
    parts: list[Part] = Field(default_factory=list, description="Parts (编) holding the chapters; instead of `chapters`.")
    chapters: list[Chapter] = Field(default_factory=list, description="Chapters; or give articles directly.")
    articles: list[Article] = Field(default_factory=list, description="Articles of a policy without chapters.")

    _source_path: str | None = PrivateAttr(None)
    _warnings: list[Any] = PrivateAttr(default_factory=list)
    _positions: Any = PrivateAttr(None)  # the loader's Positions, for checks across files

    @property
    def source_path(self) -> str | None:
        """Return the absolute path the policy was loaded from, if any."""
        return self._source_path

    @property
    def positions(self) -> Any:
        """Return where each key was in the source file (the loader's Positions), if loaded from text."""
        return self._positions

    @property
    def warnings(self) -> list[Any]:
        """Return the warnings found while loading (unused roles, channels)."""
        return list(self._warnings)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    def iter_chapters(self) -> list[Chapter]:
        """Return every chapter in document order, whether under parts or not."""
        return [c for p in self.parts for c in p.chapters] + list(self.chapters)

    def iter_articles(self) -> list[Article]:
        """Return every article in document order."""
        out = list(self.articles)
        for chapter in self.iter_chapters():
            for section in chapter.sections:
                out.extend(section.articles)
            out.extend(chapter.articles)
        return out


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://)?([a-z0-9-]+\.)+[a-z]{2,}(:\d+)?(/\S*)?$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{2,}[0-9](\s*(转|ext\.?|x)\s*[0-9]+)?$")


def channel_value_problem(channel: Channel) -> str | None:
    """Return what is wrong with the channel's value for its type, or None."""
    value = channel.value
    if channel.type == "email" and not _EMAIL.match(value):
        return f"channel '{channel.id}': '{value}' is not an e-mail address — write it as name@example.com"
    if channel.type == "website" and not _URL.match(value):
        return f"channel '{channel.id}': '{value}' is not a website address — write it as www.example.com or https://example.com"
    if channel.type == "phone" and not _PHONE.match(value):
        return f"channel '{channel.id}': '{value}' is not a phone number — use digits, spaces, '-', '+' and parentheses"
    return None
