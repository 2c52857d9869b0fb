"""Round trip of the shipped policies: build → DOCX (as the writer makes it) → import gives the source's structure, ids and text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import policygen
from policygen.importer.api import import_file

from .helpers import policy_docx

POLICIES = sorted((Path(__file__).parent.parent.parent / "policies").glob("*.yaml"))


def projection(policy: Any) -> dict[str, Any]:
    """Return what must survive the round trip: metadata, body structure, ids, titles and rendered text.

    Text is compared as rendered, so a role reference reads as the role's name;
    a regulation's DOCX prints no role table, so roles are compared by name only
    where the DOCX shows them (notices). A notice set by GB/T 9704 prints no
    修订记录 (the changelog), so it is compared where the DOCX prints it.
    """
    doc = policygen.resolve(policy)
    gbt_notice = policy.kind == "notice" and doc.theme == "gbt9704"

    def items(xs: list[Any]) -> list[Any]:
        return [(i.text.plain, items(i.items)) for i in xs]

    def art(a: Any) -> Any:
        return (a.id, a.title, [(p.text.plain, items(p.items)) for p in a.paragraphs])

    return {
        "meta": (policy.title, policy.kind, policy.language, policy.version, policy.doc_number, policy.owner,
                 policy.issued, policy.effective, policy.recipients, policy.cc),
        "preamble": [t.plain for t in doc.preamble],
        "closing": [t.plain for t in doc.closing],
        "chapters": [(c.id, c.title, c.text.plain if c.text else None, c.show,
                      [(s.id, s.title, [art(a) for a in s.articles]) for s in c.sections],
                      [art(a) for a in c.articles]) for c in doc.chapters],
        "articles": [art(a) for a in doc.articles],
        "roles": [(r.name, [d.plain for d in r.duties]) for r in doc.roles] if policy.kind == "notice" else [],
        "channels": [(c.type, c.name, c.value, c.hours) for c in doc.channels] if policy.kind == "notice" else [],
        "changelog": [] if gbt_notice else [(c.version, c.date, c.summary) for c in doc.changelog],
    }


@pytest.mark.parametrize("path", POLICIES, ids=[p.stem for p in POLICIES])
def test_shipped_policy_round_trip(path: Path, tmp_path: Path) -> None:
    source = policygen.load(str(path))
    docx_path = tmp_path / f"{path.stem}.docx"
    docx_path.write_bytes(policy_docx(str(path)))
    imported = import_file(docx_path)
    assert imported.policy.id == source.id
    assert projection(imported.policy) == projection(source)
    assert [a.id for a in imported.policy.iter_articles()] == [a.id for a in source.iter_articles()]


# policies with parts (编), inserted (之一) and deleted articles, a numbering convention or later first numbers
STRUCTURES = sorted((Path(__file__).parent.parent / "fixtures" / "structures").glob("*.yaml"))


@pytest.mark.skipif(not STRUCTURES, reason="no policies with parts, inserted or deleted articles among the fixtures")
@pytest.mark.parametrize("path", STRUCTURES, ids=[p.stem for p in STRUCTURES])
def test_structures_round_trip(path: Path, tmp_path: Path) -> None:
    source = policygen.load(str(path))
    docx_path = tmp_path / f"{path.stem}.docx"
    docx_path.write_bytes(policy_docx(str(path)))
    imported = import_file(docx_path).policy
    assert projection(imported) == projection(source)
    keys = ("convention", "first_part", "first_chapter", "first_article")
    assert [getattr(imported, k, None) for k in keys if getattr(source, k, None)] == \
        [getattr(source, k) for k in keys if getattr(source, k, None)]
    fields = ("id", "inserted", "deleted")
    assert [tuple(getattr(a, f, None) for f in fields) for a in imported.iter_articles()] == \
        [tuple(getattr(a, f, None) for f in fields) for a in source.iter_articles()]
    assert [p.id for p in getattr(imported, "parts", [])] == [p.id for p in getattr(source, "parts", [])]
    assert [(p.title, [c.id for c in p.chapters]) for p in getattr(imported, "parts", [])] == \
        [(p.title, [c.id for c in p.chapters]) for p in getattr(source, "parts", [])]
