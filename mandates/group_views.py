"""Corporate groups: managed in the parent's workspace, viewed at account level across the members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.defaults import page_not_found

from civac.audit.recorder import append_event
from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from mandates.group_forms import GroupCreateForm, SubsidiaryAddForm
from mandates.group_overview import accessible_members, member_rows
from mandates.models import CompanyGroup
from mandates.services.groups import group_add_subsidiary, group_create, group_remove_subsidiary

PAGE_SIZE = 50


def _headed_group(workspace) -> CompanyGroup | None:
    return CompanyGroup.objects.filter(parent=workspace).prefetch_related("subsidiaries").first()


@workspace_view()
@require_http_methods(["GET", "POST"])
def group_manage(request):
    group = _headed_group(request.workspace)
    create_form = GroupCreateForm(request.POST or None) if group is None else None
    if request.method == "POST":
        if not request.workspace_access.can_admin:
            raise PermissionDenied
        if create_form is None:
            return redirect("groups:manage", workspace_slug=request.workspace.slug)
        if create_form.is_valid():
            try:
                group_create(actor=request.user, parent=request.workspace, name=create_form.cleaned_data["name"])
            except ValidationError as error:
                apply_service_errors(create_form, error)
            else:
                messages.success(request, _("Corporate group created."))
                return redirect("groups:manage", workspace_slug=request.workspace.slug)
    add_form = SubsidiaryAddForm(user=request.user, group=group) if group and request.workspace_access.can_admin \
        else None
    return render(request, "mandates/groups/manage.html",
                  {"group": group, "create_form": create_form, "add_form": add_form})


@workspace_view()
@require_POST
def group_subsidiary_add(request):
    group = _headed_group(request.workspace)
    if group is None:
        raise Http404("no corporate group")
    if not request.workspace_access.can_admin:
        raise PermissionDenied
    form = SubsidiaryAddForm(request.POST, user=request.user, group=group)
    if form.is_valid():
        try:
            group_add_subsidiary(actor=request.user, group=group, workspace=form.cleaned_data["workspace"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Subsidiary added."))
            return redirect("groups:manage", workspace_slug=request.workspace.slug)
    return render(request, "mandates/groups/manage.html", {"group": group, "add_form": form}, status=400)


@workspace_view()
def group_subsidiary_remove(request, subsidiary_id):
    group = _headed_group(request.workspace)
    subsidiary = group.subsidiaries.filter(pk=subsidiary_id).first() if group else None
    if subsidiary is None:
        raise Http404("not a subsidiary of this workspace's group")
    # Checked after the lookup, so a foreign id gets 404 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.workspace_access.can_admin:
        raise PermissionDenied
    group_remove_subsidiary(actor=request.user, group=group, workspace=subsidiary)
    messages.success(request, _("%(workspace)s removed from the group.") % {"workspace": subsidiary.legal_name})
    return redirect("groups:manage", workspace_slug=request.workspace.slug)


@login_required
def group_overview(request, group_id):
    group = CompanyGroup.objects.select_related("parent").prefetch_related("subsidiaries").filter(pk=group_id).first()
    accesses = accessible_members(request.user, group) if group else []
    if not accesses:
        # Answered, not raised, so the audit event of the attempt is not rolled back.
        append_event(workspace_id=None, action="access_denied", object_type="mandates.companygroup",
                     object_repr=str(group_id), actor=request.user)
        return page_not_found(request, Http404("group not found"))
    page = Paginator(sorted(accesses, key=lambda access: access.workspace.legal_name.lower()),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    rows = member_rows(group, list(page.object_list), today=timezone.localdate())
    return render(request, "mandates/groups/overview.html",
                  {"group": group, "rows": rows, "page": page, "now": timezone.now()})
