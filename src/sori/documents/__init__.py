"""Reading the files offices send: tables (CSV, XLSX) and documents. Pure Python: no Django here.

``read_document`` turns minutes in any of the formats councils use (HWPX, HWP 5.0, DOCX, PDF with text,
XLSX, CSV, plain text) into paragraphs and tables in reading order, or raises ``DocumentError`` with a
Korean message that says what to do. ``attachment_kind`` recognises a file kept as an attachment.
``sori.documents.tabular`` reads tables of proposals.
"""

from ._errors import DocumentError
from ._kinds import ATTACHMENT_KINDS, FileKind, attachment_kind, kind_named
from ._limits import MAX_BLOCKS, MAX_BYTES, MAX_EXPANDED
from ._model import Block, Document, Paragraph, TableBlock
from ._read import FORMATS, detect_format, read_document

__all__ = [
    "ATTACHMENT_KINDS",
    "FORMATS",
    "MAX_BLOCKS",
    "MAX_BYTES",
    "MAX_EXPANDED",
    "Block",
    "Document",
    "DocumentError",
    "FileKind",
    "Paragraph",
    "TableBlock",
    "attachment_kind",
    "detect_format",
    "kind_named",
    "read_document",
]
