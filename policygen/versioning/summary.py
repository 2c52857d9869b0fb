"""The plain-text report of a change set, for the console."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .chardiff import inline

if TYPE_CHECKING:
    from .changes import ArticleChange, ChangeSet

_MAX_RENUMBERED_RUNS = 12


def render_summary(changes: ChangeSet) -> str:
    """Return the report: metadata, structure, then each changed article with its diff."""
    o, n = changes.old, changes.new
    lines = [f"{n.id}: {n.title}  {o.version} → {n.version}"]
    if changes.metadata:
        lines.append("metadata:")
        for m in changes.metadata:
            what = f"{m.field} '{m.key}'" if m.key else m.field
            if m.change == "added":
                lines.append(f"  + {what}: {_one_line(m.new)}")
            elif m.change == "removed":
                lines.append(f"  - {what}: {_one_line(m.old)}")
            else:
                lines.append(f"  ~ {what}: {_one_line(m.old)} → {_one_line(m.new)}")
    real_structure = [s for s in changes.structure if s.change != "renumbered"]
    if real_structure:
        lines.append("structure:")
        for s in real_structure:
            if s.change == "added":
                lines.append(f"  + {s.level} {s.new_label} {s.new_title}")
            elif s.change == "removed":
                lines.append(f"  - {s.level} {s.old_label} {s.old_title}")
            else:
                lines.append(f"  ~ {s.level} {s.new_label}: {s.old_title} → {s.new_title}")
    counts = {k: len(getattr(changes, k)) for k in ("added", "deleted", "amended", "moved", "renumbered")}
    lines.append("articles: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for a in changes.changed_articles:
        lines.extend(_article(a))
    runs = _renumbered_runs(changes.renumbered)
    if runs:
        shown = runs[:_MAX_RENUMBERED_RUNS]
        more = len(runs) - len(shown)
        lines.append("renumbered: " + ", ".join(shown) + (f", … ({more} more runs)" if more else ""))
    if changes.is_empty:
        lines.append("no changes of substance")
    return "\n".join(lines) + "\n"


def _one_line(text: str | None) -> str:
    if text is None:
        return "(none)"
    text = text.replace("\n", " / ")
    return text if len(text) <= 80 else text[:79] + "…"


def _heading(info_label: str, title: str | None) -> str:
    return f"{info_label} {title}" if title else info_label


def _article(a: ArticleChange) -> list[str]:
    ident = f" [{a.id}]" if a.id else ""
    if a.old is None:
        assert a.new is not None
        out = [f"  + added     {_heading(a.new.ref_label, a.new.title)}{ident}"]
        out += [f"      {{+{line}+}}" for line in a.new.lines]
        return out
    if a.new is None or a.kind == "deleted":
        out = [f"  - deleted   {_heading(a.old.ref_label, a.old.title)}{ident}"]
        out += [f"      [-{line}-]" for line in a.old.lines]
        if a.new is not None:
            out += [f"      {{+{line}+}}" for line in a.new.lines]  # kept with its number: （删去）
        return out
    was = f" (was {a.old.ref_label})" if a.renumbered else ""
    tags = [t for t, on in (("amended", a.amended), ("moved", a.moved)) if on]
    out = [f"  ~ {'+'.join(tags):<9} {_heading(a.new.ref_label, a.new.title)}{was}{ident}"]
    if a.moved and a.old.chapter != a.new.chapter:
        out.append(f"      moved from {a.old.chapter_heading} to {a.new.chapter_heading}")
    if any(s.op != "equal" for s in a.title):
        out.append(f"      title: {inline(list(a.title))}")
    for line in a.body:
        if line.op != "equal":
            out.append(f"      {inline(list(line.segments))}")
    return out


def _renumbered_runs(articles: list[ArticleChange]) -> list[str]:
    """Return runs such as ``第五条–第十二条 → 第六条–第十三条`` for consecutive renumbering."""
    runs: list[list[ArticleChange]] = []
    for a in articles:
        assert a.old is not None and a.new is not None
        if runs:
            last = runs[-1][-1]
            assert last.old is not None and last.new is not None
            if a.old.index == last.old.index + 1 and a.new.index == last.new.index + 1:
                runs[-1].append(a)
                continue
        runs.append([a])
    out = []
    for run in runs:
        first_o, first_n = run[0].old, run[0].new
        last_o, last_n = run[-1].old, run[-1].new
        assert first_o and first_n and last_o and last_n
        if len(run) == 1:
            out.append(f"{first_o.ref_label} → {first_n.ref_label}")
        else:
            out.append(f"{first_o.ref_label}–{last_o.ref_label} → {first_n.ref_label}–{last_n.ref_label}")
    return out
