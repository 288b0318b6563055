"""API lists use a constant number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Asset, MeasureArea, OwnControl, OwnControlArea
from tests import builders, builders_controls, builders_reporting, factories
from tests.builders_api import api_path, make_token, token_client

pytestmark = pytest.mark.django_db

RESOURCES = ["incidents/", "obligations/", "assets/", "audit-events/", "members/", "officers/", "mandates/",
             "controls/", "catalogue-controls/", "reports/"]


def _add_rows(workspace, reporter, count):
    builders_controls.annex_a()
    manager = builders_controls.management(workspace, email=f"ceo-{count}@acme.example")
    for number in range(count):
        builders.significant_incident(workspace, reporter=reporter, title=f"Incident {number}")
        factories.grant_mandate(factories.make_partner(f"partner-{count}-{number}"), workspace)
        builders_reporting.released_report(workspace, officer=reporter, recipients=[manager])
        with workspace_context(workspace), acting_as(system="tests"):
            control = OwnControl.objects.create(workspace=workspace, ref=f"ORG-{count}-{number}", title="Own")
            OwnControlArea.objects.create(workspace=workspace, control=control,
                                          area=MeasureArea.objects.get(number=number % 10 + 1))
            dependency = Asset.objects.create(workspace=workspace, name=f"Server {number}", kind="system",
                                              owner_role="IT")
            asset = Asset.objects.create(workspace=workspace, name=f"Data {number}", kind="information",
                                         owner_role="IT")
            asset.dependency_links.create(workspace=workspace, depends_on=dependency)


def _query_counts(client, workspace) -> dict[str, int]:
    counts = {}
    for resource in RESOURCES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(api_path(workspace, resource)).status_code == 200
        counts[resource] = len(queries)
    return counts


def test_list_queries_constant(workspace):
    officer = factories.make_user("officer@acme.example")
    factories.add_member(workspace, officer, Role.OFFICER)
    _token, secret = make_token(officer)
    client = token_client(secret)
    # The first request records the token's last use; later ones within a minute do not.
    client.get(api_path(workspace, "incidents/"))

    _add_rows(workspace, officer, 1)
    few = _query_counts(client, workspace)
    _add_rows(workspace, officer, 4)
    many = _query_counts(client, workspace)

    for resource in RESOURCES:
        assert many[resource] == few[resource], resource
