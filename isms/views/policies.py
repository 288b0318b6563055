"""Policy pages: list, master data, drafts, approval, read confirmation and its status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.policies import ApproveForm, DraftForm, PolicyForm
from isms.models import Policy, PolicyVersion, ReadConfirmation
from isms.services import policies as services

PAGE_SIZE = 50


def _to_policy(request, policy_id):
    return redirect("isms:policy_detail", workspace_slug=request.workspace.slug, policy_id=policy_id)


def _to_version(request, version_id):
    return redirect("isms:policy_version", workspace_slug=request.workspace.slug, version_id=version_id)


@workspace_view()
def policy_list(request):
    policies = Policy.objects.select_related("owner").prefetch_related("versions").order_by("title", "pk")
    page = Paginator(policies, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for policy in page.object_list:
        versions = list(policy.versions.all())
        rows.append({
            "policy": policy,
            "approved": next((v for v in versions if v.status == PolicyVersion.Status.APPROVED), None),
            "draft": next((v for v in versions if v.status == PolicyVersion.Status.DRAFT), None),
        })
    return render(request, "isms/policies/list.html", {"page": page, "rows": rows, "today": timezone.localdate()})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def policy_new(request):
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Policy created. Write or upload its first draft."))
            return _to_policy(request, policy.pk)
    return render(request, "isms/policies/form.html", {"form": form, "policy": None})


@workspace_view(objects={"policy_id": Policy})
def policy_detail(request, policy_id):
    policy = get_object_or_404(Policy.objects.select_related("owner"), pk=policy_id)
    versions = list(policy.versions.select_related("approved_by", "file"))
    return render(request, "isms/policies/detail.html", {
        "policy": policy, "versions": versions, "today": timezone.localdate(),
        "readers": list(policy.readers.select_related("user")),
        "draft": next((v for v in versions if v.status == PolicyVersion.Status.DRAFT), None),
    })


@workspace_view("edit", objects={"policy_id": Policy})
@require_http_methods(["GET", "POST"])
def policy_edit(request, policy_id):
    policy = get_object_or_404(Policy, pk=policy_id)
    form = PolicyForm(request.POST or None, initial=PolicyForm.initial_for(policy))
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(actor=request.user, policy=policy, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Policy saved."))
            return _to_policy(request, policy.pk)
    return render(request, "isms/policies/form.html", {"form": form, "policy": policy})


@transaction.non_atomic_requests
@workspace_view("edit", objects={"policy_id": Policy})
@require_http_methods(["GET", "POST"])
def policy_draft(request, policy_id):
    policy = get_object_or_404(Policy, pk=policy_id)
    draft = policy.versions.filter(status=PolicyVersion.Status.DRAFT).first()
    initial = {"text": draft.text, "change_note": draft.change_note} if draft else {}
    if draft is None:
        current = policy.versions.filter(status=PolicyVersion.Status.APPROVED).first()
        initial = {"text": current.text} if current else {}
    form = DraftForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.version_draft_save(actor=request.user, policy=policy, text=form.cleaned_data["text"],
                                                upload=form.cleaned_data["file"],
                                                change_note=form.cleaned_data["change_note"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved; management can now approve it."))
            return _to_version(request, draft.pk)
    return render(request, "isms/policies/draft_form.html", {"form": form, "policy": policy, "draft": draft})


def _version(version_id) -> PolicyVersion:
    return get_object_or_404(PolicyVersion.objects.select_related("policy", "file", "approved_by"), pk=version_id)


@workspace_view(objects={"version_id": PolicyVersion})
def version_detail(request, version_id):
    version = _version(version_id)
    needs_me = request.user.pk in services.required_reader_ids(version.policy)
    context = {
        "version": version, "policy": version.policy,
        "my_confirmation": ReadConfirmation.objects.filter(version=version, user=request.user).first(),
        "needs_my_confirmation": needs_me,
        "approve_form": None,
    }
    if version.status == PolicyVersion.Status.DRAFT and request.workspace_access.can_sign:
        context["approve_form"] = ApproveForm(initial={"confirmed_sha256": services.content_sha256(version)})
    return render(request, "isms/policies/version.html", context)


@workspace_view("sign", objects={"version_id": PolicyVersion})
@require_POST
def version_approve(request, version_id):
    version = _version(version_id)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm that you have read the version and enter your password."))
        return _to_version(request, version.pk)
    try:
        services.version_approve(actor=request.user, version=version,
                                 confirmed_sha256=form.cleaned_data["confirmed_sha256"],
                                 password=form.cleaned_data["password"], otp_code=form.cleaned_data["otp_code"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version approved. The next review is due on %(date)s.")
                         % {"date": Policy.objects.get(pk=version.policy_id).next_review_on})
    return _to_version(request, version.pk)


@workspace_view(objects={"version_id": PolicyVersion})
@require_POST
def version_confirm(request, version_id):
    version = _version(version_id)
    try:
        services.read_confirm(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you; your read confirmation is recorded."))
    return _to_version(request, version.pk)


@workspace_view(objects={"version_id": PolicyVersion})
def version_status(request, version_id):
    version = _version(version_id)
    return render(request, "isms/policies/version_status.html", {
        "version": version, "policy": version.policy, "status": services.confirmation_status(version),
    })


@workspace_view()
def my_confirmations(request):
    return render(request, "isms/policies/my_confirmations.html", {
        "versions": services.open_confirmations_for(request.user, request.workspace),
    })
