"""Pages for proposers: the public proposal form, the private status link, and the company portal."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.feedback.handoffs import status_links_resend
from sori.feedback.privacy import retention_period
from sori.feedback.public_forms import ProposeForm, StatusAgainForm
from sori.feedback.public_selectors import status_owner, status_page, submitted_proposal
from sori.registry.models import Organisation
from sori.voices.services import proposal_submit_public

SUBMITTED = "sori_submitted_proposal"
NOT_SAVED = gettext_lazy(
    "제안이 아직 접수되지 않았습니다. 표시된 곳을 고쳐 다시 보내 주세요 — 적으신 내용은 그대로 남아 있습니다."
)


def _private(response: HttpResponse) -> HttpResponse:
    """Keep a page that carries a private link out of search engines, caches and other sites' logs."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def _company_of(request: HttpRequest) -> Organisation | None:
    """Return the organisation a logged-in company user speaks for, else None."""
    if not can(request.user, "company.portal"):
        return None
    profile = getattr(request.user, "profile", None)
    return profile.organisation if profile is not None else None


def propose(request: HttpRequest) -> HttpResponse:
    """Take anyone's proposal (a company user's in their organisation's name); it waits for staff review."""
    organisation = _company_of(request)
    fixed = organisation.name if organisation is not None else ""
    if request.method == "POST":
        form = ProposeForm(request.POST, request.FILES, fixed_organisation=fixed)
        if form.is_bot:
            return redirect("public:propose_done")
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal = proposal_submit_public(
                    name=data["name"],
                    email=data["email"],
                    text=data["text"],
                    consent=data["consent"],
                    organisation_name=form.organisation_name(),
                    contact_consent=data["contact_consent"],
                    submission_key=data["submission_key"] or None,
                    files=form.files_to_attach(),
                    uploader=request.user if isinstance(request.user, User) else None,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                request.session[SUBMITTED] = proposal.id
                return redirect("public:propose_done")
        messages.error(request, NOT_SAVED)
    else:
        initial = {}
        if organisation is not None:
            user = request.user
            person = getattr(user.profile, "person", None)  # type: ignore[union-attr]
            initial = {
                "name": user.get_full_name() or (person.name if person else ""),  # type: ignore[union-attr]
                "email": getattr(user, "email", ""),
            }
        form = ProposeForm(initial=initial, fixed_organisation=fixed)
    return render(
        request,
        "public/propose.html",
        {
            "form": form,
            "organisation": organisation,
            "limit": settings.SORI_MAX_TEXT_LENGTH,
            "retention": retention_period(),
        },
    )


def status_again(request: HttpRequest) -> HttpResponse:
    """Send the status links of an address's proposals to that address; say the same whether it has any."""
    form = StatusAgainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        status_links_resend(email=form.cleaned_data["email"])
        messages.success(
            request,
            _(
                "이 주소로 접수된 제안이 있으면 처리 상황을 볼 수 있는 링크를 보냈습니다. 몇 분 안에 오지 "
                "않으면 스팸함을 확인해 주세요. 같은 주소로는 한 시간에 한 번 보냅니다."
            ),
        )
        return redirect("public:status_again")
    return render(request, "public/status_again.html", {"form": form})


def propose_done(request: HttpRequest) -> HttpResponse:
    """Thank the proposer and give them their private status link to bookmark."""
    proposal_id = request.session.get(SUBMITTED)
    proposal = submitted_proposal(proposal_id)
    status_url = ""
    if proposal is not None and proposal.person is not None:
        status_url = request.build_absolute_uri(reverse("public:status", args=[proposal.person.status_token]))
    response = render(
        request,
        "public/propose_done.html",
        {"proposal": proposal, "status_url": status_url, "organisation": _company_of(request)},
    )
    return _private(response)


def status(request: HttpRequest, token: str) -> HttpResponse:
    """Show a proposer (person or organisation) each of their proposals and what became of it. No login."""
    owner = status_owner(token)
    if owner is None:
        raise Http404(_("확인할 수 없는 링크입니다."))
    response = render(request, "public/status.html", {"page": status_page(owner), "portal": False})
    return _private(response)


@require("company.portal")
def company(request: SignedInRequest) -> HttpResponse:
    """Show a company user their organisation's proposals and answers, and the way to propose in its name."""
    organisation = _company_of(request)
    if organisation is None:
        raise Http404
    status_url = request.build_absolute_uri(reverse("public:status", args=[organisation.status_token]))
    response = render(
        request,
        "public/status.html",
        {"page": status_page(organisation), "portal": True, "status_url": status_url},
    )
    return _private(response)
