"""Management reviews: list, create, edit in the meeting, compile inputs again, approve and download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.audit.recorder import append_event
from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from reporting.forms import ApproveForm, ReviewForm
from reporting.models import ManagementReview
from reporting.services import reviews as services

PAGE_SIZE = 25


def _to_review(request, review_id):
    return redirect("reporting:review", workspace_slug=request.workspace.slug, review_id=review_id)


@workspace_view()
def review_list(request):
    page = Paginator(ManagementReview.objects.select_related("approved_by"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reporting/review_list.html", {"page": page})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def review_new(request):
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(actor=request.user, workspace=request.workspace, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Management review created; its inputs were compiled from the data."))
            return _to_review(request, review.pk)
    return render(request, "reporting/review_form.html", {"form": form}, status=400 if form.errors else 200)


def _review_page(request, review, *, form=None, approve_form=None, status=200):
    access = request.workspace_access
    draft = review.status == ManagementReview.Status.DRAFT
    return render(request, "reporting/review_detail.html", {
        "review": review, "inputs": review.inputs,
        "form": form or (ReviewForm(instance=review) if draft and access.can_edit else None),
        "approve_form": approve_form or (ApproveForm(initial={"confirmed_sha256": services.review_digest(review)})
                                         if draft and access.can_sign else None),
    }, status=status)


@workspace_view()
def review_detail(request, review_id):
    return _review_page(request, get_object_or_404(ManagementReview, pk=review_id))


@workspace_view("edit", objects={"review_id": ManagementReview})
@require_POST
def review_edit(request, review_id):
    review = get_object_or_404(ManagementReview, pk=review_id)
    form = ReviewForm(request.POST, instance=review)
    if form.is_valid():
        try:
            services.review_update(actor=request.user, review=get_object_or_404(ManagementReview, pk=review_id),
                                   values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Management review saved."))
            return _to_review(request, review_id)
    return _review_page(request, get_object_or_404(ManagementReview, pk=review_id), form=form, status=400)


@workspace_view("edit", objects={"review_id": ManagementReview})
@require_POST
def review_compile(request, review_id):
    try:
        services.review_compile(actor=request.user, review=get_object_or_404(ManagementReview, pk=review_id))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Inputs compiled again from today's data."))
    return _to_review(request, review_id)


@workspace_view("sign", objects={"review_id": ManagementReview})
@require_POST
def review_approve(request, review_id):
    review = get_object_or_404(ManagementReview, pk=review_id)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.review_approve(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Management review approved."))
            return _to_review(request, review_id)
    return _review_page(request, get_object_or_404(ManagementReview, pk=review_id), approve_form=form, status=400)


@workspace_view(objects={"review_id": ManagementReview})
def review_pdf(request, review_id):
    review = get_object_or_404(ManagementReview, pk=review_id)
    if not review.file:
        raise Http404("review not approved yet")
    append_event(workspace_id=review.workspace_id, action="download", object_type="reporting.managementreview",
                 object_id=str(review.pk), object_repr=str(review), changes={"sha256": review.sha256})
    return FileResponse(review.file.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"management-review-{review.held_on.isoformat()}.pdf")
