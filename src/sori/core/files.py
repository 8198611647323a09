"""Writing files whole or not at all: a full disk or a crash never leaves a half-written report behind."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed when complete.

    On any failure (a full disk: ``OSError`` ENOSPC) the temporary file is removed and ``path`` is left as
    it was; the error is raised again, naming ``path``.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # name the file meant, not the temporary one
        raise


def write_error_message(path: Path | str, exc: OSError) -> str:
    """Return what to tell the user when ``path`` could not be written: the cause and what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"{path}: 디스크 공간이 부족해 파일을 쓰지 못했습니다. 쓰다 만 파일은 남기지 않았습니다. "
            "공간을 비운 뒤 다시 실행해 주세요."
        )
    return (
        f"{path}: 파일을 쓰지 못했습니다({exc.strerror or exc}). 폴더와 권한을 확인한 뒤 다시 실행해 주세요."
    )
