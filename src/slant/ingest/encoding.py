"""Decode the bytes of a text or HTML document: BOM, declared charset, UTF-8, or detection."""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass

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
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# Browsers read these declared labels as windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = frozenset({"ascii", "iso8859-1"})

# charset_normalizer often mistakes short Western European text in cp1252 for cp1250 or
# cp1257; among its near-best Latin candidates, prefer the decoding whose accented letters
# fit one language's alphabet, and cp1252 on ties.
_CHAOS_MARGIN = 0.1
_MIN_FIT = 0.9
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
        if _mostly_utf8(data):
            if errors == "replace":
                return Decoded(data.decode("utf-8", "replace"), "utf-8 (invalid bytes replaced)")
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


def _mostly_utf8(data: bytes) -> bool:
    """True if valid multi-byte UTF-8 sequences outweigh the stray high bytes."""
    sequences = _UTF8_MULTIBYTE.findall(data)
    if not sequences:
        return False
    good = sum(len(seq) for seq in sequences)
    return good >= len(_HIGH_BYTE.findall(data)) - good


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
    candidates = [
        (str(m), _preferred_name(m.could_be_from_charset, m.encoding))
        for m in matches
        if m.chaos <= best.chaos + _CHAOS_MARGIN
    ]
    best_text = str(best)
    non_ascii = sum(1 for char in best_text if ord(char) > 127)
    sparse_cjk = is_multi_byte_encoding(best.encoding) and non_ascii * 20 < len(best_text)
    if sparse_cjk:
        # a few stray CJK characters in Latin text: more likely a Central European code page
        for name in _PREFERRED[:2]:
            try:
                candidates.append((data.decode(name), name))
            except UnicodeDecodeError:
                continue
    elif not _is_latin(_letters(best_text)):
        return Decoded(best_text, best.encoding)
    latin = [(text, name) for text, name in candidates if _is_latin(_letters(text))]
    if not latin:
        return Decoded(best_text, best.encoding)

    def score(candidate: tuple[str, str]) -> tuple[float, int]:
        text, name = candidate
        rank = _PREFERRED.index(name) if name in _PREFERRED else len(_PREFERRED)
        return round(_alphabet_fit(_letters(text)), 3), -rank

    text, name = max(latin, key=score)
    if sparse_cjk and score((text, name))[0] < _MIN_FIT:
        return Decoded(best_text, best.encoding)
    return Decoded(text, name)
