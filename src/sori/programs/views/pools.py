"""Resource pools: the list with a form to add one, a pool's page with its occupancy and a capacity change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core.forms import new_key
from sori.core.permissions import SignedInRequest, require
from sori.programs import occupancy, services
from sori.programs.forms import PoolCapacityForm, PoolForm
from sori.programs.models import ResourcePool
from sori.programs.months import month_label
from sori.programs.views.common import today


@require("program.manage")
def pool_list(request: SignedInRequest) -> HttpResponse:
    """Every pool with this month's capacity, held and pending; staff add a pool here."""
    form = PoolForm(request.POST or None, initial={"submission_key": new_key()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pool = services.pool_create(
                name=data["name"],
                resource=data["resource"],
                units_per_month=data["units_per_month"],
                from_month=data["from_month"],
                operator=data["operator"],
                actor=request.user,
                submission_key=data["submission_key"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("'%s' 풀을 만들었습니다. 공고의 자원에 이 풀을 적으세요.") % pool.name
            )
            return HttpResponseRedirect(reverse("programs:pool_detail", args=[pool.id]))
    return render(
        request,
        "programs/pool_list.html",
        {"pools": occupancy.pool_list(today()), "form": form, "month": today().replace(day=1)},
    )


@require("program.manage")
def pool_detail(request: SignedInRequest, pool_id: int) -> HttpResponse:
    """A pool's capacity timeline, occupancy per month and awards holding it; change capacity from a month."""
    pool = get_object_or_404(ResourcePool.objects.select_related("operator"), pk=pool_id)
    form = PoolCapacityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pool_capacity_set(
                    pool=pool,
                    from_month=data["from_month"],
                    units=data["units"],
                    reason=data["reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(m)s부터 '%(p)s'의 월 용량을 %(u)s(으)로 바꿨습니다.")
                    % {"m": month_label(data["from_month"]), "p": pool.name, "u": data["units"]},
                )
                return HttpResponseRedirect(reverse("programs:pool_detail", args=[pool.id]))
        status = 400
    return render(
        request,
        "programs/pool_detail.html",
        {"pool": pool, "p": occupancy.pool_page(pool), "form": form, "month": today().replace(day=1)},
        status=status,
    )
