"""The roles page and dashboard apply the rules to the workspace's own profile."""

import pytest

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from officers.models import CompanyProfile
from officers.selectors import roles_without_appointment
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_hospital_profile_requires_hygiene_and_device_safety(personas, workspace):
    client = client_for(personas[Role.OFFICER])
    page = client.get(f"/w/{workspace.slug}/officers/roles/")
    data = {name: value for name, value in page.context["form"].initial.items() if value not in (None, False)}
    data |= {"hospital": "on", "health_care_institution": "on", "persons_processing_personal_data": "250"}
    response = client.post(f"/w/{workspace.slug}/officers/roles/", data)
    assert response.status_code == 302
    statuses = {item["entry"].key: item["status"] for item in client.get(response["Location"]).context["assessments"]}
    assert statuses["hospital_hygiene"] == "required"
    assert statuses["medical_device_safety_officer"] == "required"
    assert statuses["dpo"] == "required"
    assert statuses["isb_ciso"] == "recommended"  # NIS-2 entity; no statute names the role for companies
    with workspace_context(workspace):
        gaps = roles_without_appointment()
    assert "hospital_hygiene" in {entry.key for entry in gaps["required"]}


def test_auditor_cannot_change_profile(personas, workspace):
    client_for(personas[Role.AUDITOR]).post(f"/w/{workspace.slug}/officers/roles/", {"hospital": "on"})
    with workspace_context(workspace):
        assert not CompanyProfile.objects.exists()
