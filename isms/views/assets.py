"""Asset pages: list with filters, detail, create and edit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.assets import AssetFilterForm, AssetForm
from isms.models import Asset, ProtectionNeed
from isms.services.assets import asset_create, asset_update

PAGE_SIZE = 50


def _asset(asset_id) -> Asset:
    return get_object_or_404(Asset.objects.select_related("owner"), pk=asset_id)


def _filtered_assets(form: AssetFilterForm):
    assets = Asset.objects.select_related("owner").annotate(
        dependency_count=Count("dependency_links", distinct=True), risk_count=Count("risk_links", distinct=True))
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    if data.get("q"):
        assets = assets.filter(Q(name__icontains=data["q"]) | Q(description__icontains=data["q"]))
    if data.get("kind"):
        assets = assets.filter(kind=data["kind"])
    if data.get("need"):
        needs = [ProtectionNeed.VERY_HIGH] if data["need"] == ProtectionNeed.VERY_HIGH else [
            ProtectionNeed.HIGH, ProtectionNeed.VERY_HIGH]
        assets = assets.filter(Q(confidentiality__in=needs) | Q(integrity__in=needs) | Q(availability__in=needs))
    if data.get("owner"):
        assets = assets.filter(owner=data["owner"])
    return assets.order_by("name", "pk")


@workspace_view()
@require_http_methods(["GET"])
def asset_list(request):
    form = AssetFilterForm(request.GET or None)
    page = Paginator(_filtered_assets(form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "isms/assets/list.html", {"form": form, "page": page, "query": query.urlencode()})


@workspace_view(objects={"asset_id": Asset})
@require_http_methods(["GET"])
def asset_detail(request, asset_id):
    asset = _asset(asset_id)
    context = {
        "asset": asset,
        "depends_on": asset.dependencies.order_by("name"),
        "dependents": asset.dependents.order_by("name"),
        "risks": asset.risks.order_by("title"),
    }
    return render(request, "isms/assets/detail.html", context)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def asset_new(request):
    form = AssetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            asset = asset_create(actor=request.user, workspace=request.workspace,
                                 dependencies=form.cleaned_data["dependencies"], **form.values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Asset saved."))
            return redirect("isms:asset_detail", workspace_slug=request.workspace.slug, asset_id=asset.pk)
    return render(request, "isms/assets/form.html", {"form": form, "asset": None}, status=400 if form.errors else 200)


@workspace_view("edit", objects={"asset_id": Asset})
@require_http_methods(["GET", "POST"])
def asset_edit(request, asset_id):
    asset = _asset(asset_id)
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            asset_update(actor=request.user, asset=_asset(asset_id), values=form.values(),
                         dependencies=form.cleaned_data["dependencies"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Asset saved."))
            return redirect("isms:asset_detail", workspace_slug=request.workspace.slug, asset_id=asset.pk)
    return render(request, "isms/assets/form.html", {"form": form, "asset": asset},
                  status=400 if form.errors else 200)
