"""The account page on which users create and revoke their personal access tokens."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from civac.api.models import ApiToken
from civac.api.tokens import token_create, token_revoke
from civac.tenancy.access import accessible_workspaces
from civac.web.formtools import apply_service_errors

LIFETIME_CHOICES = [(30, gettext_lazy("30 days")), (90, gettext_lazy("90 days")), (365, gettext_lazy("one year"))]


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100,
                           help_text=gettext_lazy("Where the token is used, for example “SIEM export”."))
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=ApiToken.Scope.choices)
    workspace = forms.ChoiceField(label=gettext_lazy("Workspace"), required=False)
    lifetime_days = forms.TypedChoiceField(label=gettext_lazy("Valid for"), choices=LIFETIME_CHOICES, coerce=int,
                                           initial=90)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.accesses = {str(access.workspace.pk): access for access in accessible_workspaces(user)}
        self.fields["workspace"].choices = [("", _("All workspaces I can open"))] + [
            (pk, access.workspace.legal_name) for pk, access in self.accesses.items()]

    def clean_workspace(self):
        value = self.cleaned_data["workspace"]
        return self.accesses[value].workspace if value else None


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = TokenForm(request.POST or None, user=request.user)
    secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _token, secret = token_create(actor=request.user, name=data["name"], scope=data["scope"],
                                          workspace=data["workspace"],
                                          expires_at=timezone.now() + timedelta(days=data["lifetime_days"]))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            form = TokenForm(user=request.user)
    tokens = ApiToken.objects.filter(user=request.user).select_related("workspace")
    return render(request, "api/tokens.html", {"form": form, "secret": secret, "tokens": tokens,
                                               "now": timezone.now()})


@login_required
@require_POST
def api_token_revoke(request, token_id):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked; it no longer works.") % {"name": token.name})
    return redirect("api_tokens")
