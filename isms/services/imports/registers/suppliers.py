"""Supplier imports: the columns of the supplier register, checked by SupplierForm and ``supplier_values``.

Links to SoA controls are not imported; set them in the form after the import.
"""

from django.utils.translation import gettext_lazy as _

from isms.forms.suppliers import SupplierForm
from isms.models import Supplier
from isms.services.imports.columns import Column
from isms.services.imports.registers.base import Register
from isms.services.suppliers import supplier_create, supplier_values
from isms.services.suppliers.register import MAX_REVIEW_INTERVAL_MONTHS

COLUMNS = [
    Column("name", "Name", "Name", required=True),
    Column("services", "Services", "Leistungen", required=True),
    Column("criticality", "Criticality", "Kritikalität", reader="choice", choices=tuple(Supplier.Criticality.choices)),
    Column("data_processed", "Data processed", "Verarbeitete Daten"),
    Column("processes_personal_data", "Processes personal data", "Verarbeitet personenbezogene Daten",
           reader="boolean", aliases=("Processes personal data on our behalf",
                                      "Verarbeitet personenbezogene Daten in unserem Auftrag")),
    Column("contract_starts_on", "Contract starts on", "Vertragsbeginn am", reader="date"),
    Column("contract_ends_on", "Contract ends on", "Vertragsende am", reader="date",
           rule=_("Not before “%(contract_starts_on)s”.")),
    Column("dpa_signed_on", "DPA signed on", "AVV unterzeichnet am", reader="date",
           rule=_("Only when “%(processes_personal_data)s” is yes.")),
    Column("security_requirements", "Security requirements", "Sicherheitsanforderungen"),
    Column("risk_rating", "Risk rating", "Risikobewertung", reader="choice", choices=tuple(Supplier.Rating.choices)),
    Column("review_interval_months", "Review interval in months", "Überprüfungsintervall in Monaten", reader="integer",
           rule=_("%(min)d to %(max)d months; %(default)d when empty."),
           rule_values={"min": 1, "max": MAX_REVIEW_INTERVAL_MONTHS,
                        "default": Supplier._meta.get_field("review_interval_months").default}),
    Column("next_review_on", "Next review on", "Nächste Überprüfung am", reader="date"),
    Column("contact_name", "Contact name", "Name der Ansprechperson"),
    Column("contact_email", "Contact e-mail", "E-Mail-Adresse der Ansprechperson", reader="email"),
    Column("risks", "Risks", "Risiken", reader="names", lookup="risk"),
]


def _check(form, *, workspace, lookups) -> None:
    supplier_values(form.values())


def _create(form, *, actor, workspace, lookups) -> Supplier:
    return supplier_create(actor=actor, workspace=workspace, values=form.values(),
                           risks=form.cleaned_data["risks"])


SUPPLIERS = Register(
    kind="supplier", model=Supplier, columns=COLUMNS, name_key="name",
    form=lambda data, lookups: SupplierForm(data),
    check=_check, create=_create, list_url_name="isms:supplier_list",
)
