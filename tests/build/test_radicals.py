"""A PDF's text layer names ideographs, not the radicals sharing their glyphs."""

from __future__ import annotations

from generator.build.radicals import mend_cmap, unified

CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0003> <2F2F>
<0004> <4E00>
endbfchar
2 beginbfrange
<0010> <0012> <2ED3>
<0020> <0021> [<2F70> <0041>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def test_kangxi_radicals_and_supplement_radicals_become_ideographs() -> None:
    # ⼯ U+2F2F, ⻓ U+2ED3, ⻔ U+2ED4, ⽰ U+2F70, ⻅ U+2EC5: 工 长 门 示 见.
    assert unified("\u2f2f\u2ed3\u2ed4\u2f70\u2ec5") == "工长门示见"
    assert unified("示例，abc１") == "示例，abc１"


def test_the_dash_reads_as_the_em_dash_chinese_text_is_written_with() -> None:
    assert unified("2026\u2015\u20152027") == "2026——2027"


def test_every_mapping_of_a_cmap_is_kept_and_radicals_mended() -> None:
    mended = mend_cmap(CMAP)
    assert mended is not None
    # Ranges are written out one code at a time: 长 门 and the next code
    # point are no longer consecutive.
    for code, text in (
        (b"0003", "工"),
        (b"0004", "一"),
        (b"0010", "长"),
        (b"0011", "门"),
        (b"0012", "\u2ed5" and unified("\u2ed5")),
        (b"0020", "示"),
        (b"0021", "A"),
    ):
        assert (
            b"<" + code + b"> <" + text.encode("utf-16-be").hex().upper().encode() + b">" in mended
        )
    assert mended.startswith(b"/CIDInit")
    assert mended.rstrip().endswith(b"end")
    assert b"begincodespacerange" in mended


def test_a_cmap_without_radicals_is_left_alone() -> None:
    assert (
        mend_cmap(
            CMAP.replace(b"<2F2F>", b"<5DE5>")
            .replace(b"<2ED3>", b"<957F>")
            .replace(b"<2F70>", b"<793A>")
        )
        is None
    )
