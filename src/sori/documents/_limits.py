"""Limits that keep one upload from exhausting memory or time; each is checked before the work it bounds."""

from __future__ import annotations

MAX_BYTES = 50 * 1024 * 1024
"""Largest file accepted (minutes with photos run to tens of MB)."""
MAX_EXPANDED = 200 * 1024 * 1024
"""Largest total size of a zip (HWPX, DOCX, XLSX) once expanded, declared and actual alike."""
MAX_MEMBERS = 5_000
"""Most entries in a zip; real documents have tens."""
MAX_RATIO = 200
"""Largest compression ratio of one zip entry above 1 MB; text XML compresses about 10:1, bombs 1000:1."""
MAX_BLOCKS = 200_000
"""Most paragraphs and tables in one document (a 200-page minutes file has about 5,000)."""
MAX_PDF_PAGES = 2_000
