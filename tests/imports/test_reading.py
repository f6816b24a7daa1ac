"""Encodings, separators and line ends as spreadsheets save them."""

from __future__ import annotations

import io

import pytest

from imports.reading import UnreadableFile, file_shape, rows


def _read(data: bytes):
    file = io.BytesIO(data)
    shape = file_shape(file)
    return shape, list(rows(file, shape))


def test_utf8_with_bom_reads_without_the_mark():
    shape, records = _read("\ufeffHandle,Title\nmug,Müg\n".encode())
    assert shape.warnings == []
    assert records == [(1, ["Handle", "Title"]), (2, ["mug", "Müg"])]


def test_windows_1252_is_converted_with_a_warning():
    shape, records = _read("Handle,Title\nmug,Caf\u00e9 \u20ac\n".encode("cp1252"))
    assert shape.encoding == "cp1252"
    assert shape.warnings and "Windows-1252" in shape.warnings[0]
    assert records[1] == (2, ["mug", "Café €"])


def test_bytes_no_code_page_defines_are_refused():
    with pytest.raises(UnreadableFile, match="neither UTF-8 nor Windows-1252"):
        _read(b"Handle,Title\nmug,\x81\x8d\n")


def test_empty_file_is_refused():
    with pytest.raises(UnreadableFile):
        _read(b"  \n")


def test_crlf_and_quoted_newlines_keep_row_numbers_of_the_spreadsheet():
    data = b'Handle,Body (HTML)\r\nmug,"<p>one\r\ntwo</p>"\r\n\r\ncup,x\r\n'
    _shape, records = _read(data)
    assert records == [
        (1, ["Handle", "Body (HTML)"]),
        (2, ["mug", "<p>one\r\ntwo</p>"]),
        (4, ["cup", "x"]),
    ]


def test_semicolons_are_detected_outside_quotes():
    shape, records = _read(b'"Handle";"Title, long"\nmug;"A, B"\n')
    assert shape.delimiter == ";"
    assert records[1] == (2, ["mug", "A, B"])


def test_tabs_are_detected():
    shape, _records = _read(b"Handle\tTitle\nmug\tMug\n")
    assert shape.delimiter == "\t"


def test_the_exports_formula_quote_is_removed():
    _shape, records = _read(b"Handle,Title\nmug,'=1+1\ncup,'plain\n")
    assert records[1][1] == ["mug", "=1+1"]
    assert records[2][1] == ["cup", "'plain"]
