"""`sori backup` and `sori restore`: every table's rows and the uploaded files come back as they were."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from sori.cli import main
from sori.core.backup import BackupError, backup_restore, backup_write
from sori.voices import services
from sori.voices.models import Demand

pytestmark = pytest.mark.django_db(transaction=True)

# Rebuilt by migrate on any database, so their ids may differ after a restore; rows refer to them by name.
_REBUILT = {"django_content_type", "auth_permission", "django_session"}


def _every_row() -> dict[str, list[tuple[Any, ...]]]:
    """Return each project table's rows, in primary-key order, as the database holds them."""
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in _REBUILT:
                continue
            pk = connection.ops.quote_name(model._meta.pk.column or "id")
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {pk}")
            rows[table] = [tuple(str(v) for v in row) for row in cursor.fetchall()]
    return rows


@pytest.fixture
def world(answered_demand: Demand) -> Demand:
    media = Path(settings.MEDIA_ROOT)
    (media / "minutes").mkdir(parents=True, exist_ok=True)
    (media / "minutes" / "1차 회의록.txt").write_text("회의록 원문", encoding="utf-8")
    return answered_demand


def test_backup_then_restore_gives_back_every_row_and_file(world: Demand, staff, tmp_path: Path) -> None:
    before = _every_row()
    assert sum(len(r) for r in before.values()) > 10
    summary = backup_write(tmp_path / "sori.zip")
    assert summary.files == 1 and summary.rows > 10

    # Work goes on after the backup, then the backup is restored over it.
    services.demand_rename(demand=world, title="바뀐 제목", actor=staff)
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("나중 파일")
    restored = backup_restore(tmp_path / "sori.zip", replace=True, safety_dir=tmp_path / "safety")

    assert _every_row() == before
    assert restored.rows == summary.rows
    assert Demand.objects.get(id=world.id).title == "GPU 12개월"
    media = Path(settings.MEDIA_ROOT)
    assert (media / "minutes" / "1차 회의록.txt").read_text(encoding="utf-8") == "회의록 원문"
    assert not (media / "stray.txt").exists()
    # What was there before the restore was saved first, and can itself be restored.
    (safety,) = (tmp_path / "safety").iterdir()
    with zipfile.ZipFile(safety) as archive:
        assert "바뀐 제목" in archive.read("data.json").decode()


def test_restoring_over_data_needs_replace_and_changes_nothing(world: Demand, tmp_path: Path) -> None:
    backup_write(tmp_path / "sori.zip")
    before = _every_row()
    with pytest.raises(BackupError, match="--replace"):
        backup_restore(tmp_path / "sori.zip")
    assert _every_row() == before


def test_a_file_that_is_not_a_backup_is_refused_first(world: Demand, tmp_path: Path) -> None:
    before = _every_row()
    text = tmp_path / "notes.zip"
    text.write_text("zip이 아님")
    with pytest.raises(BackupError, match="zip 파일이 아닙니다"):
        backup_restore(text, replace=True)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(BackupError, match=r"manifest\.json"):
        backup_restore(other, replace=True)
    assert _every_row() == before


def test_a_backup_from_a_newer_version_is_refused(world: Demand, tmp_path: Path) -> None:
    backup_write(tmp_path / "sori.zip")
    with zipfile.ZipFile(tmp_path / "sori.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read("data.json")
    manifest["migrations"]["voices"].append("0099_from_the_future")
    with zipfile.ZipFile(tmp_path / "newer.zip", "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("data.json", data)
    before = _every_row()
    with pytest.raises(BackupError, match=r"voices\.0099_from_the_future"):
        backup_restore(tmp_path / "newer.zip", replace=True)
    assert _every_row() == before


def test_the_commands_print_what_they_did(world: Demand, tmp_path: Path, capsys) -> None:
    target = tmp_path / "nightly.zip"
    assert main(["backup", "-o", str(target)]) == 0
    assert "행" in capsys.readouterr().out and target.exists()
    assert main(["restore", str(target)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["restore", str(target), "--replace"]) == 0
    assert "복원했습니다" in capsys.readouterr().out
