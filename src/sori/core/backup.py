"""Back up and restore everything Sori keeps: the database (any backend) and the uploaded files.

A backup is one zip file: ``manifest.json`` (format, when, which migrations were applied, rows per table),
``data.json`` (every row, in Django's JSON to the microsecond, with natural keys for content types and
permissions so it loads into any database) and ``media/`` (the files under ``MEDIA_ROOT``).

Restoring replaces what is there. It first checks the file (a zip, a Sori backup, migrations this version
knows) and, when the database is not empty, saves a backup of it beside the data folder; then it empties the
database, winds the schema back to the backup's migrations if the backup is older, loads every row in one
transaction and migrates forward. So a backup from an older version restores into a newer one, and a failed
load leaves the saved copy to go back to.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "sori-backup"
FORMAT_VERSION = 1
# Rebuilt by ``migrate`` on any database; rows elsewhere refer to them by natural key.
_REBUILT = ["contenttypes", "auth.permission", "sessions"]
_REBUILT_MODELS = frozenset(_REBUILT)


class BackupError(Exception):
    """A backup that cannot be written or restored, with what to do about it."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    tables: int
    files: int


def _row_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        if model._meta.label_lower in _REBUILT_MODELS or model._meta.app_label in _REBUILT:
            continue
        # The base manager: a default manager may hide rows (deleted proposals) that a backup must keep.
        counts[model._meta.db_table] = model._base_manager.count()
    return counts


def _applied() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_write(path: Path) -> BackupSummary:
    """Write a backup of the database and the uploaded files to ``path`` (a new zip file)."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise BackupError(f"{path}은(는) 폴더입니다. 백업 파일 이름을 적어 주세요(예: sori-2026-12-06.zip).")
    data = io.StringIO()
    with transaction.atomic():  # one consistent picture, even while people work
        call_command(
            "dumpdata",
            format="sorijson",
            exclude=_REBUILT,
            natural_foreign=True,
            use_base_manager=True,
            indent=None,
            stdout=data,
        )
        counts = _row_counts()
        applied = _applied()
    media = _media_root()
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "migrations": applied,
        "rows": counts,
        "files": len(files),
    }
    partial = path.with_name(path.name + ".part")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            archive.writestr("data.json", data.getvalue())
            for file in files:
                archive.write(file, f"media/{file.relative_to(media).as_posix()}")
        partial.replace(path)  # a backup is whole or absent, never half-written
    except OSError as exc:
        partial.unlink(missing_ok=True)
        reason = exc.strerror or exc
        raise BackupError(f"백업 파일을 쓰지 못했습니다({reason}). 디스크 공간과 권한을 확인하세요.") from exc
    return BackupSummary(path=path, rows=sum(counts.values()), tables=len(counts), files=len(files))


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError("Sori 백업 파일이 아닙니다: manifest.json이 없거나 읽을 수 없습니다.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("Sori 백업 파일이 아닙니다: 형식 표시가 다릅니다.")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"이 Sori는 백업 형식 {FORMAT_VERSION}판을 읽습니다(파일은 {manifest.get('version')}판). "
            "백업을 만든 버전의 Sori로 복원하세요."
        )
    if "data.json" not in archive.namelist():
        raise BackupError("백업 파일에 data.json이 없습니다. 파일이 잘렸는지 확인하세요.")
    return dict(manifest)


def _unknown_migrations(wanted: dict[str, list[str]]) -> list[str]:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, names in wanted.items() for name in names if (app, name) not in known]


def _has_rows() -> bool:
    return any(count for count in _row_counts().values())


def _restore_media(archive: zipfile.ZipFile) -> int:
    media = _media_root()
    members = [m for m in archive.namelist() if m.startswith("media/") and not m.endswith("/")]
    staged = media.with_name(media.name + ".restoring")
    shutil.rmtree(staged, ignore_errors=True)
    for member in members:
        relative = Path(member).relative_to("media")
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"백업 파일의 경로가 올바르지 않습니다: {member}")
        target = staged / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(member))
    shutil.rmtree(media, ignore_errors=True)
    if members:
        staged.replace(media)
    return len(members)


def _latest_of(names: list[str]) -> str:
    return sorted(names)[-1]


def backup_restore(path: Path, *, replace: bool = False, safety_dir: Path | None = None) -> BackupSummary:
    """Replace the database and the uploaded files with those of the backup at ``path``.

    A database with rows is replaced only with ``replace=True``, and then a backup of it is written first
    into ``safety_dir`` (the data folder's ``backups/`` by default), named in the error if loading fails.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"백업 파일 {path}이(가) 없습니다. 경로를 확인하세요.")
    if not zipfile.is_zipfile(path):
        raise BackupError(f"{path}은(는) zip 파일이 아닙니다. `sori backup -o FILE`로 만든 파일을 주세요.")
    with zipfile.ZipFile(path) as archive:
        manifest = _read_manifest(archive)
        unknown = _unknown_migrations(manifest["migrations"])
        if unknown:
            raise BackupError(
                "이 백업은 더 새 버전의 Sori에서 만들어졌습니다(모르는 마이그레이션: "
                + ", ".join(unknown[:5])
                + "). Sori를 올린 뒤 복원하세요."
            )
        call_command("migrate", verbosity=0, interactive=False)
        safety: Path | None = None
        if _has_rows():
            if not replace:
                raise BackupError(
                    "데이터베이스에 이미 자료가 있습니다. 복원하면 모두 백업의 내용으로 바뀝니다. "
                    "그래도 복원하려면 --replace를 붙이세요(지금 자료는 먼저 따로 백업해 둡니다)."
                )
            folder = safety_dir or Path(settings.DATA_DIR) / "backups"
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            safety = backup_write(folder / f"before-restore-{stamp}.zip").path
        call_command("flush", verbosity=0, interactive=False)
        current = _applied()
        for app, names in current.items():
            wanted = manifest["migrations"].get(app)
            if wanted and _latest_of(wanted) != _latest_of(names):
                call_command("migrate", app, _latest_of(wanted), verbosity=0, interactive=False)
        fixture = Path(settings.DATA_DIR) / f".restore-{path.stem}.sorijson"
        fixture.write_bytes(archive.read("data.json"))
        try:
            with transaction.atomic():
                call_command("loaddata", str(fixture), verbosity=0)
        except Exception as exc:
            hint = f" 복원 전 자료: `sori restore {safety} --replace`." if safety else ""
            raise BackupError(f"백업의 자료를 불러오지 못했습니다({exc}).{hint}") from exc
        finally:
            fixture.unlink(missing_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
        files = _restore_media(archive)
    counts = _row_counts()
    return BackupSummary(path=path, rows=sum(counts.values()), tables=len(counts), files=files)
