"""Bytes to text: BOMs, UTF-8, UTF-16 and legacy single-byte encodings, and binary refusal."""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never occur in prose; a text full of them is binary whatever it decodes to.
# Control characters other than whitespace: a few in a text file mean it is binary.
_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in range(32) if chr(c) not in "\t\n\r\f\v") + "\x7f]")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte of ASCII-range text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    bad = len(_CONTROL.findall(sample))
    return bad > max(2, len(sample) // 100)


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode a file's bytes; returns ``(text, encoding)`` or raises :class:`InputError`."""
    if not data:
        return "", "utf-8"
    with_bom = _with_bom(data, path)
    if with_bom is not None:  # the byte-order mark settles it
        return with_bom
    decoded = _bomless_utf16_text(data)
    if decoded is None:
        if b"\x00" in data[:8192]:
            raise InputError(path, "binary file (contains NUL bytes), not a text, Markdown or HTML article")
        try:
            decoded = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            decoded = _detected(data, path)
    if _looks_binary(decoded[0]):
        raise InputError(path, "binary file (control characters), not a text, Markdown or HTML article")
    return decoded


def _with_bom(data: bytes, path: str) -> tuple[str, str] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"starts with a {encoding} byte-order mark but is not valid {encoding} (byte {exc.start})"
                ) from None
            return text.lstrip("\ufeff") if encoding != "utf-8-sig" else text, encoding
    return None


def _bomless_utf16_text(data: bytes) -> tuple[str, str] | None:
    utf16 = _bomless_utf16(data)
    if not utf16:
        return None
    try:
        return data.decode(utf16), utf16
    except UnicodeDecodeError:
        return None


def _detected(data: bytes, path: str) -> tuple[str, str]:
    """A legacy single-byte encoding, as charset-normalizer judges it."""
    from charset_normalizer import from_bytes  # imported here: most files are UTF-8

    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputError(path, "cannot detect the text encoding (binary or corrupt file)") from None
    # Short Latin-script texts decode equally well as several code pages; English articles in a
    # legacy encoding are overwhelmingly Windows-1252, so it wins among equally plausible ones.
    equally_good = [m for m in matches if m.chaos <= best.chaos]
    if best.encoding != "cp1252" and any("cp1252" in m.could_be_from_charset for m in equally_good):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), best.encoding
