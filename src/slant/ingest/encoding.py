"""Decode the bytes of a text or HTML document: BOM, declared charset, UTF-8, or detection."""

from __future__ import annotations

import codecs
import logging
import unicodedata
from dataclasses import dataclass
from typing import Any

import charset_normalizer
from charset_normalizer.utils import is_multi_byte_encoding

from slant.errors import InputError

LOGGER = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these declared labels as windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = frozenset({"ascii", "iso8859-1"})

# charset_normalizer often mistakes short Western European text in cp1252 for cp1250 or
# cp1257; among its near-best Latin candidates, prefer the decoding whose accented letters
# fit one language's alphabet, and cp1252 on ties.
_CHAOS_MARGIN = 0.1
_MIN_FIT = 0.9
_SAMPLE_SIZE = 64 * 1024
_PREFERRED = ("cp1252", "cp1250", "cp1254", "cp1257", "iso8859_15", "latin_1")
_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "áéíñóúü",  # Spanish
    "áâãàçéêíóôõú",  # Portuguese
    "àèéìíîòóùú",  # Italian
    "àçèéíïòóúü",  # Catalan
    "äöüß",  # German
    "áéíóúëïèöü",  # Dutch
    "åäöé",  # Swedish, Finnish
    "æøåé",  # Danish, Norwegian
    "áðéíóúýþæö",  # Icelandic
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșțşţ",  # Romanian
    "čćđšž",  # Croatian, Serbian, Bosnian, Slovene
    "çğıöşüâîû",  # Turkish
    "ąčęėįšųūž",  # Lithuanian
    "āčēģīķļņšūž",  # Latvian
    "äõöüšž",  # Estonian
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and the name of the encoding it was read with."""

    text: str
    encoding: str


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of the data announces, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def decode(
    data: bytes,
    *,
    encoding: str | None = None,
    errors: str = "strict",
    declared: str | None = None,
) -> Decoded:
    """Decode a document's bytes.

    Order: a forced ``encoding``; a byte-order mark; a ``declared`` charset (HTTP header or
    HTML meta) if the bytes decode with it; strict UTF-8; mostly-UTF-8 with invalid bytes
    (a failure, or replaced with U+FFFD when ``errors="replace"``); else detection of a
    legacy 8-bit or CJK encoding with charset_normalizer.

    Args:
        data: The raw bytes.
        encoding: An encoding to use instead of detecting one.
        errors: "strict" or "replace".
        declared: A charset the document declares; ignored if the bytes do not fit it.

    Returns:
        The text (without byte-order mark) and the encoding's name.

    Raises:
        InputError: The bytes cannot be decoded; ``location`` names the line.
    """
    if encoding:
        return _decode_as(data, codecs.lookup(encoding).name, errors)
    bom = bom_encoding(data)
    if bom:
        return _decode_as(data, bom, errors)
    if declared:
        name = _codec_name(declared)
        if name:
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError:
                LOGGER.debug("declared charset %s does not fit the bytes", declared)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        replaced = data.decode("utf-8", "replace")
        if _mostly_utf8(data, replaced):
            if errors == "replace":
                return Decoded(replaced, "utf-8 (invalid bytes replaced)")
            raise _invalid(data, "utf-8", err, "UTF-8", "the file mixes encodings") from None
    detected = _detect_legacy(data)
    if detected is None:
        raise InputError("cannot tell the text encoding; pass --encoding NAME")
    return detected


def _codec_name(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a page that can declare it in ASCII is not UTF-16 (WHATWG)
    return "cp1252" if name in _AS_CP1252 else name


def _decode_as(data: bytes, name: str, errors: str) -> Decoded:
    try:
        text = data.decode(name)
    except UnicodeDecodeError as err:
        if errors != "replace":
            raise _invalid(data, name, err, name, "the bytes do not fit this encoding") from None
        text, name = data.decode(name, "replace"), f"{name} (invalid bytes replaced)"
    return Decoded(text.removeprefix("\ufeff"), name)


def _invalid(data: bytes, name: str, err: UnicodeDecodeError, label: str, why: str) -> InputError:
    line = data[: err.start].decode(name, "replace").count("\n") + 1
    return InputError(
        f"invalid {label} at byte {err.start} (line {line}): 0x{data[err.start]:02x}; "
        f"{why} — fix it, or pass --encoding-errors replace",
        location=f"line {line}",
    )


def _mostly_utf8(data: bytes, replaced: str) -> bool:
    """True if valid multi-byte UTF-8 sequences outnumber the invalid ones.

    Args:
        data: The raw bytes.
        replaced: The bytes decoded as UTF-8 with errors replaced by U+FFFD.
    """
    errors = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(replaced) - len(replaced.encode("ascii", "ignore"))
    valid = non_ascii - errors
    return valid > 0 and valid >= errors


def _letters(text: str) -> list[str]:
    return [char for char in text.lower() if ord(char) > 127 and char.isalpha()]


def _is_latin(letters: list[str]) -> bool:
    latin = sum(1 for char in letters if unicodedata.name(char, "").startswith("LATIN"))
    return latin * 2 >= len(letters)


def _alphabet_fit(letters: list[str]) -> float:
    if not letters:
        return 1.0
    return max(sum(char in alphabet for char in letters) for alphabet in _ALPHABETS) / len(letters)


def _preferred_name(names: list[str], default: str) -> str:
    return next((name for name in _PREFERRED if name in names), default)


def _detect_legacy(data: bytes) -> Decoded | None:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    sample = data[:_SAMPLE_SIZE]
    candidates = [
        _preferred_name(m.could_be_from_charset, m.encoding)
        for m in matches
        if m.chaos <= best.chaos + _CHAOS_MARGIN
    ]
    best_view = sample.decode(best.encoding, "ignore")
    non_ascii = len(best_view) - len(best_view.encode("ascii", "ignore"))
    sparse_cjk = is_multi_byte_encoding(best.encoding) and non_ascii * 20 < len(best_view)
    if sparse_cjk:
        # a few stray CJK characters in Latin text: more likely a Central European code page
        candidates += [name for name in _PREFERRED[:2] if _fits(data, name)]
    elif not _is_latin(_letters(best_view)):
        return _full(data, best.encoding, best)
    views = {name: _letters(sample.decode(name, "ignore")) for name in candidates}
    latin = [name for name in candidates if _is_latin(views[name])]
    if not latin:
        return _full(data, best.encoding, best)

    def score(name: str) -> tuple[float, int]:
        rank = _PREFERRED.index(name) if name in _PREFERRED else len(_PREFERRED)
        return round(_alphabet_fit(views[name]), 3), -rank

    name = max(latin, key=score)
    if sparse_cjk and score(name)[0] < _MIN_FIT:
        return _full(data, best.encoding, best)
    return _full(data, name, best)


def _fits(data: bytes, name: str) -> bool:
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def _full(data: bytes, name: str, match: Any) -> Decoded:
    """The whole data decoded with the chosen encoding (the match's own text if it fails)."""
    try:
        return Decoded(data.decode(name), name)
    except UnicodeDecodeError:
        return Decoded(str(match), match.encoding)
