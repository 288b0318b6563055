"""Isolation of every API route: foreign workspaces and foreign ids answer 404, lists never show foreign rows."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from civac.api.urls import router
from civac.tenancy.roles import Role
from tests import builders, factories, seeds
from tests.builders_api import make_token, token_client

pytestmark = pytest.mark.django_db

MARKER = "ZZ-API-FOREIGN-MARKER"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """The matrix sends hundreds of requests per client; the rate limit has tests of its own."""
    settings.API_RATE_LIMIT_PER_MINUTE = 100000


def _api_routes():
    """Every route under /api/v1/w/<slug>/, found by walking the URLconf, with its parameter names."""
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                routes.append(prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "")
    return [route for route in routes if route.startswith("api/v1/w/<slug:workspace_slug>/")]


def _path(route: str, slug: str, object_id: str | None = None) -> str:
    path = route.replace("<slug:workspace_slug>", slug).replace("^", "").replace("$", "")
    if object_id is not None:
        path = re.sub(r"\(\?P<pk>[^)]*\)", object_id, path)
    return "/" + path.replace("\\.", ".")


def _foreign_ids(other_workspace) -> dict[str, str]:
    """One row of each routed model in the other workspace, keyed by the router's basename."""
    reporter = factories.make_user("reporter@rival.example")
    factories.add_member(other_workspace, reporter, Role.OFFICER)
    builders.signed_ciso_appointment(other_workspace, officer_name=("Zora", MARKER), officer_email="z@rival.example")
    builders.significant_incident(other_workspace, reporter=reporter, title=MARKER)
    seeds.seed_all(other_workspace, MARKER)
    ids = {}
    for prefix, viewset, basename in router.registry:
        model = viewset.serializer_class.Meta.model
        if not any(field.name == "workspace" for field in model._meta.fields):
            continue  # platform rows shared by all workspaces, such as the Annex A catalogue
        manager = getattr(model, "all_workspaces", model.objects)
        first = manager.filter(workspace=other_workspace).values_list("pk", flat=True).first()
        if first is not None:
            ids[prefix] = str(first)
    return ids


def _detail_routes():
    routes = [route for route in _api_routes() if "(?P<pk>" in route]
    assert len(routes) >= 10, f"only {len(routes)} detail routes found; the walker is broken"
    return routes


def _prefix_of(route: str) -> str:
    return route.split("<slug:workspace_slug>/", 1)[1].lstrip("^").split("/", 1)[0]


def _clients(personas):
    clients = {}
    for role, user in personas.items():
        client = APIClient()
        client.force_login(user)
        clients[f"session:{role}"] = client
        _token, secret = make_token(user, scope="write", name=f"{role} token")
        clients[f"token:{role}"] = token_client(secret)
    return clients


def test_foreign_ids_answer_404_on_every_detail_route(personas, workspace, other_workspace):
    foreign_ids = _foreign_ids(other_workspace)
    requests = 0
    for name, client in _clients(personas).items():
        for route in _detail_routes():
            candidates = [foreign_ids.get(_prefix_of(route)), str(uuid.uuid4()), "not-a-uuid"]
            for object_id in filter(None, candidates):
                path = _path(route, workspace.slug, object_id)
                for method in ("get", "post", "patch", "put", "delete"):
                    response = getattr(client, method)(path, {}, format="json")
                    requests += 1
                    assert response.status_code in (404, 405), (name, method, path, response.status_code)
                    assert MARKER.encode() not in response.content, (name, method, path)
                    if response.status_code == 404:
                        assert "errors" in response.json(), (name, method, path)
    assert requests > 100


def test_every_route_has_a_foreign_row(other_workspace):
    foreign_ids = _foreign_ids(other_workspace)
    missing = [route for route in _detail_routes() if _prefix_of(route) not in foreign_ids]
    assert not missing, f"no foreign row seeded for: {missing}"


def test_foreign_workspace_answers_404_on_every_route(personas, workspace, other_workspace):
    _foreign_ids(other_workspace)
    for name, client in _clients(personas).items():
        for route in _api_routes():
            path = _path(route, other_workspace.slug, str(uuid.uuid4()))
            for method in ("get", "post"):
                response = getattr(client, method)(path, {}, format="json")
                assert response.status_code in (404, 405), (name, method, path, response.status_code)
                assert MARKER.encode() not in response.content, (name, method, path)


def test_lists_show_no_foreign_rows(personas, workspace, other_workspace):
    _foreign_ids(other_workspace)
    for name, client in _clients(personas).items():
        for route in _api_routes():
            if "(?P<pk>" in route:
                continue
            response = client.get(_path(route, workspace.slug))
            assert response.status_code == 200, (name, route, response.status_code)
            assert MARKER.encode() not in response.content, (name, route)


def test_outsider_gets_404_for_workspace(workspace, other_workspace):
    outsider = factories.make_user("outsider@example.com")
    factories.add_member(other_workspace, outsider, Role.WORKSPACE_ADMIN)
    _token, secret = make_token(outsider)
    for route in _api_routes():
        if "(?P<pk>" in route:
            continue
        assert token_client(secret).get(_path(route, workspace.slug)).status_code == 404, route


def test_workspaces_list_shows_no_foreign_workspace(personas, workspace, other_workspace):
    for name, client in _clients(personas).items():
        response = client.get("/api/v1/workspaces/")
        assert response.status_code == 200, name
        assert [row["slug"] for row in response.json()["results"]] == [workspace.slug], name
        assert client.get(f"/api/v1/workspaces/{other_workspace.slug}/").status_code == 404, name
