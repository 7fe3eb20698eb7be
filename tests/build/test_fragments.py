"""Each result fragment of the index keeps the text its words were made of,
which gives back the words Pagefind indexed, one for one, in fewer bytes."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from benchmarks.corpus import generate
from generator.build.fragments import FOLDER, PREFIX, TEXT_META, store_text
from generator.build.index import INDEX_DIR
from generator.site.search import tokens
from tests.build.test_index_shards import index

ISSUES_PER_YEAR = {"kuaibao": 3, "yaoqing": 1, "pishi": 1, "shangbao": 1, "jiaoliu": 1}


def _fragment(path: Path) -> dict:
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(PREFIX)
    return json.loads(raw[len(PREFIX) :])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A site's index, and the same index as Pagefind wrote it."""
    root = tmp_path_factory.mktemp("fragments")
    corpus = generate(root / "content", years=2, issues_per_year=ISSUES_PER_YEAR, seed=3)
    site = root / "site"
    index(corpus.root, site)
    return site / INDEX_DIR, root


def _fragments(index_dir: Path) -> list[Path]:
    found = sorted(index_dir.glob(f"*/{FOLDER}/*"))
    assert found
    return found


def test_every_fragment_keeps_the_text_its_indexed_words_were_made_of(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir, root = built
    # The same index with the fragments as Pagefind writes them.
    monkeypatch.setattr("generator.build.index.store_text", lambda bundle, texts: 0)
    plain_site = root / "plain"
    index(root / "content", plain_site)
    plain = {p.relative_to(plain_site / INDEX_DIR): p for p in _fragments(plain_site / INDEX_DIR)}
    smaller = {p.relative_to(index_dir): p for p in _fragments(index_dir)}
    # The fragments keep their names: the index refers to them.
    assert smaller.keys() == plain.keys()
    for name, path in smaller.items():
        fragment, original = _fragment(path), _fragment(plain[name])
        assert fragment["meta"].pop(TEXT_META) == "1"
        text = fragment["content"]
        assert tokens(text) == original["content"].removesuffix(".").split()
        # As the page shows it: with its punctuation.
        assert "。" in text and "，" in text
        assert {k: v for k, v in fragment.items() if k != "content"} == {
            k: v for k, v in original.items() if k != "content"
        }
    total = sum(p.stat().st_size for p in smaller.values())
    assert total < 0.7 * sum(p.stat().st_size for p in plain.values())


def test_a_fragment_of_another_shape_is_left_as_it_is(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    index_dir, _ = built
    bundle = tmp_path / "bundle"
    shutil.copytree(index_dir / next(p.name for p in index_dir.iterdir() if p.is_dir()), bundle)
    odd = {
        "not gzip": b"pagefind_dcd{}",
        "no prefix": gzip.compress(b'{"content":"a","meta":{}}'),
        "not JSON": gzip.compress(PREFIX + b"{"),
        "no meta": gzip.compress(PREFIX + b'{"content":"\xe5\xae\x89\xc7\x82"}'),
        "a page not given": gzip.compress(
            PREFIX + '{"url":"/other/","content":"营商环境 已经","meta":{}}'.encode()
        ),
        "no URL": gzip.compress(PREFIX + '{"content":"营商环境","meta":{}}'.encode()),
        "already text": gzip.compress(
            PREFIX + f'{{"url":"/a/","content":"安","meta":{{"{TEXT_META}":"1"}}}}'.encode()
        ),
    }
    for n, data in enumerate(odd.values()):
        (bundle / FOLDER / f"odd{n}.pf_fragment").write_bytes(data)
    store_text(bundle, {"/a/": "安全。"})
    for n, data in enumerate(odd.values()):
        assert (bundle / FOLDER / f"odd{n}.pf_fragment").read_bytes() == data
