"""``{% attachments_panel obj %}``: an owner's files and the upload form, on any page showing the owner."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from sori.attachments.forms import AttachmentForm
from sori.attachments.selectors import (
    attachments_of,
    may_attach,
    may_publish,
    public_attachments_of,
)

register = template.Library()


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachments_panel(context: Any, owner: Any, title: str = "") -> dict[str, Any]:
    """Show ``owner``'s files to staff: download links, and for those who may attach, upload and remove."""
    user = context["request"].user
    publishable = may_publish(owner)
    return {
        "owner": owner,
        "owner_label": owner._meta.label_lower,
        "title": title,
        "items": attachments_of(owner),
        "can_attach": may_attach(user, owner),
        "publishable": publishable,
        # Ids unique per owner, so two panels on one page never share an id.
        "form": AttachmentForm(
            publishable=publishable, auto_id=f"id_att_{owner._meta.model_name}_{owner.pk}_%s"
        ),
        "csrf_token": context.get("csrf_token"),
        "max_mb": settings.SORI_ATTACHMENT_MAX_MB,
    }


@register.inclusion_tag("attachments/_public.html")
def public_attachments(owner: Any) -> dict[str, Any]:
    """List the files the public may read with a released ``owner`` (an answer's public documents).

    Lists set ``owner.public_files`` first with ``with_public_files``; a single owner is looked up here.
    """
    items = getattr(owner, "public_files", None)
    return {"items": public_attachments_of(owner) if items is None else items}
