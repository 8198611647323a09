"""Adding, publishing, removing and downloading attachments; each owner page embeds the panel."""

from __future__ import annotations

from csp.decorators import csp_exempt
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.attachments import services
from sori.attachments.forms import AttachmentForm
from sori.attachments.models import Attachment
from sori.attachments.owners import rule_for
from sori.attachments.selectors import may_publish, may_view
from sori.core.forms import form_error_text
from sori.core.permissions import SignedInRequest, require
from sori.documents import kind_named


def _owner(owner: str, owner_id: int) -> models.Model:
    rule = rule_for(owner)
    if rule is None:
        raise Http404(_("파일을 첨부할 수 없는 자료입니다."))
    model = apps.get_model(owner)
    return get_object_or_404(model, pk=owner_id)


def _back(owner: models.Model | None) -> HttpResponseRedirect:
    rule = rule_for(owner._meta.label_lower) if owner is not None else None
    url = rule.page(owner) if rule is not None and owner is not None else "/home/"
    return HttpResponseRedirect(f"{url}#attachments")


@require("staff.area")
@require_POST
def attachment_add(request: SignedInRequest, owner: str, owner_id: int) -> HttpResponse:
    """Attach the uploaded file to the owner; a refused file keeps nothing and says what to send."""
    thing = _owner(owner, owner_id)
    form = AttachmentForm(request.POST, request.FILES, publishable=may_publish(thing))
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return _back(thing)
    upload = form.cleaned_data["file"]
    try:
        attachment = services.attachment_add(
            owner=thing,
            name=upload.name,
            data=upload.read(),
            public=form.cleaned_data.get("public", False),
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " " + _("아무 것도 저장되지 않았습니다."))
        return _back(thing)
    messages.success(request, _("'%(name)s'을(를) 첨부했습니다.") % {"name": attachment.name})
    return _back(thing)


@require("staff.area")
@require_POST
def attachment_publish(request: SignedInRequest, attachment_id: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=attachment_id)
    public = request.POST.get("public") == "1"
    try:
        services.attachment_set_public(attachment=attachment, public=public, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(attachment.owner)
    text = (
        _("'%(name)s'을(를) 답변과 함께 공개합니다.")
        if public
        else _("'%(name)s'을(를) 비공개로 바꿨습니다.")
    )
    messages.success(request, text % {"name": attachment.name})
    return _back(attachment.owner)


@require("staff.area")
@require_POST
def attachment_remove(request: SignedInRequest, attachment_id: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=attachment_id)
    owner = attachment.owner
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(owner)
    messages.success(request, _("첨부 파일 '%(name)s'을(를) 지웠습니다.") % {"name": attachment.name})
    return _back(owner)


# Files carry their own policy, not the site's: a sandbox, or none for a PDF (see below).
@csp_exempt()  # type: ignore[arg-type]  # django-csp types it for views taking the request alone
def attachment_download(request: HttpRequest, attachment_id: int, name: str) -> HttpResponseBase:
    """Send the file to those who may see what it belongs to, or to anyone once it is released."""
    attachment = get_object_or_404(Attachment, pk=attachment_id)
    if not may_view(request.user, attachment):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("이 파일이 딸린 자료를 볼 권한이 없습니다."))
    try:
        handle = default_storage.open(attachment.file.name or "", "rb")
    except FileNotFoundError as exc:
        raise Http404(_("파일이 저장소에 없습니다. 관리자에게 알려 주세요.")) from exc
    kind = kind_named(attachment.kind)
    response = FileResponse(
        handle, as_attachment=not kind.inline, filename=attachment.name, content_type=kind.media_type
    )
    response["Cache-Control"] = "private, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    if kind.name != "pdf":
        # Nothing served here runs or reaches anything. A PDF (checked to be one, and never sniffed as
        # anything else) goes without the sandbox: Chrome refuses to start its PDF viewer inside one.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
