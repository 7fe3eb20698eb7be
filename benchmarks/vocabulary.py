"""A realistic vocabulary for the synthetic corpus, from jieba's dictionary.

The phrase banks of ``benchmarks.phrases`` use only about 700 distinct characters, far fewer than
a real archive, which flatters a search index. `Vocabulary` reads the word list with frequencies
and part-of-speech tags that ships inside the ``jieba`` package (``dict.txt``; jieba's segmenter
is never imported), keeps common words only (proper nouns — people, places, organisations,
other names and abbreviations — are dropped by their tag, so no real name or place appears) and
draws words weighted by their frequency, which is heavy-tailed: a ten-year archive then uses
thousands of distinct characters and tens of thousands of distinct words (ten years: about
5,200 and 78,000, against 717 and 961 with the phrase banks alone).

`Vocabulary.rewrite` replaces about half of the plain clauses of a body with clauses built from
drawn words, keeping the body's structure (paragraphs, lists, ordinals, headings, figures) and
roughly its length.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

# jieba's tags for names: people (nr, nrfg, nrt), places (ns), organisations (nt), other proper
# nouns (nz) and abbreviations, mostly of organisations and places (j). Never drawn.
PROPER_TAGS: frozenset[str] = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz", "j"})
# The word classes a clause template draws from, and the jieba tags in each.
CLASSES: dict[str, frozenset[str]] = {
    "n": frozenset({"n", "vn", "an"}),
    "v": frozenset({"v", "vi", "vd"}),
    "a": frozenset({"a", "ad", "b", "z"}),
    "d": frozenset({"d"}),
    "i": frozenset({"i", "l"}),
}
# Clause templates: {n} noun, {v} verb, {a} adjective, {d} adverb, {i} idiom or set phrase.
TEMPLATES: tuple[str, ...] = (
    "{d}{v}{n}",
    "{v}{n}{n}",
    "{v}{a}{n}",
    "{a}{n}{d}{v}",
    "围绕{n}{v}{n}",
    "推动{n}和{n}{v}",
    "把{n}作为{n}的{n}",
    "在{n}中{v}{n}",
    "以{n}为{n}{v}{n}",
    "对{n}进行{v}",
    "{n}{v}{a}",
    "{i}",
    "{i}地{v}{n}",
    "{n}的{n}{d}{v}",
    "加强{n}{n}",
    "注重{v}{n}",
    "针对{n}{v}{n}",
    "{n}、{n}和{n}{d}{a}",
)
RATE = 0.5  # share of eligible clauses rewritten
MIN_CLAUSE = 6  # shorter clauses are kept (they carry ordinals, leads, figures)

_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_CLAUSE = re.compile(
    rf"(?:^|(?<=[，。；：！？]))([\u4e00-\u9fff]{{{MIN_CLAUSE},}})(?=[，。；！？])", re.M
)
_SLOT = re.compile(r"\{(\w)\}")
_ORDINAL_LEAD = re.compile(r"^[一二三四五六七八九十]+是")


def dictionary_text() -> str:
    """jieba's dict.txt: one `word frequency tag` a line."""
    try:
        return resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    except ModuleNotFoundError as error:
        raise RuntimeError(
            "真实词表需要 jieba 的词典：请先安装 pip install -e '.[bench]'，"
            "或改用 --vocabulary bank。"
        ) from error


class _Class:
    """Words of one class with cumulative frequency weights."""

    def __init__(self, words: list[str], frequencies: Iterable[int]) -> None:
        self.words = words
        self.cumulative = list(itertools.accumulate(frequencies))

    def draw(self, rng: random.Random) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.words[bisect.bisect_right(self.cumulative, point)]


class Vocabulary:
    """Common Chinese words by class, drawn by frequency."""

    def __init__(self, text: str) -> None:
        tags = {tag: name for name, members in CLASSES.items() for tag in members}
        words: dict[str, list[str]] = {name: [] for name in CLASSES}
        frequencies: dict[str, list[int]] = {name: [] for name in CLASSES}
        for line in text.splitlines():
            parts = line.split(" ")
            if len(parts) != 3 or parts[2] in PROPER_TAGS or parts[2] not in tags:
                continue
            word, frequency, tag = parts
            if _WORD.fullmatch(word) and int(frequency) > 0:
                words[tags[tag]].append(word)
                frequencies[tags[tag]].append(int(frequency))
        self.classes = {name: _Class(words[name], frequencies[name]) for name in CLASSES}

    def __len__(self) -> int:
        return sum(len(c.words) for c in self.classes.values())

    def clause(self, rng: random.Random, length: int) -> str:
        """A clause of about `length` characters (at least one template)."""
        parts: list[str] = []
        size = 0
        while not parts or size < length - 3:
            template = TEMPLATES[rng.randrange(len(TEMPLATES))]
            part = _SLOT.sub(lambda slot: self.classes[slot.group(1)].draw(rng), template)
            parts.append(part)
            size += len(part)
        return "，".join(parts)

    def rewrite(self, rng: random.Random, text: str, keep: Iterable[str] = ()) -> str:
        """`text` with about RATE of its plain clauses replaced by drawn ones.

        A clause is a run of Chinese characters between punctuation marks; clauses starting
        with an ordinal (一是……) and paragraphs in `keep` are left as they are.
        """
        kept = set(keep)

        def replace(match: re.Match[str]) -> str:
            clause = match.group(1)
            if _ORDINAL_LEAD.match(clause) or rng.random() >= RATE:
                return clause
            return self.clause(rng, len(clause))

        return "\n\n".join(
            paragraph if paragraph in kept else _CLAUSE.sub(replace, paragraph)
            for paragraph in text.split("\n\n")
        )


@cache
def realistic() -> Vocabulary:
    """The vocabulary from the installed jieba's dictionary (read once per process)."""
    return Vocabulary(dictionary_text())
