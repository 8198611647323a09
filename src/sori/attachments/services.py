"""Adding, publishing and removing attachments; every write checks the owner's rule and is audited."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.translation import gettext as _

from sori.attachments.models import Attachment
from sori.attachments.owners import OwnerRule, rule_for
from sori.core import audit
from sori.core.forms import reader_error_text
from sori.documents import DocumentError, attachment_kind

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")


def max_bytes() -> int:
    """Return the largest attachment accepted, in bytes (``SORI_ATTACHMENT_MAX_MB``)."""
    return int(settings.SORI_ATTACHMENT_MAX_MB) * 1024 * 1024


def clean_name(name: str) -> str:
    """Return the uploader's file name as shown and offered again: no folders, no control characters."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub(" ", name).strip(" .") or "file"
    if len(name) > 200:
        stem, ext = os.path.splitext(name)
        name = stem[: 200 - len(ext[:20])] + ext[:20]
    return name


def _rule(owner: models.Model) -> OwnerRule:
    rule = rule_for(owner._meta.label_lower)
    if rule is None:
        raise ValidationError(_("여기에는 파일을 첨부할 수 없습니다."))
    return rule


def _scope(owner: models.Model, rule: OwnerRule) -> models.Model:
    return rule.scope(owner) if rule.scope is not None else owner


@transaction.atomic
def attachment_add(
    *, owner: models.Model, name: str, data: bytes, actor: User, public: bool = False
) -> Attachment:
    """Keep ``data`` as a file of ``owner`` and return it.

    Raises ``PermissionDenied`` unless the owner's rule lets ``actor`` attach, and ``ValidationError`` (in
    Korean, saying what to send instead) for a file too large, empty, of a kind not taken, or a zip bomb;
    then nothing is kept. ``public`` is refused for owners whose files never leave the office. The bytes are
    stored by content hash, so the same file twice is stored once.
    """
    rule = _rule(owner)
    if not rule.can_attach(actor, owner):
        raise PermissionDenied(_("이 자료에 파일을 첨부할 권한이 없습니다."))
    name = clean_name(name)
    if len(data) > max_bytes():
        raise ValidationError(
            _("'%(name)s'이(가) %(size)s MB로 너무 큽니다. %(limit)s MB 이하로 줄이거나 나누어 올려 주세요.")
            % {
                "name": name,
                "size": f"{len(data) / 1024 / 1024:.1f}",
                "limit": settings.SORI_ATTACHMENT_MAX_MB,
            }
        )
    try:
        kind = attachment_kind(data, name)
    except DocumentError as exc:
        raise ValidationError(reader_error_text(exc)) from exc
    if public and rule.is_released is None:
        raise ValidationError(_("이 자료의 첨부 파일은 공개할 수 없습니다. 공개 표시를 빼고 올려 주세요."))
    digest = hashlib.sha256(data).hexdigest()
    attachment = Attachment(
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        name=name,
        kind=kind.name,
        size=len(data),
        sha256=digest,
        public=public,
        uploaded_by=actor,
    )
    stored = attachment.file.field.generate_filename(attachment, name)
    if default_storage.exists(stored):
        attachment.file.name = stored
    else:
        # Written before the row: if the transaction then fails, an unreferenced file stays behind under its
        # hash, and the same upload later reuses it.
        attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    audit.record(
        actor=actor,
        action="attachment.add",
        target=attachment,
        scope=_scope(owner, rule),
        summary=name,
        after={"name": name, "size": attachment.size_text, "kind": kind.name.upper(), "public": public},
    )
    return attachment


def _check_may_change(attachment: Attachment, actor: User) -> tuple[models.Model, OwnerRule]:
    owner = attachment.owner
    if owner is None:
        raise ValidationError(_("이 첨부 파일이 딸린 자료가 없어졌습니다."))
    rule = _rule(owner)
    if not rule.can_attach(actor, owner):
        raise PermissionDenied(_("이 첨부 파일을 바꿀 권한이 없습니다."))
    return owner, rule


@transaction.atomic
def attachment_set_public(*, attachment: Attachment, public: bool, actor: User) -> Attachment:
    """Mark ``attachment`` as shown to the public with its released owner (an answer), or not."""
    owner, rule = _check_may_change(attachment, actor)
    if public and rule.is_released is None:
        raise ValidationError(_("이 자료의 첨부 파일은 공개할 수 없습니다."))
    if attachment.public != public:
        audit.record(
            actor=actor,
            action="attachment.publish",
            target=attachment,
            scope=_scope(owner, rule),
            summary=attachment.name,
            before={"public": attachment.public},
            after={"public": public},
        )
        attachment.public = public
        attachment.save(update_fields=["public"])
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User) -> None:
    """Remove ``attachment``; its bytes go once no other attachment holds the same file."""
    owner, rule = _check_may_change(attachment, actor)
    audit.record(
        actor=actor,
        action="attachment.remove",
        target=attachment,
        scope=_scope(owner, rule),
        summary=attachment.name,
        before={"name": attachment.name, "size": attachment.size_text, "public": attachment.public},
    )
    stored = attachment.file.name or ""
    attachment.delete()
    if not Attachment.objects.filter(file=stored).exists():
        transaction.on_commit(lambda: default_storage.delete(stored))


def attachments_move(*, source: models.Model, target: models.Model) -> int:
    """Give ``source``'s attachments to ``target`` (a draft's files to the answer it became); return how many.

    Called inside the caller's service, which has checked the move; no audit record of its own.
    """
    return Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(source), owner_id=source.pk
    ).update(owner_type=ContentType.objects.get_for_model(target), owner_id=target.pk)
