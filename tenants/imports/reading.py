"""Reading a spreadsheet someone saved: encoding, separator, rows, all streamed.

Files come from Excel on Windows (Windows-1252, CRLF, sometimes ``;`` separators in
locales where ``,`` is the decimal mark), from Numbers and Google Sheets (UTF-8, often
with a byte-order mark) and from Shopify itself (UTF-8, quoted newlines inside HTML
descriptions). ``file_shape`` reads the file once, in chunks, to decide the encoding
(strict UTF-8 first; otherwise Windows-1252, with a warning, unless it holds bytes
that code page does not define: then the file is refused as badly encoded) and the
separator (counted on the header line, outside quotes). ``rows`` then yields each
record with its spreadsheet row number (the header is row 1), holding one row at a
time whatever the file's size.

A cell our export prefixed with ``'`` to stop a spreadsheet running it as a formula
(CSV injection) is given back without the quote, so an export imports as it was.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# csv's default is 128 KiB per field; an HTML description may be longer.
csv.field_size_limit(10 * 1024 * 1024)
_CHUNK = 256 * 1024
_SEPARATORS = (",", ";", "\t")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


class UnreadableFile(ValueError):
    """The file is not a CSV we can read; the message is for the merchant."""


@dataclass
class FileShape:
    encoding: str
    delimiter: str
    warnings: list[str] = field(default_factory=list)


def file_shape(file) -> FileShape:
    """The encoding and separator of a binary file object (rewound afterwards)."""
    file.seek(0)
    head = file.read(_CHUNK)
    if not head.strip():
        raise UnreadableFile(_("The file is empty."))
    warnings = []
    encoding = "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = head
    try:
        while chunk:
            decoder.decode(chunk)
            chunk = file.read(_CHUNK)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        encoding = "cp1252"
        file.seek(0)
        try:
            while chunk := file.read(_CHUNK):
                chunk.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                _(
                    "The file is neither UTF-8 nor Windows-1252 text (byte %(byte)s). "
                    "Save it again as “CSV UTF-8”."
                )
                % {"byte": hex(error.object[error.start])}
            ) from None
        warnings.append(
            _(
                "The file was saved as Windows-1252, not UTF-8; it was converted. Check "
                "accented letters in the preview."
            )
        )
    file.seek(0)
    first_line = head.decode(encoding, errors="replace").lstrip("\ufeff")
    delimiter = _separator(first_line)
    return FileShape(encoding=encoding, delimiter=delimiter, warnings=warnings)


def _separator(text: str) -> str:
    """The separator used most on the header line, counting outside quotes only."""
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in ("\n", "\r") and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(_SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def cell_unescape(text: str) -> str:
    """Undo ``imports.exports.sheet_cell``: one leading quote before a formula
    character or before another quote is the export's, not the merchant's."""
    if len(text) > 1 and text[0] == "'" and (text[1] in _FORMULA_START or text[1] == "'"):
        return text[1:]
    return text


def rows(file, shape: FileShape) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` of every record, header first (row 1); blank lines skipped."""
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=shape.encoding, newline="")
    try:
        reader = csv.reader(text, delimiter=shape.delimiter)
        for number, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                continue
            yield number, [cell_unescape(c) for c in cells]
    except csv.Error as error:
        raise UnreadableFile(
            _("The file is not valid CSV near row %(row)d: %(reason)s")
            % {"row": reader.line_num, "reason": error}
        ) from None
    finally:
        text.detach()
