"""Onboarding query pages: the mandate's questions to the client, one query with its answer and evidence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from mandates.forms import QueryAnswerForm, QueryForm
from mandates.models import Mandate, OnboardingQuery
from mandates.services.queries import may_answer, query_answer, query_ask

PAGE_SIZE = 50


def _list_page(request, mandate, *, form=None, status=200):
    queries = OnboardingQuery.objects.filter(mandate=mandate).select_related("addressee", "asked_by")
    page = Paginator(queries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mandates/queries.html", {
        "mandate": mandate, "page": page, "today": timezone.localdate(),
        "form": form or QueryForm(initial={"due_on": timezone.localdate()}),
    }, status=status)


@workspace_view(objects={"mandate_id": Mandate})
def query_list(request, mandate_id):
    return _list_page(request, get_object_or_404(Mandate.objects.select_related("partner"), pk=mandate_id))


@workspace_view("edit", objects={"mandate_id": Mandate})
@require_POST
def query_new(request, mandate_id):
    mandate = get_object_or_404(Mandate.objects.select_related("partner", "workspace"), pk=mandate_id)
    form = QueryForm(request.POST)
    if form.is_valid():
        try:
            query = query_ask(actor=request.user, mandate=mandate, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Query sent; the addressee has a task to answer it."))
            return redirect("mandates:query_detail", workspace_slug=request.workspace.slug, query_id=query.pk)
    return _list_page(request, mandate, form=form, status=400)


def _detail_page(request, query, *, form=None, status=200):
    return render(request, "mandates/query_detail.html", {
        "query": query, "mandate": query.mandate, "may_answer": may_answer(request.user, query),
        "form": form or QueryAnswerForm(),
    }, status=status)


def _query(query_id) -> OnboardingQuery:
    return get_object_or_404(OnboardingQuery.objects.select_related(
        "mandate__partner", "workspace", "addressee", "asked_by", "answered_by"), pk=query_id)


@workspace_view(objects={"query_id": OnboardingQuery})
def query_detail(request, query_id):
    return _detail_page(request, _query(query_id))


@workspace_view(objects={"query_id": OnboardingQuery})
@require_POST
def query_answer_view(request, query_id):
    query = _query(query_id)
    form = QueryAnswerForm(request.POST)
    if form.is_valid():
        try:
            query_answer(actor=request.user, query=query, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Answer saved."))
            return redirect("mandates:query_detail", workspace_slug=request.workspace.slug, query_id=query.pk)
    return _detail_page(request, query, form=form, status=400)
