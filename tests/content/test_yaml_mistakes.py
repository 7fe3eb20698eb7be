"""YAML mistakes an editor new to YAML makes: explained in Chinese, at the line
to change, with how to fix it, in every kind of file and with either parser."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.content.diagnostics import Problem, Problems
from generator.content.source import split_front_matter
from generator.content.yaml_mistakes import accepted_mistakes, explain
from tests.helpers import FIXTURES, problems_in

# Words of PyYAML's and libyaml's messages that must never reach an editor.
PYYAML_WORDS = re.compile(
    r"\b(found|expected|while|scanning|parsing|mapping|block|flow|token|scalar|"
    r"could|not|allowed|context|stream|indicator|character|key|sequence|document)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mistake:
    """How to break one ``key: value`` line, which line then needs the fix
    (relative to the broken line) and what the fix says."""

    name: str
    breaks: Callable[[str, str, str], str]  # (indent, key, value) -> replacement lines
    shift: int
    hint: str


MISTAKES = [
    Mistake("full_width_colon", lambda i, k, v: f"{i}{k}：{v}", 0, "请改用半角冒号加空格"),
    Mistake("unquoted_colon", lambda i, k, v: f"{i}{k}: {v}: 补充说明", 0, "请给整个值加引号"),
    Mistake(
        "unquoted_hash_in_brackets",
        lambda i, k, v: f"{i}{k}: [{v} #1, 其他]",
        0,
        "请给含 # 的项加引号",
    ),
    Mistake("tab_indentation", lambda i, k, v: f"\t{i}{k}: {v}", 0, "请把 Tab 换成空格"),
    Mistake(
        "no_space_after_dash",
        lambda i, k, v: f"{i}{k}:\n{i}  -{v}",
        1,
        "「-」后缺少空格：请写成「- ",
    ),
    Mistake("no_space_after_colon", lambda i, k, v: f"{i}{k}:{v}", 0, "冒号后缺少空格：请写成"),
    Mistake(
        "mis_indented_list_item",
        lambda i, k, v: f"{i}{k}:\n{i}  - {v}\n{i}   - 其他",
        2,
        "缩进不一致",
    ),
    Mistake(
        "list_item_indented_less",
        lambda i, k, v: f"{i}{k}:\n{i}    - {v}\n{i}  - 其他",
        1,  # the lone first item, not the sibling after it
        "缩进不一致",
    ),
    Mistake("mis_indented_key", lambda i, k, v: f"{i} {k}: {v}", 0, "缩进不一致"),
    Mistake("unclosed_double_quote", lambda i, k, v: f'{i}{k}: "{v}', 0, "引号没有闭合"),
    Mistake("unclosed_single_quote", lambda i, k, v: f"{i}{k}: '{v}", 0, "引号没有闭合"),
    Mistake("unclosed_bracket", lambda i, k, v: f"{i}{k}: [{v}", 0, "方括号「[」没有闭合"),
    Mistake("unclosed_brace", lambda i, k, v: f"{i}{k}: {{甲: {v}", 0, "花括号「{」没有闭合"),
    Mistake(
        "value_on_the_next_line_unindented",
        lambda i, k, v: f"{i}{k}:\n{i}{v}",
        1,
        "写在同一行",
    ),
    Mistake(
        "full_width_brackets", lambda i, k, v: f"{i}{k}: ［{v}, 其他］", 0, "请改用半角括号，写成 ["
    ),
    Mistake(
        "full_width_comma_in_list",
        lambda i, k, v: f"{i}{k}: [{v}，其他]",
        0,
        "请改用半角逗号加空格，写成 [",
    ),
    Mistake("lenticular_brackets", lambda i, k, v: f"{i}{k}: 【{v}，其他】", 0, "请改用半角方括号"),
    Mistake(
        "full_width_quotes_around_colon",
        lambda i, k, v: f"{i}{k}: “{v}: 补充”",
        0,
        "请改用半角引号",
    ),
]

# (file, line) of ``key: value`` lines of every kind of YAML an editor writes.
TARGETS = [
    ("kuaibao/2026/001/01.md", 2),  # report front matter: first key
    ("kuaibao/2026/001/01.md", 4),
    ("kuaibao/2026/001/01.md", 7),  # last key of the front matter
    ("kuaibao/2026/001/index.md", 3),
    ("kuaibao/2026/001/index.md", 4),
    ("journal.yml", 1),
    ("journal.yml", 6),  # inside a list item
    ("journal.yml", 19),  # a Chinese key in a nested mapping
    ("units.yml", 2),
    ("units.yml", 13),
    ("ledger/2026.yml", 4),  # last line of the file
]


def _break(root: Path, rel: str, number: int, mistake: Mistake) -> str:
    """Break line ``number`` of ``rel``; return the text of the broken file."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    indent, key, value = re.fullmatch(r"( *)([^:]+): (.+)", lines[number - 1]).groups()
    lines[number - 1] = mistake.breaks(indent, key, value)
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return text


def assert_chinese(problem: Problem, source: str) -> None:
    """Only the editor's own words (and the names YAML, Tab) may be in Latin letters."""
    assert not PYYAML_WORDS.search(problem.message), problem
    allowed = set(re.findall(r"[A-Za-z]+", source)) | {"YAML", "Tab"}
    assert set(re.findall(r"[A-Za-z]+", problem.message)) <= allowed, problem


@pytest.mark.parametrize("rel,number", TARGETS, ids=[f"{r}:{n}" for r, n in TARGETS])
@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_yaml_mistake_is_named_at_its_line_with_a_fix(
    content: Path, rel: str, number: int, mistake: Mistake
) -> None:
    text = _break(content, rel, number, mistake)
    problems = [p for p in problems_in(content) if p.path == rel and "YAML" in p.message]
    assert len(problems) == 1, problems
    assert (problems[0].line, problems[0].severity) == (number + mistake.shift, "error")
    assert mistake.hint in problems[0].message
    assert_chinese(problems[0], text)


@pytest.mark.parametrize("loader", [yaml.SafeLoader, yaml.CSafeLoader], ids=["pyyaml", "libyaml"])
@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_both_parsers_lead_to_the_same_explanation(loader: type, mistake: Mistake) -> None:
    lines = ["title: 甲县春季安全生产", "unit: jiaxian", "category: 经济", "date: 2026-03-01"]
    lines[2] = mistake.breaks("", "category", "经济")
    text = "\n".join(lines) + "\n"
    try:
        yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        found = explain(error, text)
    else:
        found = accepted_mistakes(text)[0]
    assert (found.line, mistake.hint in found.message) == (3 + mistake.shift, True), found
    assert_chinese(Problem("", found.line, found.message), text)


# Problems of the parsers themselves, beyond the common mistakes: all Chinese.
PARSER_PROBLEMS = {
    "python_tag": ("title: !!python/object:os.system x\n", 1, "不允许使用 YAML 标签"),
    "local_tag": ("title: 标题\nunit: !jiaxian\n", 2, "请给整个值加引号"),
    "second_document": ("title: a\n---\nunit: b\n", 2, "多余的「---」"),
    "directive": ("%YAML 1.1\n%YAML 1.1\n---\ntitle: a\n", 2, "YAML 指令"),
    "at_sign": ("title: @甲县\n", 1, "以 @ 或 ` 开头的值请加引号"),
    "backtick": ("title: `甲县`\n", 1, "以 @ 或 ` 开头的值请加引号"),
    "bad_escape": ('title: "甲县\\q"\n', 1, "不是有效的转义"),
    "complex_key": ("title: a\n? [a]\n: b\n", 2, "键必须是简单的文字"),
    "text_after_quote": ('title: "甲县" 补充\n', 1, "请把整个值放进引号内"),
    "text_after_block_indicator": ("title: | 甲县\n", 1, "之后只能换行"),
}


@pytest.mark.parametrize("loader", [yaml.SafeLoader, yaml.CSafeLoader], ids=["pyyaml", "libyaml"])
@pytest.mark.parametrize("name", PARSER_PROBLEMS)
def test_every_parser_problem_is_explained_in_chinese(loader: type, name: str) -> None:
    text, line, hint = PARSER_PROBLEMS[name]
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.load(text, Loader=loader)
    found = explain(raised.value, text)
    assert found.line == line and hint in found.message, found
    assert_chinese(Problem("", found.line, found.message), text)


@pytest.mark.parametrize(
    "problem,expected",
    [
        ("found something no parser said before", "无法解析此处的内容"),
        ("日期 2026-02-30 不存在", "日期 2026-02-30 不存在"),  # kanwu's own, already Chinese
    ],
)
def test_unknown_parser_problem_is_a_chinese_sentence(problem: str, expected: str) -> None:
    text = "title: 标题\nunit: jiaxian\n"
    mark = yaml.Mark("<unicode string>", 0, 1, 0, text, 0)
    found = explain(yaml.MarkedYAMLError("while doing anything", mark, problem, mark), text)
    assert (found.line, found.message.startswith(expected)) == (2, True)
    assert_chinese(Problem("", found.line, found.message), text)


@pytest.mark.parametrize("character", ["\x07", "\x1b", "\ufffe"])
def test_control_character_is_named_at_its_line(character: str) -> None:
    problems = Problems()
    split_front_matter(f"---\ntitle: 标题\nunit: jia{character}xian\n---\n", "01.md", problems)
    assert [(p.line, "控制字符" in p.message) for p in problems] == [(3, True)]


def test_mis_indented_list_item_on_line_8_is_reported_on_line_8(content: Path) -> None:
    rel = "kuaibao/2026/001/02.md"
    text = (
        "---\ntitle: 甲县乙区联合开展跨界河流治理\nunit:\n  - jiaxian\n  - yiqu\n"
        "  - shi-shifanju\n  - bingxian\n - jiaxian\ncategory: 社会\n---\n正文\n"
    )
    (content / rel).write_text(text, encoding="utf-8")
    problems = [p for p in problems_in(content) if p.path == rel]
    assert [(p.line, "缩进不一致" in p.message) for p in problems] == [(8, True)]


@pytest.mark.parametrize(
    "spanning",
    [
        "unit: [jiaxian,\n  yiqu]",
        'title: "甲县春季\n  安全生产：续"\nunit: jiaxian',
        "title: |\n  甲县春季\n  安全生产：续\nunit: jiaxian",
        "title: 甲县春季\n  安全生产\nunit: jiaxian",
    ],
    ids=["brackets", "quotes", "block", "plain"],
)
def test_values_spanning_lines_are_not_taken_for_mistakes(spanning: str) -> None:
    header = f"{spanning}\ncategory：经济\n"
    problems = Problems()
    split_front_matter(f"---\n{header}---\n", "01.md", problems)
    line = header.count("\n")  # the full-width colon, on the last line
    assert [(p.line, "全角冒号" in p.message) for p in problems] == [(line + 1, True)]


def test_unquoted_hash_in_a_value_warns_that_the_rest_is_cut(content: Path) -> None:
    rel = "kuaibao/2026/001/01.md"
    text = (content / rel).read_text(encoding="utf-8")
    (content / rel).write_text(text.replace("category: 经济", "category: 经济 #1号"), "utf-8")
    problems = [p for p in problems_in(content) if p.path == rel]
    assert [(p.line, p.severity) for p in problems] == [(4, "warning")]
    assert "请给整个值加引号" in problems[0].message


def test_template_comments_after_values_are_not_cut_values() -> None:
    problems = Problems()
    text = "---\ntitle: 标题          # 标题（必填）\nunit: jiaxian  #注释\n---\n"
    split_front_matter(text, "01.md", problems)
    assert [p.line for p in problems] == [3]


REPORT = (FIXTURES / "minimal/kuaibao/2026/001/01.md").read_text(encoding="utf-8")
HEADER = REPORT.split("---\n")[1].rstrip("\n").split("\n")


def _corrupt(kind: str, line: str) -> str:
    match kind:
        case "tab":
            return "\t" + line
        case "full_width_colon":
            return line.replace(": ", "：", 1)
        case "no_space":
            return line.replace(": ", ":", 1)
        case "open_quote":
            return line.replace(": ", ': "', 1)
        case "open_bracket":
            return line.replace(": ", ": [", 1).replace("]", "")
    raise AssertionError(kind)


@given(
    corruptions=st.lists(
        st.tuples(
            st.sampled_from(["tab", "full_width_colon", "no_space", "open_quote", "open_bracket"]),
            st.integers(0, len(HEADER) - 1),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_corrupted_front_matter_is_always_named_within_it(
    corruptions: list[tuple[str, int]],
) -> None:
    header = list(HEADER)
    for kind, index in corruptions:
        header[index] = _corrupt(kind, header[index])
    text = "---\n" + "\n".join(header) + "\n---\n正文\n"
    problems = Problems()
    split_front_matter(text, "01.md", problems)
    assert problems.errors
    for problem in problems:
        assert 2 <= problem.line <= len(header) + 1, problem
        assert_chinese(problem, text)


# Double-quoted escapes that write a character no page or feed can carry.
INVISIBLE_ESCAPES = ["\\x07", "\\0", "\\e", "\\v", "\\b", "\\x7f", "\\N", "\\uFFFE"]


@pytest.mark.parametrize("rel,number", TARGETS, ids=[f"{r}:{n}" for r, n in TARGETS])
@pytest.mark.parametrize("escape", INVISIBLE_ESCAPES)
def test_an_escape_that_writes_a_control_character_is_refused_at_its_line(
    content: Path, rel: str, number: int, escape: str
) -> None:
    path = content / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    key = lines[number - 1].split(":", 1)[0]
    lines[number - 1] = f'{key}: "甲{escape}乙"'
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = [p for p in problems_in(content) if p.path == rel]
    assert [(p.line, p.severity) for p in problems] == [(number, "error")], problems
    assert "不可见的控制字符 U+" in problems[0].message
    assert "请删除" in problems[0].message


@pytest.mark.parametrize(
    "rel",
    [
        "kuaibao/2026/001/01.md",
        "kuaibao/2026/001/index.md",
        "journal.yml",
        "units.yml",
        "ledger/2026.yml",
    ],
)
@pytest.mark.parametrize("char", ["\x07", "\x0c", "\x1b", "\x7f", "\x85", "\ufffe"])
def test_a_pasted_control_character_is_refused_at_each_line_it_is_on(
    content: Path, rel: str, char: str
) -> None:
    path = content / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text.rstrip()}\n# 甲{char}乙\n\n第三行{char}\n", encoding="utf-8")
    last = text.rstrip().count("\n") + 1
    problems = [p for p in problems_in(content) if p.path == rel]
    assert [(p.line, p.severity) for p in problems] == [(last + 1, "error"), (last + 3, "error")]
    assert f"U+{ord(char):04X}" in problems[0].message
