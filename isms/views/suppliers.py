"""Supplier pages: register, detail with reviews and assessments, sending and withdrawing questionnaires."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.suppliers import AssessmentSendForm, ReviewForm, SupplierForm
from isms.models import Supplier, SupplierAssessment
from isms.services.suppliers import (
    assessment_send,
    assessment_withdraw,
    questionnaire,
    supplier_create,
    supplier_review_record,
    supplier_update,
)

PAGE_SIZE = 50


def _today(request):
    return timezone.localdate(timezone.now(), request.workspace.zone)


def _to_detail(request, supplier_id):
    return redirect("isms:supplier_detail", workspace_slug=request.workspace.slug, supplier_id=supplier_id)


@workspace_view()
@require_http_methods(["GET"])
def supplier_list(request):
    page = Paginator(Supplier.objects.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "isms/suppliers/list.html", {"page": page, "today": _today(request)})


@workspace_view(objects={"supplier_id": Supplier})
@require_http_methods(["GET"])
def supplier_detail(request, supplier_id):
    supplier = get_object_or_404(Supplier, pk=supplier_id)
    context = {
        "supplier": supplier,
        "risks": supplier.risks.order_by("title"),
        "soa_entries": supplier.soa_entries.select_related("catalogue_control", "own_control"),
        "reviews": supplier.reviews.select_related("reviewed_by"),
        "assessments": supplier.assessments.select_related("sent_by"),
        "today": _today(request),
        "now": timezone.now(),
    }
    return render(request, "isms/suppliers/detail.html", context)


def _supplier_form_view(request, supplier):
    form = SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        links = {"risks": form.cleaned_data["risks"], "soa_entries": form.cleaned_data["soa_entries"]}
        try:
            if supplier is None:
                supplier = supplier_create(actor=request.user, workspace=request.workspace, values=form.values(),
                                           **links)
            else:
                supplier = supplier_update(actor=request.user, supplier=supplier, values=form.values(), **links)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Supplier saved."))
            return _to_detail(request, supplier.pk)
    return render(request, "isms/suppliers/form.html", {"form": form, "supplier": supplier},
                  status=400 if form.errors else 200)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def supplier_new(request):
    return _supplier_form_view(request, None)


@workspace_view("edit", objects={"supplier_id": Supplier})
@require_http_methods(["GET", "POST"])
def supplier_edit(request, supplier_id):
    return _supplier_form_view(request, get_object_or_404(Supplier, pk=supplier_id))


@workspace_view("edit", objects={"supplier_id": Supplier})
@require_http_methods(["GET", "POST"])
def supplier_review(request, supplier_id):
    supplier = get_object_or_404(Supplier, pk=supplier_id)
    form = ReviewForm(request.POST or None, initial={"reviewed_on": _today(request),
                                                     "risk_rating": supplier.risk_rating})
    if request.method == "POST" and form.is_valid():
        try:
            supplier_review_record(actor=request.user, supplier=supplier, today=_today(request), **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Review recorded; the next review is due on %(date)s.")
                             % {"date": supplier.next_review_on.isoformat()})
            return _to_detail(request, supplier.pk)
    return render(request, "isms/suppliers/review_form.html", {"form": form, "supplier": supplier},
                  status=400 if form.errors else 200)


@workspace_view("edit", objects={"supplier_id": Supplier})
@require_http_methods(["GET", "POST"])
def supplier_assessment_new(request, supplier_id):
    supplier = get_object_or_404(Supplier, pk=supplier_id)
    form = AssessmentSendForm(request.POST or None, language=get_language() or "de",
                              initial={"contact_email": supplier.contact_email,
                                       "contact_name": supplier.contact_name})
    if request.method == "POST" and form.is_valid():
        try:
            assessment, token = assessment_send(actor=request.user, supplier=supplier, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            link = request.build_absolute_uri(reverse("supplier_questionnaire", args=[token]))
            # The token exists only in this response: the database keeps its hash.
            return render(request, "isms/suppliers/assessment_sent.html",
                          {"supplier": supplier, "assessment": assessment, "link": link})
    return render(request, "isms/suppliers/assessment_form.html", {"form": form, "supplier": supplier},
                  status=400 if form.errors else 200)


@workspace_view(objects={"assessment_id": SupplierAssessment})
@require_http_methods(["GET"])
def supplier_assessment_detail(request, assessment_id):
    assessment = get_object_or_404(SupplierAssessment.objects.select_related("supplier", "sent_by"),
                                   pk=assessment_id)
    template = questionnaire(assessment.template_key)
    answers = (assessment.answers or {}).get("answers", {})
    language = get_language() or "de"
    rows = [{"question": question, "text": question.text(language), "answer": answers.get(question.key, "")}
            for question in template.questions] if template else []
    return render(request, "isms/suppliers/assessment_detail.html",
                  {"assessment": assessment, "rows": rows, "template": template, "now": timezone.now()})


@workspace_view("edit", objects={"assessment_id": SupplierAssessment})
@require_http_methods(["POST"])
def supplier_assessment_withdraw(request, assessment_id):
    assessment = get_object_or_404(SupplierAssessment, pk=assessment_id)
    try:
        assessment_withdraw(actor=request.user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Questionnaire withdrawn; its link no longer works."))
    return redirect("isms:supplier_assessment_detail", workspace_slug=request.workspace.slug,
                    assessment_id=assessment.pk)
