"""Small PDFs written byte by byte: a blank page (no text layer) and one locked with a user password.

The locked file follows the standard security handler, revision 2 (RC4, 40-bit key; PDF 1.7, 7.6.3): the
``/O`` and ``/U`` entries are computed from the passwords, so the file opens with its password in any reader.
Its one page has no content stream, so there is nothing else to encrypt.
"""

from __future__ import annotations

import hashlib

__all__ = ["blank_pdf", "password_pdf"]

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes.fromhex("0123456789abcdef0123456789abcdef")
_PERMISSIONS = -4


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def _encrypt_dict(user: str, owner: str) -> bytes:
    owner_entry = _rc4(hashlib.md5(_padded(owner)).digest()[:5], _padded(user))
    key = hashlib.md5(
        _padded(user) + owner_entry + _PERMISSIONS.to_bytes(4, "little", signed=True) + _FILE_ID
    ).digest()[:5]
    user_entry = _rc4(key, _PAD)
    return (
        f"<< /Filter /Standard /V 1 /R 2 /O <{owner_entry.hex()}> /U <{user_entry.hex()}> "
        f"/P {_PERMISSIONS} >>"
    ).encode()


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _catalog(pages: int = 1) -> list[bytes]:
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages,
    ]


def blank_pdf(pages: int = 1) -> bytes:
    """Return a PDF of ``pages`` pages with nothing on them, as a scan without OCR reads."""
    return _pdf(_catalog(pages))


def password_pdf(user: str = "secret", owner: str = "owner") -> bytes:
    """Return a one-page PDF that opens only with the password ``user``."""
    file_id = f"<{_FILE_ID.hex()}>".encode()
    trailer = b"/Encrypt 4 0 R /ID [" + file_id + b" " + file_id + b"] "
    return _pdf([*_catalog(), _encrypt_dict(user, owner)], trailer)
