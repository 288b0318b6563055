"""Builders for API tests: tokens and clients that send them."""

from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from civac.api.tokens import token_create


def make_token(user, *, scope="write", workspace=None, days=30, name="CI"):
    """Create a token through the service; returns (token, secret)."""
    return token_create(actor=user, name=name, scope=scope, workspace=workspace,
                        expires_at=timezone.now() + timedelta(days=days))


def token_client(secret: str, *, language: str = "en") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE=language)
    return client


def api_path(workspace, resource: str) -> str:
    return f"/api/v1/w/{workspace.slug}/{resource}"
