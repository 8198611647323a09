"""Finding what a request names: a missing id in the address is 404, a missing id in the body 422."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

M = TypeVar("M", bound=Model)


def _get(source: type[M] | QuerySet[M], pk: Any) -> M | None:
    qs = source if isinstance(source, QuerySet) else source._default_manager.all()
    return qs.filter(pk=pk).first()


def _name(source: type[M] | QuerySet[M]) -> str:
    model = source.model if isinstance(source, QuerySet) else source
    return str(model._meta.verbose_name)


def found(source: type[M] | QuerySet[M], pk: Any) -> M:
    """The row the address names, or 404 saying which."""
    row = _get(source, pk)
    if row is None:
        raise Http404(
            _("%(what)s %(id)s번이 없습니다. 주소의 번호를 확인해 주세요.")
            % {"what": _name(source), "id": pk}
        )
    return row


def referenced(source: type[M] | QuerySet[M], pk: Any, field: str) -> M:
    """The row a body field names, or 422 naming the field."""
    row = _get(source, pk)
    if row is None:
        raise ValidationError(
            {field: [_("%(what)s %(id)s번이 없습니다.") % {"what": _name(source), "id": pk}]}
        )
    return row


def maybe(source: type[M] | QuerySet[M], pk: Any, field: str) -> M | None:
    """Like ``referenced`` for an optional field: None stays None."""
    return None if pk is None else referenced(source, pk, field)
