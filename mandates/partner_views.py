"""The partner portfolio: one page over every client workspace where the partner has an active mandate."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.defaults import page_not_found

from civac.audit.recorder import append_event
from civac.tenancy.models import Partner
from mandates.portfolio import active_mandates, client_rows

PAGE_SIZE = 50


def _partner_for(user, slug: str) -> Partner | None:
    return Partner.objects.filter(slug=slug, staff__user=user).first()


@login_required
def portfolio(request, partner_slug):
    partner = _partner_for(request.user, partner_slug)
    if partner is None:
        # Returned, not raised, so the audit event of the attempt is not rolled back.
        append_event(workspace_id=None, action="access_denied", object_type="tenancy.partner",
                     object_repr=partner_slug[:200], actor=request.user)
        return page_not_found(request, Http404("partner not found"))
    page = Paginator(active_mandates(partner), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = client_rows(list(page.object_list), today=timezone.localdate(), now=timezone.now())
    return render(request, "mandates/portfolio.html", {"partner": partner, "rows": rows, "page": page,
                                                       "now": timezone.now()})
