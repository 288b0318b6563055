"""Isolation between workspaces: scoped querysets, access resolution and 404s for foreign ids on every route."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from civac.tenancy.base import TenantModel
from civac.tenancy.context import NoActiveWorkspace, workspace_context
from civac.tenancy.roles import Role
from incidents.models import Incident
from mandates.models import Mandate
from officers.models import Officer
from tests import builders, factories, seeds
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

MARKER = "ZZ-OTHER-WORKSPACE-MARKER"


def test_query_without_workspace_raises(workspace):
    factories.make_officer(workspace)
    with pytest.raises(NoActiveWorkspace):
        list(Officer.objects.all())
    with pytest.raises(NoActiveWorkspace):
        Officer.objects.count()


def test_queryset_built_early_binds_scope_when_run(workspace, other_workspace):
    factories.make_officer(workspace, email="mine@example.com")
    factories.make_officer(other_workspace, email="theirs@example.com")
    early = Officer.objects.all()  # built without a workspace, like a form's choices at import time
    with workspace_context(workspace):
        assert [o.email for o in early.all()] == ["mine@example.com"]
    with workspace_context(other_workspace):
        assert [o.email for o in early.all()] == ["theirs@example.com"]


def test_scoped_queryset_as_subquery_stays_scoped(workspace, other_workspace):
    factories.make_officer(workspace, email="mine@example.com")
    factories.make_officer(other_workspace, email="theirs@example.com")
    with workspace_context(workspace):
        ids = Officer.objects.values("id")
        assert Officer.all_workspaces.filter(id__in=ids).count() == 1


def test_partner_staff_reach_only_mandated_workspaces(workspace, other_workspace):
    partner = factories.make_partner()
    staff = factories.make_user("staff@partner.example")
    factories.add_partner_staff(partner, staff)
    factories.grant_mandate(partner, workspace)
    factories.grant_mandate(partner, other_workspace, status=Mandate.Status.ENDED)
    client = client_for(staff)
    assert client.get(f"/w/{workspace.slug}/").status_code == 200
    assert client.get(f"/w/{other_workspace.slug}/").status_code == 404


def test_outsider_gets_404_for_workspace(workspace, other_workspace):
    outsider = factories.make_user("outsider@example.com")
    factories.add_member(other_workspace, outsider, Role.WORKSPACE_ADMIN)
    for path in ["", "officers/", "incidents/", "audit/", "members/", "settings/"]:
        assert client_for(outsider).get(f"/w/{workspace.slug}/{path}").status_code == 404, path


def _workspace_routes():
    """Every route under /w/<slug>/ with its URL parameters as (converter, name), found by walking the URLconf."""
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                routes.append((route, re.findall(r"<(\w+):(\w+)>", route)))

    walk(get_resolver().url_patterns, "")
    return [(route, params) for route, params in routes if route.startswith("w/<slug:workspace_slug>/")]


def _object_params(params) -> list[str]:
    return [name for _converter, name in params if name != "workspace_slug"]


def _foreign_objects(other_workspace):
    """Rows of every tenant model in the other workspace, each carrying the marker where it has text."""
    reporter = factories.make_user("reporter@rival.example")
    factories.add_member(other_workspace, reporter, Role.OFFICER)
    builders.signed_ciso_appointment(other_workspace, officer_name=("Zora", MARKER), officer_email="z@rival.example")
    builders.significant_incident(other_workspace, reporter=reporter, title=MARKER)
    seeds.seed_all(other_workspace, MARKER)
    ids = {}
    for model in TenantModel.__subclasses__():
        first = model.all_workspaces.filter(workspace=other_workspace).values_list("pk", flat=True).first()
        if first is not None:
            ids[model._meta.model_name] = str(first)
    return ids


def _candidate_ids(param: str, foreign_ids: dict) -> list[str]:
    """Pick the foreign ids to try for ``param``: rows of the models its name points to, plus a random id.

    ``risk_id`` is tried with the ids of every model whose name contains "risk";
    a parameter that names no model gets every foreign id.
    """
    stem = param.removesuffix("_id").replace("_", "")
    matching = [pk for model_name, pk in foreign_ids.items() if stem in model_name]
    return (matching or list(foreign_ids.values())) + [str(uuid.uuid4())]


def test_every_object_route_answers_404_for_foreign_ids(personas, workspace, other_workspace):
    _check_object_routes(personas, workspace, other_workspace)


@pytest.mark.postgres
def test_object_routes_answer_404_under_app_role(personas, workspace, other_workspace, app_role):
    """The same matrix with row-level security binding the connection, as in production."""
    _check_object_routes(personas, workspace, other_workspace)


def _check_object_routes(personas, workspace, other_workspace):
    foreign_ids = _foreign_objects(other_workspace)
    routes = [(route, params) for route, params in _workspace_routes() if _object_params(params)]
    assert len(routes) >= 15, f"only {len(routes)} object routes found; the walker is broken"
    uncovered = [route for route, params in routes
                 if any(converter != "uuid" for converter, name in params if name != "workspace_slug")]
    assert not uncovered, f"object ids in these routes are not UUIDs, so the matrix cannot test them: {uncovered}"
    requests = 0
    for role, user in personas.items():
        client = client_for(user)
        for route, params in routes:
            for param in _object_params(params):
                for foreign_id in _candidate_ids(param, foreign_ids):
                    path = "/" + route.replace("<slug:workspace_slug>", workspace.slug)
                    for other in _object_params(params):
                        # Other ids in the path are foreign rows too, as in a nested URL copied from the other workspace.
                        other_id = foreign_id if other == param else _candidate_ids(other, foreign_ids)[0]
                        path = path.replace(f"<uuid:{other}>", other_id)
                    for method in ("get", "post"):
                        response = getattr(client, method)(path)
                        requests += 1
                        assert response.status_code == 404, (role, method, path, response.status_code)
                        assert MARKER.encode() not in response.content, (role, method, path)
    print(f"isolation matrix: {len(routes)} object routes, {len(personas)} roles, {requests} requests")


def test_workspace_pages_do_not_show_other_workspace_data(personas, workspace, other_workspace):
    _foreign_objects(other_workspace)
    for role, user in personas.items():
        client = client_for(user)
        for route, params in _workspace_routes():
            if len(params) != 1:
                continue
            path = "/" + route.replace("<slug:workspace_slug>", workspace.slug)
            response = client.get(path)
            assert response.status_code in (200, 403, 405), (role, path, response.status_code)
            assert MARKER.encode() not in response.content, (role, path)
    assert Incident.all_workspaces.filter(title=MARKER).exists()


def test_matrix_catches_an_unscoped_view(personas, workspace, other_workspace, settings):
    settings.ROOT_URLCONF = "tests.leaky_urls"
    with pytest.raises(AssertionError, match="leak"):
        _check_object_routes(personas, workspace, other_workspace)


def test_matrix_rejects_routes_it_cannot_test(personas, workspace, other_workspace, settings):
    settings.ROOT_URLCONF = "tests.untestable_urls"
    with pytest.raises(AssertionError, match="numbered"):
        _check_object_routes(personas, workspace, other_workspace)


def _account_and_public_routes():
    """Routes outside /w/<slug>/ without parameters: home, profile, calendars and the like."""
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                routes.append(prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "")
    return [route for route in routes
            if not route.startswith(("w/", "admin/", "accounts/")) and "<" not in route and "(?P" not in route]


def test_account_and_public_pages_do_not_show_other_workspace_data(personas, workspace, other_workspace):
    _foreign_objects(other_workspace)
    routes = _account_and_public_routes()
    assert "account/profile/" in routes
    clients = {role: client_for(user) for role, user in personas.items()} | {"anonymous": Client()}
    for role, client in clients.items():
        for route in routes:
            response = client.get("/" + route)
            assert MARKER.encode() not in response.content, (role, route)
