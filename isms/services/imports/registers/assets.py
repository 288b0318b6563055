"""Asset imports: the columns of the asset register, checked by AssetForm and ``asset_build``."""

from django.utils.translation import gettext_lazy as _

from isms.forms.assets import AssetForm
from isms.models import Asset, ProtectionNeed
from isms.services.assets import asset_build, asset_create
from isms.services.imports.columns import Column
from isms.services.imports.registers.base import Register

COLUMNS = [
    Column("name", "Name", "Name", required=True),
    Column("kind", "Kind", "Art", reader="choice", choices=tuple(Asset.Kind.choices), required=True),
    Column("description", "Description", "Beschreibung"),
    # "Verantwortliche/r" was the German header before the owner columns were named alike; old files still match.
    Column("owner", "Owner e-mail", "Eigentümer/in E-Mail", reader="member",
           aliases=("Owner", "Eigentümer/in", "Verantwortliche/r E-Mail", "Verantwortliche/r"),
           rule=_("Required when “%(owner_role)s” is empty.")),
    Column("owner_role", "Owner role", "Eigentümer/in Rolle", aliases=("Owner (role)", "Eigentümer/in (Rolle)"),
           rule=_("Required when “%(owner)s” is empty.")),
    Column("confidentiality", "Confidentiality", "Vertraulichkeit", reader="choice",
           choices=tuple(ProtectionNeed.choices)),
    Column("integrity", "Integrity", "Integrität", reader="choice", choices=tuple(ProtectionNeed.choices)),
    Column("availability", "Availability", "Verfügbarkeit", reader="choice", choices=tuple(ProtectionNeed.choices)),
    Column("dependencies", "Depends on", "Hängt ab von", reader="names", lookup="asset"),
]


def _check(form, *, workspace, lookups) -> None:
    asset_build(workspace=workspace, **form.values())


def _create(form, *, actor, workspace, lookups) -> Asset:
    return asset_create(actor=actor, workspace=workspace, dependencies=form.cleaned_data["dependencies"],
                        **form.values())


ASSETS = Register(
    kind="asset", model=Asset, columns=COLUMNS, name_key="name",
    form=lambda data, lookups: AssetForm(data),
    check=_check, create=_create, list_url_name="isms:asset_list",
)
