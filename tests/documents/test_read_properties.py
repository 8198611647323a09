"""``read_document`` on arbitrary bytes: a Document or a DocumentError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sori.documents import Document, DocumentError, read_document

PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"%PDF-1.7\n",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xef\xbb\xbf",
    b"HWP Document File",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(PREFIXES),
    st.binary(max_size=2000),
    st.sampled_from(["a.hwpx", "a.hwp", "a.pdf", "a.txt", "a.csv", ""]),
)
def test_arbitrary_bytes(prefix: bytes, body: bytes, name: str) -> None:
    try:
        document = read_document(prefix + body, name)
    except DocumentError as exc:
        assert exc.template and exc.code
        return
    assert isinstance(document, Document)
    assert document.blocks


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_arbitrary_text_reads_as_its_lines(text: str) -> None:
    try:
        document = read_document(text.encode("utf-8"), "a.txt")
    except DocumentError as exc:
        assert exc.code in {"empty", "unknown_format", "scanned_pdf", "unsupported_version"}
        return
    assert all(p.text for p in document.paragraphs)
