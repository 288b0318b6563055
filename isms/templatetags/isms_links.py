"""Cross-area links on detail pages: the controls of a risk and the risks of a control."""

from django import template

from isms.forms.risk_controls import RiskControlsForm
from isms.services.risk_controls import controls_of, risks_of

register = template.Library()


@register.simple_tag
def risk_control_links(risk):
    controls = controls_of(risk)
    return {"controls": controls, "form": RiskControlsForm(initial={"controls": controls})}


@register.simple_tag
def control_risk_links(entry):
    return risks_of(entry)
