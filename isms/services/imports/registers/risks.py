"""Risk imports: the columns of the risk register, checked by RiskForm and ``risk_build``.

Ratings are level numbers or level labels of the workspace's risk methodology.
"""

from django.utils.translation import gettext_lazy as _

from isms.forms.risks import RiskForm
from isms.models import Risk
from isms.services.imports.columns import Column
from isms.services.imports.registers.base import Register
from isms.services.risks import risk_build, risk_create

COLUMNS = [
    Column("title", "Title", "Titel", required=True),
    Column("assets", "Assets", "Assets", reader="names", lookup="asset", aliases=("Assets (Werte)", "Werte")),
    Column("threat", "Threat", "Bedrohung", required=True),
    Column("vulnerability", "Vulnerability", "Schwachstelle", required=True),
    Column("owner", "Risk owner e-mail", "Risikoeigentümer/in E-Mail", reader="member",
           aliases=("Risk owner", "Risikoeigentümer/in")),
    Column("inherent_likelihood", "Inherent likelihood", "Eintrittswahrscheinlichkeit (brutto)", reader="level",
           lookup="likelihood", required=True),
    Column("inherent_impact", "Inherent impact", "Auswirkung (brutto)", reader="level", lookup="impact",
           required=True),
    Column("residual_likelihood", "Residual likelihood", "Eintrittswahrscheinlichkeit (Restrisiko)", reader="level",
           lookup="likelihood", rule=_("Fill in both residual ratings or neither. The residual risk may not be "
                                       "rated higher than the inherent risk.")),
    Column("residual_impact", "Residual impact", "Auswirkung (Restrisiko)", reader="level", lookup="impact",
           rule=_("Required when “%(residual_likelihood)s” is filled.")),
    Column("treatment_option", "Treatment option", "Behandlungsoption", reader="choice",
           choices=tuple(Risk.Treatment.choices),
           rule=_("Required when “%(status)s” is “Treatment planned” or “Treatment in progress”.")),
    Column("treatment_description", "Treatment description", "Beschreibung der Risikobehandlung",
           rule=_("Required when “%(treatment_option)s” is “Modify (reduce)”, “Avoid” or “Share”.")),
    Column("treatment_owner", "Treatment owner e-mail", "Verantwortlich für die Behandlung E-Mail", reader="member",
           aliases=("Treatment owner", "Verantwortlich für die Behandlung")),
    Column("treatment_due_on", "Treatment due on", "Behandlung fällig am", reader="date",
           rule=_("Today or a later day.")),
    Column("status", "Status", "Status", reader="choice", choices=tuple(Risk.Status.choices)),
]


def _check(form, *, workspace, lookups) -> None:
    risk_build(workspace=workspace, methodology=lookups.methodology, **form.values())


def _create(form, *, actor, workspace, lookups) -> Risk:
    return risk_create(actor=actor, workspace=workspace, methodology=lookups.methodology,
                       assets=form.cleaned_data["assets"], **form.values())


RISKS = Register(
    kind="risk", model=Risk, columns=COLUMNS, name_key="title",
    form=lambda data, lookups: RiskForm(data, methodology=lookups.methodology),
    check=_check, create=_create, list_url_name="isms:risk_list",
)
