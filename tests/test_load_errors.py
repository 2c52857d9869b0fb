"""Every kind of mistake is reported as one exact ``file:line:col: error: …`` line.

The fixtures live in ``tests/fixtures/invalid/``; each test loads them from
``tests/fixtures`` so that the loader shows the relative path
``invalid/<name>.yaml``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import policygen
from policygen import Problem, ValidationError

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)


def problems(path: str | Path) -> list[str]:
    """Return every problem line of a file that must not load."""
    with pytest.raises(ValidationError) as info:
        policygen.load(path)
    lines = [str(p) for p in info.value.problems]
    assert str(info.value) == "\n".join(lines)
    return lines


def only_problem(path: str | Path) -> str:
    lines = problems(path)
    assert len(lines) == 1, lines
    return lines[0]


# --- YAML ------------------------------------------------------------------


def test_yaml_syntax_error_bad_indentation() -> None:
    assert only_problem("invalid/syntax.yaml") == (
        "invalid/syntax.yaml:12:4: error: YAML syntax: expected <block end>, but found "
        "'<block mapping start>' — this line does not line up with the block that starts at "
        "line 10; check its indentation and the quotes on the lines above"
    )


def test_yaml_syntax_error_unclosed_quote_points_at_the_opening_quote() -> None:
    assert only_problem("invalid/unclosed-quote.yaml") == (
        "invalid/unclosed-quote.yaml:10:11: error: YAML syntax: this quoted text is never closed "
        "— add the closing quote"
    )


def test_yaml_syntax_error_colon_in_plain_text() -> None:
    assert only_problem("invalid/colon-in-text.yaml") == (
        "invalid/colon-in-text.yaml:10:15: error: YAML syntax: ': ' is not allowed here — quote the "
        "text if it contains ': ', or fix the indentation of this key"
    )


def test_yaml_syntax_error_tab_indentation() -> None:
    text = "format: 1\narticles:\n\t- text: 本制度自发布之日起施行。\n"
    with pytest.raises(ValidationError) as info:
        policygen.loads(text, name="tab.yaml")
    assert [str(p) for p in info.value.problems] == [
        "tab.yaml:3:1: error: YAML syntax: a tab character — indent with spaces, not tabs"
    ]


def test_yaml_syntax_error_unclosed_bracket_points_at_the_bracket() -> None:
    text = "format: 1\nrecipients: [全体员工, 客服部\nowner: 客户服务部\n"
    with pytest.raises(ValidationError) as info:
        policygen.loads(text, name="bracket.yaml")
    assert [str(p) for p in info.value.problems] == [
        "bracket.yaml:2:13: error: YAML syntax: the '[' here is not closed by ']' (expected ',' or "
        "']', but got ':') — close it, or quote the text if '[' belongs to it"
    ]


def test_duplicate_key() -> None:
    assert only_problem("invalid/duplicate-key.yaml") == (
        "invalid/duplicate-key.yaml:9:1: error: duplicate key 'owner' (first at line 8) — keep one of them"
    )


def test_empty_file() -> None:
    assert only_problem("invalid/empty.yaml") == "invalid/empty.yaml:1:1: error: file is empty — start with `format: 1`"


def test_comments_only_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "comments.yaml"
    path.write_text("# yaml-language-server: $schema=../schema/policy.schema.json\n\n", encoding="utf-8")
    # a file outside the working directory is shown with its full path
    assert only_problem(path) == f"{path}:1:1: error: file is empty — start with `format: 1`"


def test_top_level_list() -> None:
    with pytest.raises(ValidationError) as info:
        policygen.loads("- format: 1\n- id: x\n", name="list.yaml")
    assert [str(p) for p in info.value.problems] == [
        "list.yaml:1:1: error: expected a mapping of keys at the top level, got list — start with `format: 1`"
    ]


def test_alias_bomb_is_refused_quickly() -> None:
    # nine levels of nine aliases: 9**9 (387 million) nodes if expanded
    start = time.perf_counter()
    line = only_problem("invalid/alias-bomb.yaml")
    elapsed = time.perf_counter() - start
    assert line == (
        "invalid/alias-bomb.yaml:1:4: error: aliases expand this document to more than 200000 nodes "
        "— write the content out instead of nesting anchors and aliases"
    )
    assert elapsed < 0.5


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        policygen.loads("format: 1\nroles: &loop [*loop]\n", name="loop.yaml")
    [problem] = info.value.problems
    assert str(problem).startswith("loop.yaml:2:8: error: aliases expand this document to more than")


def test_a_few_aliases_are_fine() -> None:
    text = (FIXTURES / "minimal/policies/minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("owner: 客户服务部", "owner: &owner 客户服务部\napproved_by: *owner")
    assert policygen.loads(text).approved_by == "客户服务部"


def test_absurd_nesting_is_refused_quickly() -> None:
    start = time.perf_counter()
    line = only_problem("invalid/deep-nesting.yaml")
    assert time.perf_counter() - start < 0.5
    assert line == "invalid/deep-nesting.yaml:3:74: error: nesting deeper than 64 levels — flatten the structure"


def test_absurd_block_nesting_is_refused() -> None:
    text = "format: 1\nchapters:\n" + "".join("  " * i + "- \n" for i in range(1, 200))
    with pytest.raises(ValidationError) as info:
        policygen.loads(text, name="deep.yaml")
    [problem] = info.value.problems
    assert problem.message == "nesting deeper than 64 levels — flatten the structure"
    # line 66 holds the 64th nested list, 2 * 64 spaces in
    assert (problem.line, problem.col) == (66, 129)


# --- encoding --------------------------------------------------------------


def test_gbk_file_is_reported_as_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = (FIXTURES / "minimal/policies/minimal.yaml").read_text(encoding="utf-8")
    Path("gbk.yaml").write_bytes(text.encode("gbk"))
    # the first non-ASCII byte is in `title: 最小制度` on line 4, column 8
    assert only_problem("gbk.yaml") == (
        "gbk.yaml:4:8: error: file is not UTF-8 (it looks like GBK/GB18030) — save it as UTF-8, "
        "e.g. `iconv -f GB18030 -t UTF-8 gbk.yaml > gbk.yaml.utf8 && mv gbk.yaml.utf8 gbk.yaml`"
    )


def test_unknown_encoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("latin.yaml").write_bytes("format: 1\ntitle: caf\xe9 \xff\n".encode("latin-1"))
    assert only_problem("latin.yaml") == (
        "latin.yaml:2:11: error: file is not UTF-8 (its encoding is unknown) — save it as UTF-8 in your editor"
    )


def test_utf8_with_bom_loads(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal/policies/minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "bom.yaml"
    path.write_bytes(text.encode("utf-8-sig"))
    assert policygen.load(path).title == "最小制度"


# --- model errors ----------------------------------------------------------


def test_unknown_key_with_did_you_mean() -> None:
    assert only_problem("invalid/unknown-key.yaml") == (
        "invalid/unknown-key.yaml:11:5: error: unknown key 'titel' — did you mean 'title'?"
    )


def test_unknown_key_without_a_close_match() -> None:
    text = (FIXTURES / "minimal/policies/minimal.yaml").read_text(encoding="utf-8") + "colour: red\n"
    with pytest.raises(ValidationError) as info:
        policygen.loads(text, name="colour.yaml")
    assert [str(p) for p in info.value.problems] == [
        "colour.yaml:15:1: error: unknown key 'colour' — remove it or see the format reference"
    ]


def test_wrong_type() -> None:
    assert only_problem("invalid/wrong-type.yaml") == (
        "invalid/wrong-type.yaml:9:13: error: recipients: expected a list, got '全体员工' — "
        "write one entry per `- ` line"
    )


def test_text_written_as_a_flow_list() -> None:
    text = (FIXTURES / "minimal/policies/minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("text: 为规范管理，特制定本制度。", "text: [[purpose]]")
    with pytest.raises(ValidationError) as info:
        policygen.loads(text, name="flow.yaml")
    assert [str(p) for p in info.value.problems] == [
        "flow.yaml:14:15: error: text: expected text, got a list — write the text after the key; "
        "quote it if it starts with '['"
    ]


def test_missing_field() -> None:
    assert only_problem("invalid/missing-field.yaml") == (
        "invalid/missing-field.yaml:1:1: error: missing required key 'owner' — add `owner:` here"
    )


def test_impossible_date() -> None:
    assert only_problem("invalid/impossible-date.yaml") == (
        "invalid/impossible-date.yaml:6:9: error: issued: '2024-02-30' is not a valid date — "
        "write a real day as YYYY-MM-DD"
    )


def test_bad_version() -> None:
    assert only_problem("invalid/bad-version.yaml") == (
        "invalid/bad-version.yaml:5:10: error: version 'v1' is not MAJOR.MINOR[.PATCH] — "
        'write it in quotes, e.g. "1.0"'
    )


def test_unquoted_version_keeps_its_written_form() -> None:
    text = (FIXTURES / "minimal/policies/minimal.yaml").read_text(encoding="utf-8")
    # 1.10 read as a number would silently become 1.1
    assert policygen.loads(text.replace('version: "1.0"', "version: 1.10")).version == "1.10"


# --- cross-field rules -----------------------------------------------------


def test_effective_before_issued() -> None:
    assert only_problem("invalid/effective-before-issued.yaml") == (
        "invalid/effective-before-issued.yaml:7:12: error: effective date 2024-09-15 is before the "
        "issue date 2024-10-01 — a policy cannot take effect before it is issued"
    )


def test_version_missing_from_changelog() -> None:
    assert only_problem("invalid/version-not-in-changelog.yaml") == (
        "invalid/version-not-in-changelog.yaml:10:3: error: version 1.1 is not in the changelog — "
        'add an entry `- version: "1.1"`'
    )


def test_duplicate_id() -> None:
    assert only_problem("invalid/duplicate-id.yaml") == (
        "invalid/duplicate-id.yaml:18:13: error: duplicate id 'purpose' (already used by an article) "
        "— ids must be unique in a policy"
    )


def test_unknown_role_with_did_you_mean() -> None:
    assert only_problem("invalid/unknown-role.yaml") == (
        "invalid/unknown-role.yaml:15:25: error: role 'front-dsk' is not declared — did you mean 'front-desk'?"
    )


def test_unknown_reference_points_at_the_brackets() -> None:
    # line 13 is `    text: 依照[[purpos]]执行。`: the text starts at column 11, `[[` at 13
    assert only_problem("invalid/unknown-ref.yaml") == (
        "invalid/unknown-ref.yaml:13:13: error: reference [[purpos]] names no article, chapter, "
        "role or channel — did you mean 'purpose'?"
    )


BASE = (
    "format: 1\nid: refs\nkind: regulation\ntitle: 引用\nversion: \"1.0\"\n"
    "issued: 2024-10-01\neffective: 2024-10-15\nowner: 客户服务部\narticles:\n  - id: scope\n"
)


@pytest.mark.parametrize(
    ("body", "line", "col"),
    [
        # plain: the second reference is the bad one
        ("    text: 见[[scope]]和[[scopx]]。\n", 11, 22),
        # double-quoted, with an escape that is longer in the file than in the value
        ('    text: "\\u89c1[[scope]]和[[scopx]]。"\n', 11, 28),
        # single-quoted, with a doubled quote
        ("    text: '见''[[scope]]''和[[scopx]]'\n", 11, 27),
        # an escaped reference is not counted
        ("    text: \\[[scope]] [[scopx]]\n", 11, 22),
        # leading spaces inside quotes are stripped from the value, not from the file
        ('    text: "  [[scopx]]"\n', 11, 14),
        # a literal block: the line and column of the reference inside it
        ("    text: |\n      第一行[[scope]]\n      第二行见[[scopx]]\n", 13, 11),
        # a plain text folded over two lines
        ("    text: 第一行\n      第二行见[[scopx]]\n", 12, 11),
        # an item given as plain text
        ("    text: 见下。\n    items:\n      - 其他[[scopx]]\n", 13, 11),
    ],
)
def test_unknown_reference_column_in_every_style(body: str, line: int, col: int) -> None:
    with pytest.raises(ValidationError) as info:
        policygen.loads(BASE + body, name="refs.yaml")
    [problem] = info.value.problems
    assert (problem.line, problem.col) == (line, col), str(problem)
    assert problem.message == (
        "reference [[scopx]] names no article, chapter, role or channel — did you mean 'scope'?"
    )
    written = (BASE + body).splitlines()[line - 1]
    assert written[col - 1 : col + 1] == "[["  # a character column, not a byte column


def test_reference_that_is_not_an_id() -> None:
    with pytest.raises(ValidationError) as info:
        policygen.loads(BASE + "    text: 见[[第一条]]。\n", name="refs.yaml")
    assert [str(p) for p in info.value.problems] == [
        "refs.yaml:11:12: error: reference [[第一条]] is not an id — write [[some-id]] or [[policy-id#some-id]] with a-z, 0-9 "
        "and '-', or \\[[ for a literal"
    ]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, "invalid/bad-channels.yaml:13:12: error: channel 'mail': 'service.example.com' is not an "
            "e-mail address — write it as name@example.com"),
        (1, "invalid/bad-channels.yaml:17:12: error: channel 'site': '官方网站首页' is not a website "
            "address — write it as www.example.com or https://example.com"),
        (2, "invalid/bad-channels.yaml:21:12: error: channel 'hotline': '客服热线' is not a phone "
            "number — use digits, spaces, '-', '+' and parentheses"),
    ],
    ids=["email", "website", "phone"],
)
def test_bad_channel_value_per_type(index: int, expected: str) -> None:
    lines = problems("invalid/bad-channels.yaml")
    assert len(lines) == 3
    assert lines[index] == expected


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("email", "service@example.com"),
        ("website", "www.example.com"),
        ("website", "https://example.com/service"),
        ("phone", "400-123-4567"),
        ("phone", "+86 (010) 1234 5678"),
        ("phone", "010-12345678 转 8001"),
        ("social", "微信公众号：示例科技"),
        ("address", "北京市海淀区示例路1号"),
    ],
)
def test_good_channel_values(kind: str, value: str) -> None:
    text = (FIXTURES / "invalid/bad-channels.yaml").read_text(encoding="utf-8")
    head, _, _ = text.partition("channels:")
    text = head + (
        f"channels:\n  - id: c\n    type: {kind}\n    name: 渠道\n    value: \"{value}\"\n"
        "chapters:\n  - id: contact\n    title: 联系方式\n    show: channels\n"
    )
    assert policygen.loads(text).channels[0].value == value


# --- all at once, sorted ---------------------------------------------------


def test_all_model_errors_of_a_file_at_once_sorted() -> None:
    assert problems("invalid/many-model-errors.yaml") == [
        "invalid/many-model-errors.yaml:3:7: error: kind: 'regulaton' is not allowed — did you mean "
        "'regulation'? Use one of 'regulation' or 'notice'",
        "invalid/many-model-errors.yaml:6:9: error: issued: '2024-13-01' is not a valid date — write a "
        "real day as YYYY-MM-DD",
        "invalid/many-model-errors.yaml:9:1: error: duplicate key 'owner' (first at line 8) — keep one of them",
        "invalid/many-model-errors.yaml:14:9: error: missing required key 'text' — add `text:` here",
        "invalid/many-model-errors.yaml:15:9: error: unknown key 'txt' — did you mean 'text'?",
        "invalid/many-model-errors.yaml:18:16: error: roles: expected a list, got 'front-desk' — write "
        "one entry per `- ` line",
    ]


def test_all_rule_errors_of_a_file_at_once_sorted() -> None:
    assert problems("invalid/many-rule-errors.yaml") == [
        "invalid/many-rule-errors.yaml:7:12: error: effective date 2024-09-01 is before the issue date "
        "2024-10-01 — a policy cannot take effect before it is issued",
        "invalid/many-rule-errors.yaml:17:17: error: reference [[purpos]] names no article, chapter, role "
        "or channel — did you mean 'purpose'?",
        "invalid/many-rule-errors.yaml:18:17: error: role 'front-dek' is not declared — did you mean 'front-desk'?",
        "invalid/many-rule-errors.yaml:19:13: error: duplicate id 'purpose' (already used by an article) "
        "— ids must be unique in a policy",
    ]


def test_problems_are_sorted_by_position() -> None:
    with pytest.raises(ValidationError) as info:
        policygen.load("invalid/many-model-errors.yaml")
    found = info.value.problems
    assert all(isinstance(p, Problem) for p in found)
    assert [(p.line, p.col) for p in found] == sorted((p.line, p.col) for p in found)
    assert info.value.errors == found


# --- warnings --------------------------------------------------------------


def test_unused_role_and_channel_are_warnings_only() -> None:
    policy = policygen.load("warnings/warnings.yaml")
    assert [str(w) for w in policy.warnings] == [
        "warnings/warnings.yaml:10:9: warning: role 'front-desk' is declared but no article binds or "
        "mentions it — add it to an article's `roles:`",
        "warnings/warnings.yaml:13:9: warning: channel 'hotline' is declared but never shown or "
        "referenced — add `show: channels` to a chapter or write [[hotline]]",
    ]
    assert all(w.severity == "warning" for w in policy.warnings)


def test_roles_shown_in_a_chapter_are_used() -> None:
    policy = policygen.load("notice/notice.yaml")
    assert policy.warnings == []


def test_warnings_travel_with_errors() -> None:
    text = (FIXTURES / "warnings/warnings.yaml").read_text(encoding="utf-8")
    text = text.replace("effective: 2024-10-15", "effective: 2024-09-15")
    with pytest.raises(ValidationError) as info:
        policygen.loads(text, name="w.yaml")
    assert [(p.line, p.severity) for p in info.value.problems] == [(7, "error"), (10, "warning"), (13, "warning")]
    assert len(info.value.errors) == 1


def test_encoding_column_counts_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # valid UTF-8 (three characters, nine bytes) before the first byte that is not
    Path("mixed.yaml").write_bytes("title: 客户部".encode() + "制度\n".encode("gbk"))
    with pytest.raises(ValidationError) as info:
        policygen.load("mixed.yaml")
    [problem] = info.value.problems
    assert (problem.line, problem.col) == (1, 11)
