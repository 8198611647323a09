"""Write a Microsoft compound file (CFB v3), enough to build HWP 5.0 files for tests and the benchmark.

olefile reads compound files but cannot create them, so this small writer lays one out: streams under 4,096
bytes in the mini stream, larger ones in 512-byte sectors, one FAT without DIFAT (files up to ~7 MB).
"""

from __future__ import annotations

import math
import struct

__all__ = ["write_cfb"]

_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR, _MINI, _CUTOFF = 512, 64, 4096


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data
        self.children: list[_Entry] = []
        self.left = self.right = self.child = _NOSTREAM
        self.start, self.size = _END, 0
        self.index = 0


def _key(entry: _Entry) -> tuple[int, str]:
    # Siblings are ordered by name length first, then by upper-cased name (MS-CFB 2.6.4).
    return len(entry.name), entry.name.upper()


def _tree(children: list[_Entry]) -> int:
    if not children:
        return _NOSTREAM
    middle = len(children) // 2
    node = children[middle]
    node.left = _tree(children[:middle])
    node.right = _tree(children[middle + 1 :])
    return node.index


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """Return a compound file holding ``streams``, keyed by path (``"BodyText/Section0"``)."""
    root = _Entry("Root Entry", 5)
    entries = [root]
    storages: dict[str, _Entry] = {"": root}
    for path, data in streams.items():
        parts = path.split("/")
        parent = root
        for depth in range(len(parts) - 1):
            key = "/".join(parts[: depth + 1])
            if key not in storages:
                storage = _Entry(parts[depth], 1)
                storage.index = len(entries)
                entries.append(storage)
                parent.children.append(storage)
                storages[key] = storage
            parent = storages[key]
        stream = _Entry(parts[-1], 2, data)
        stream.index = len(entries)
        entries.append(stream)
        parent.children.append(stream)
    for entry in entries:
        entry.child = _tree(sorted(entry.children, key=_key))

    sectors: list[bytes] = []
    fat: list[int] = []

    def allocate(data: bytes) -> int:
        count = math.ceil(len(data) / _SECTOR)
        if not count:
            return _END
        first = len(sectors)
        for i in range(count):
            sectors.append(data[i * _SECTOR : (i + 1) * _SECTOR].ljust(_SECTOR, b"\0"))
            fat.append(first + i + 1 if i < count - 1 else _END)
        return first

    mini = bytearray()
    minifat: list[int] = []
    for entry in entries:
        if entry.kind != 2:
            continue
        entry.size = len(entry.data)
        if entry.size >= _CUTOFF:
            entry.start = allocate(entry.data)
        elif entry.size:
            count = math.ceil(entry.size / _MINI)
            entry.start = len(minifat)
            minifat.extend(entry.start + i + 1 if i < count - 1 else _END for i in range(count))
            mini += entry.data.ljust(count * _MINI, b"\0")
    root.start = allocate(bytes(mini)) if mini else _END
    root.size = len(mini)
    minifat_start = allocate(struct.pack(f"<{len(minifat)}I", *minifat)) if minifat else _END
    minifat_sectors = math.ceil(len(minifat) * 4 / _SECTOR)
    directory = b"".join(_dir_entry(e) for e in entries)
    directory += _dir_entry(None) * ((-len(entries)) % 4)
    dir_start = allocate(directory)

    fat_count = 1
    while (len(sectors) + fat_count) > fat_count * (_SECTOR // 4):
        fat_count += 1
    if fat_count > 109:
        raise ValueError("compound file too large for a FAT without DIFAT")
    fat_start = len(sectors)
    fat.extend([_FATSECT] * fat_count)
    fat.extend([_FREE] * (fat_count * (_SECTOR // 4) - len(fat)))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    sectors.extend(fat_bytes[i * _SECTOR : (i + 1) * _SECTOR] for i in range(fat_count))

    difat = [fat_start + i for i in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = (
        _SIGNATURE
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<III", 0, fat_count, dir_start)
        + struct.pack("<IIIIII", 0, _CUTOFF, minifat_start, minifat_sectors, _END, 0)
        + struct.pack("<109I", *difat)
    )
    return header + b"".join(sectors)


def _dir_entry(entry: _Entry | None) -> bytes:
    if entry is None:
        return b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM) + b"\0" * 48
    name = entry.name.encode("utf-16-le")[:62]
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(name) + 2, entry.kind, 1, entry.left, entry.right, entry.child)
        + b"\0" * 16
        + struct.pack("<IQQIQ", 0, 0, 0, entry.start, entry.size)
    )
