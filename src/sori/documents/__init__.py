"""Reading the files offices send: tables (CSV, XLSX) and documents. Pure Python: no Django here.

``read_document`` turns minutes in any of the formats councils use (HWPX, HWP 5.0, DOCX, PDF with text,
XLSX, CSV, plain text) into paragraphs and tables in reading order, or raises ``DocumentError`` with a
Korean message that says what to do. ``sori.documents.tabular`` reads tables of proposals.
"""

from ._errors import DocumentError
from ._limits import MAX_BLOCKS, MAX_BYTES, MAX_EXPANDED
from ._model import Block, Document, Paragraph, TableBlock
from ._read import FORMATS, detect_format, read_document

__all__ = [
    "FORMATS",
    "MAX_BLOCKS",
    "MAX_BYTES",
    "MAX_EXPANDED",
    "Block",
    "Document",
    "DocumentError",
    "Paragraph",
    "TableBlock",
    "detect_format",
    "read_document",
]
