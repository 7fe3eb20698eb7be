"""Mend the text layer of a PDF that names characters by radicals.

Chromium (Skia) writes each font's ToUnicode map from the font's own cmap,
taking for a glyph the first code point that maps to it. Noto CJK and other
fonts draw 工 and the Kangxi radical ⼯ (U+2F2F), or 长 and the radical ⻓
(U+2ED3), with one glyph, so the radical comes first: the page looks right,
but text copied from it, searched in it or read aloud is wrong. Each radical
in a ToUnicode map is replaced by the unified ideograph it stands for:
Kangxi radicals (U+2F00–U+2FD5) by NFKC, CJK radicals supplement
(U+2E80–U+2EFF) by Unicode's EquivalentUnifiedIdeograph.txt (14.0.0, the
114 lines from U+2E81 to U+2EF3), copied below as code points.

The same happens to the 破折号: Chinese text sets 「——」 with the full-width
dash glyph, which the font also maps from U+2015 HORIZONTAL BAR, so the
text layer would read 「――」; it is named U+2014 EM DASH, as written.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fontTools.ttLib import TTFont, TTLibError
from pypdf import PdfReader
from pypdf.generic import StreamObject

_SUPPLEMENT = (
    "2E81:5382 2E82:4E5B 2E83:4E5A 2E84:4E59 2E85:4EBB 2E86:5182 2E87:20628 2E88:5200 "
    "2E89:5202 2E8A:535C 2E8B:353E 2E8C:5C0F 2E8D:5C0F 2E8E:5140 2E8F:5C23 2E90:5C22 "
    "2E91:21BC2 2E92:5DF3 2E93:5E7A 2E94:5F51 2E95:5F50 2E96:5FC4 2E97:5FC3 2E98:624C "
    "2E99:6535 2E9B:65E1 2E9C:65E5 2E9D:6708 2E9E:6B7A 2E9F:6BCD 2EA0:6C11 2EA1:6C35 "
    "2EA2:6C3A 2EA3:706C 2EA4:722B 2EA5:722B 2EA6:4E2C 2EA7:725B 2EA8:72AD 2EA9:738B "
    "2EAA:24D14 2EAB:76EE 2EAC:793A 2EAD:793B 2EAE:25AD7 2EAF:7CF9 2EB0:7E9F 2EB1:7F53 "
    "2EB2:7F52 2EB3:34C1 2EB4:5197 2EB5:2626B 2EB6:7F8A 2EB7:2634C 2EB8:2634B 2EB9:8002 "
    "2EBA:8080 2EBB:807F 2EBC:8089 2EBD:26951 2EBE:8279 2EBF:8279 2EC0:8279 2EC1:864E "
    "2EC2:8864 2EC3:8980 2EC4:897F 2EC5:89C1 2EC6:89D2 2EC7:278B2 2EC8:8BA0 2EC9:8D1D "
    "2ECA:27FB7 2ECB:8F66 2ECC:8FB6 2ECD:8FB6 2ECE:8FB6 2ECF:9091 2ED0:9485 2ED1:9577 "
    "2ED2:9578 2ED3:957F 2ED4:95E8 2ED5:28E0F 2ED6:961D 2ED7:96E8 2ED8:9752 2ED9:97E6 "
    "2EDA:9875 2EDB:98CE 2EDC:98DE 2EDD:98DF 2EDE:2967F 2EDF:98E0 2EE0:9963 2EE1:29810 "
    "2EE2:9A6C 2EE3:9AA8 2EE4:9B3C 2EE5:9C7C 2EE6:9E1F 2EE7:5364 2EE8:9EA6 2EE9:9EC4 "
    "2EEA:9EFE 2EEB:6589 2EEC:9F50 2EED:6B6F 2EEE:9F7F 2EEF:7ADC 2EF0:9F99 2EF1:9F9C "
    "2EF2:4E80 2EF3:9F9F "
)
EQUIVALENT: dict[int, int] = {
    int(radical, 16): int(ideograph, 16)
    for radical, ideograph in (pair.split(":") for pair in _SUPPLEMENT.split())
} | {0x2015: 0x2014}
_RANGES = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_CHARS = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
# A document's text: its HTML without the stylesheet, the script and the tags.
_HIDDEN = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)
_TAGS = re.compile(r"<[^>]*>")
_TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
# Chromium dates a PDF when it prints it (D:YYYYMMDDHHmmSS+00'00').
_DATES = re.compile(rb"(/(?:CreationDate|ModDate) \()(D:\d{14}[^)]*)")
_ARRAY_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\[([^\]]*)\]")
_PLAIN_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def unified(text: str) -> str:
    """``text`` with every CJK radical replaced by its unified ideograph
    (and the horizontal bar by the em dash)."""
    out = []
    for char in text:
        point = ord(char)
        if 0x2F00 <= point <= 0x2FDF:
            out.append(unicodedata.normalize("NFKC", char))
        else:
            out.append(chr(EQUIVALENT.get(point, point)))
    return "".join(out)


def _decode(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", "surrogatepass")


def _encode(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass").hex().upper().encode()


def _mappings(cmap: bytes) -> dict[bytes, str]:
    """Every source code → text of a ToUnicode CMap."""
    found: dict[bytes, str] = {}
    for block in _CHARS.findall(cmap):
        codes = _HEX.findall(block)
        for source, target in zip(codes[::2], codes[1::2], strict=False):
            found[source.upper()] = _decode(target)
    for block in _RANGES.findall(cmap):
        for low, _high, targets in _ARRAY_RANGE.findall(block):
            for offset, target in enumerate(_HEX.findall(targets)):
                found[_code(int(low, 16) + offset, len(low))] = _decode(target)
        for low, high, target in _PLAIN_RANGE.findall(_ARRAY_RANGE.sub(b"", block)):
            first = _decode(target)
            for offset in range(int(high, 16) - int(low, 16) + 1):
                found[_code(int(low, 16) + offset, len(low))] = first[:-1] + chr(
                    ord(first[-1]) + offset
                )
    return found


def _code(value: int, digits: int) -> bytes:
    return f"{value:0{digits}X}".encode()


@dataclass(frozen=True)
class Shown:
    """What a document shows, to name its glyphs by: its characters, and
    the characters that the fonts it was set in draw with one glyph."""

    chars: frozenset[str] = frozenset()
    shared: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def name(self, text: str) -> str:
        """The character a glyph that the text layer names ``text`` stands
        for. Noto CJK draws 户 with the glyph of the radical ⼾ (U+2F3E),
        which stands by NFKC for 戶, not 户: where the fonts tell, the
        character the document has wins over the tables of :func:`unified`."""
        if not self.chars or len(text) != 1:
            return unified(text)
        if text in self.chars:
            return text
        shown = sorted(self.shared.get(text, frozenset()) & self.chars)
        return shown[0] if shown else unified(text)


def shown_in(html: str, fonts: Iterable[str] = ()) -> Shown:
    """What the document ``html`` shows, set in ``fonts`` (PostScript names)."""
    text = _TAGS.sub(" ", _HIDDEN.sub(" ", html))
    shared: dict[str, frozenset[str]] = {}
    for font in fonts:
        for char, others in shared_glyphs(font).items():
            shared[char] = shared.get(char, frozenset()) | others
    return Shown(frozenset(text), shared)


@functools.cache
def shared_glyphs(postscript_name: str) -> Mapping[str, frozenset[str]]:
    """The characters that one installed font draws with the same glyph,
    each with the others (its cmap, read with fontTools; the font found by
    fontconfig). Nothing when the font is not found or cannot be read."""
    try:
        found = subprocess.run(
            [
                "fc-match",
                "-f",
                "%{file}\n%{index}\n%{postscriptname}",
                f":postscriptname={postscript_name}",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        ).stdout.split("\n")
        if len(found) != 3 or found[2] != postscript_name:
            return {}
        cmap = TTFont(found[0], fontNumber=int(found[1]), lazy=True).getBestCmap() or {}
    except (OSError, ValueError, subprocess.SubprocessError, TTLibError):
        return {}
    by_glyph: dict[str, set[str]] = {}
    for point, glyph in cmap.items():
        by_glyph.setdefault(glyph, set()).add(chr(point))
    return {
        char: frozenset(chars - {char})
        for chars in by_glyph.values()
        if len(chars) > 1
        for char in chars
    }


def mend_cmap(cmap: bytes, shown: Shown | None = None) -> bytes | None:
    """The CMap with each glyph named by the character it stands for
    (:meth:`Shown.name`), or ``None`` when it names every one so."""
    mappings = _mappings(cmap)
    name = (shown or Shown()).name
    mended = {code: name(text) for code, text in mappings.items()}
    if mended == mappings:
        return None
    starts = [m.start() for m in (*_CHARS.finditer(cmap), *_RANGES.finditer(cmap))]
    ends = [m.end() for m in (*_CHARS.finditer(cmap), *_RANGES.finditer(cmap))]
    # The count before the first block's keyword belongs to that block.
    head = cmap[: min(starts)].rstrip()
    head = head[: head.rfind(b"\n") + 1] if re.search(rb"\d+\s*$", head) else head + b"\n"
    blocks = []
    items = sorted(mended.items())
    for i in range(0, len(items), 100):
        chunk = items[i : i + 100]
        lines = b"\n".join(b"<" + code + b"> <" + _encode(text) + b">" for code, text in chunk)
        blocks.append(b"%d beginbfchar\n" % len(chunk) + lines + b"\nendbfchar")
    return head + b"\n".join(blocks) + cmap[max(ends) :]


def mend_text_layer(pdf: bytes, dated: str | None = None, shown: Shown | None = None) -> bytes:
    """``pdf`` with every font's ToUnicode map naming ideographs, not
    radicals; with ``dated`` (``YYYYMMDD``), also dated that day instead
    of the moment it was printed, so that printing a document again gives
    the very same bytes (a site's files do not change when nothing did).

    The mended maps are appended as an incremental update (PDF 1.7, 7.5.6):
    the file Chromium wrote stays as it was, and only the few streams that
    change are written after it. Rewriting the whole file (pypdf's writer)
    took 0.25–0.30 s a document, most of the time spent printing it."""
    if dated is not None:
        pdf = _DATES.sub(lambda m: _dated(m, dated), pdf, count=2)
    reader = PdfReader(io.BytesIO(pdf))
    mended: dict[int, bytes] = {}
    # The maps are found by the fonts' references in the file's bytes (Chromium
    # writes no object streams): parsing the font dictionaries themselves, each
    # with its glyph procedures and widths, took most of the time.
    for number in sorted({int(n) for n in _TO_UNICODE.findall(pdf)}):
        stream = reader.get_object(number)
        if isinstance(stream, StreamObject) and b"begincmap" in (data := stream.get_data()):
            cmap = mend_cmap(data, shown)
            if cmap is not None:
                mended[number] = cmap
    if not mended:
        return pdf
    return _updated(pdf, reader, mended)


def _dated(match: re.Match[bytes], day: str) -> bytes:
    # The same length as the date it replaces: no offset in the file moves.
    stamp = f"D:{day}000000".encode()
    old = match.group(2)
    return match.group(1) + stamp + old[len(stamp) :] if len(old) >= len(stamp) else match.group(0)


def _updated(pdf: bytes, reader: PdfReader, streams: Mapping[int, bytes]) -> bytes:
    """``pdf`` with the objects ``streams`` (object number → new content)
    replaced by an incremental update."""
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for number, data in sorted(streams.items()):
        packed = zlib.compress(data)
        offsets[number] = len(out)
        out += b"%d 0 obj\n<</Filter /FlateDecode /Length %d>> stream\n" % (number, len(packed))
        out += packed + b"\nendstream\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for number, offset in offsets.items():
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    trailer = reader.trailer
    size = max(int(trailer["/Size"]), max(offsets) + 1)  # type: ignore[call-overload]
    out += b"trailer\n<</Size %d /Root %d 0 R" % (size, trailer.raw_get("/Root").idnum)
    if "/Info" in trailer:
        out += b" /Info %d 0 R" % trailer.raw_get("/Info").idnum
    out += b" /Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (_startxref(pdf), xref)
    return bytes(out)


def _startxref(pdf: bytes) -> int:
    return int(pdf[pdf.rindex(b"startxref") + 9 :].split()[0])
