"""The people list, one page per person, and erasing a person's data on request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core import listing
from sori.core.audit import ref
from sori.core.exports import xlsx_response
from sori.core.permissions import SignedInRequest, require
from sori.core.privacy import ERASED_NAME, record_access
from sori.registry.erasure import person_erase
from sori.registry.forms import PersonEraseForm, PersonFilterForm
from sori.registry.models import Person
from sori.registry.selectors import person_list, person_page

if TYPE_CHECKING:
    from sori.registry.selectors import PersonRow

SORTS = {
    "name": "name",
    "organisation": "organisation__name",
    "proposals": "proposal_count",
    "last": "last_proposal_at",
    "created": "created_at",
}


@require("registry.manage")
def person_list_view(request: SignedInRequest) -> HttpResponse:
    """List people with their contacts; filter by consent; search, sort, page, export."""
    filters = PersonFilterForm(request.GET)
    record_access(request, "view", "registry.people")
    return listing.list_page(
        request,
        person_list(**filters.values()),
        search_fields=("name", "email", "phone", "role", "organisation__name"),
        sorts=SORTS,
        default_sort="name",
        template="registry/person_list.html",
        export=_export,
        context={"filters": filters},
    )


def _export(qs: QuerySet[PersonRow]) -> HttpResponse:
    headers = [
        _("번호"),
        _("이름"),
        _("소속"),
        _("직위·역할"),
        _("이메일"),
        _("전화"),
        _("연락 동의"),
        _("제안 수"),
        _("마지막 제안"),
        _("등록일시"),
    ]
    rows = (
        [
            p.id,
            p.name,
            p.organisation.name if p.organisation else "",
            p.role,
            p.email,
            p.phone,
            _("동의") if p.contact_consent else _("미동의"),
            p.proposal_count,
            p.last_proposal_at,
            p.created_at,
        ]
        for p in qs
    )
    return xlsx_response(_("인물 목록") + ".xlsx", _("인물"), headers, rows)


@require("registry.manage")
def person_detail(request: SignedInRequest, person_id: int) -> HttpResponse:
    """Show what Sori keeps of one person: contacts, consent, account, proposals, history."""
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=person_id)
    record_access(request, "view", ref(person), people=1)
    return render(request, "registry/person_detail.html", {"p": person_page(person), "person": person})


@require("privacy.erase")
def person_erase_view(request: SignedInRequest, person_id: int) -> HttpResponse:
    """Say exactly what erasing the person removes and what stays; erase on a confirmed POST."""
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=person_id)
    if person.erased_at is not None:
        messages.info(request, _("이미 개인정보를 삭제한 인물입니다."))
        return HttpResponseRedirect(reverse("registry:person_detail", args=[person.id]))
    form = PersonEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = person_erase(person=person, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "개인정보를 삭제했습니다. 이 인물은 이제 '%(name)s'(으)로 표시되고, 다른 기록에 "
                    "남아 있던 사본 %(copies)s건도 지웠습니다. 제안과 답변은 그대로 남아 있습니다."
                )
                % {"name": ERASED_NAME, "copies": done.copies},
            )
            return HttpResponseRedirect(reverse("registry:person_detail", args=[person.id]))
    record_access(request, "view", ref(person), people=1)
    return render(
        request,
        "registry/person_erase.html",
        {"p": person_page(person), "person": person, "form": form, "erased_name": ERASED_NAME},
    )
