"""Risk methodology, risks, acceptance by management and the treatment plan."""

from isms.services.risks.acceptance import acceptance_sha256, acceptance_statement, risk_accept
from isms.services.risks.exports import treatment_plan_pdf, treatment_plan_xlsx
from isms.services.risks.methodology import methodology_for, methodology_update
from isms.services.risks.risks import risk_build, risk_create, risk_update

__all__ = [
    "acceptance_sha256", "acceptance_statement", "methodology_for", "methodology_update", "risk_accept",
    "risk_build", "risk_create", "risk_update", "treatment_plan_pdf", "treatment_plan_xlsx",
]
