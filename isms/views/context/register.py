"""Context issues (4.1), interested parties and their requirements (4.2): list, create, edit, delete."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.context import ContextIssueForm, InterestedPartyForm, PartyRequirementForm
from isms.models import ContextIssue, InterestedParty, PartyRequirement
from isms.services import context as services

PAGE_SIZE = 50


def _to(request, name, **kwargs):
    return redirect(f"isms:{name}", workspace_slug=request.workspace.slug, **kwargs)


@workspace_view()
def issue_list(request):
    issues = ContextIssue.objects.order_by("kind", "category", "title")
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "isms/context/issue_list.html", {"page": page})


def _issue_form_page(request, form, *, issue=None):
    return render(request, "isms/context/issue_form.html", {"form": form, "issue": issue})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def issue_create(request):
    form = ContextIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.context_issue_create(actor=request.user, workspace=request.workspace, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Issue saved."))
            return _to(request, "context_issue_list")
    return _issue_form_page(request, form)


@workspace_view("edit", objects={"issue_id": ContextIssue})
@require_http_methods(["GET", "POST"])
def issue_edit(request, issue_id):
    issue = get_object_or_404(ContextIssue, pk=issue_id)
    form = ContextIssueForm(request.POST or None, instance=issue)
    if request.method == "POST" and form.is_valid():
        try:
            services.context_issue_update(actor=request.user, issue=issue, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Issue saved."))
            return _to(request, "context_issue_list")
    return _issue_form_page(request, form, issue=issue)


@workspace_view("edit", objects={"issue_id": ContextIssue})
@require_POST
def issue_delete(request, issue_id):
    services.context_issue_delete(actor=request.user, issue=get_object_or_404(ContextIssue, pk=issue_id))
    messages.success(request, _("Issue deleted."))
    return _to(request, "context_issue_list")


@workspace_view()
def party_list(request):
    parties = InterestedParty.objects.annotate(
        requirement_count=Count("requirements"),
        open_count=Count("requirements", filter=Q(requirements__addressed_by_isms=False)),
    ).order_by("name")
    page = Paginator(parties, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "isms/context/party_list.html", {"page": page})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def party_create(request):
    form = InterestedPartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party = services.interested_party_create(actor=request.user, workspace=request.workspace,
                                                     values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Interested party saved; add its requirements."))
            return _to(request, "context_party", party_id=party.pk)
    return render(request, "isms/context/party_form.html", {"form": form})


@workspace_view(objects={"party_id": InterestedParty})
@require_http_methods(["GET", "POST"])
def party_detail(request, party_id):
    """The party with its requirements; members who may edit change the party here too."""
    party = get_object_or_404(InterestedParty, pk=party_id)
    form = InterestedPartyForm(request.POST or None, instance=party)
    if request.method == "POST":
        if not request.workspace_access.can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.interested_party_update(actor=request.user, party=party, values=form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Interested party saved."))
                return _to(request, "context_party", party_id=party.pk)
    return render(request, "isms/context/party_detail.html", {
        "party": party, "form": form, "requirements": party.requirements.order_by("created_at"),
        "requirement_form": PartyRequirementForm(),
    })


@workspace_view("edit", objects={"party_id": InterestedParty})
@require_POST
def party_delete(request, party_id):
    services.interested_party_delete(actor=request.user, party=get_object_or_404(InterestedParty, pk=party_id))
    messages.success(request, _("Interested party and its requirements deleted."))
    return _to(request, "context_party_list")


@workspace_view("edit", objects={"party_id": InterestedParty})
@require_POST
def requirement_create(request, party_id):
    party = get_object_or_404(InterestedParty, pk=party_id)
    form = PartyRequirementForm(request.POST)
    if form.is_valid():
        try:
            services.party_requirement_create(actor=request.user, party=party, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Requirement saved."))
            return _to(request, "context_party", party_id=party.pk)
    return render(request, "isms/context/party_detail.html", {
        "party": party, "form": InterestedPartyForm(instance=party),
        "requirements": party.requirements.order_by("created_at"), "requirement_form": form,
    }, status=400)


@workspace_view("edit", objects={"requirement_id": PartyRequirement})
@require_http_methods(["GET", "POST"])
def requirement_edit(request, requirement_id):
    requirement = get_object_or_404(PartyRequirement.objects.select_related("party"), pk=requirement_id)
    form = PartyRequirementForm(request.POST or None, instance=requirement)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_requirement_update(actor=request.user, requirement=requirement, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Requirement saved."))
            return _to(request, "context_party", party_id=requirement.party_id)
    return render(request, "isms/context/requirement_form.html", {"form": form, "requirement": requirement})


@workspace_view("edit", objects={"requirement_id": PartyRequirement})
@require_POST
def requirement_delete(request, requirement_id):
    requirement = get_object_or_404(PartyRequirement, pk=requirement_id)
    party_id = requirement.party_id
    services.party_requirement_delete(actor=request.user, requirement=requirement)
    messages.success(request, _("Requirement deleted."))
    return _to(request, "context_party", party_id=party_id)
