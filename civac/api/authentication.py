"""Bearer-token authentication with personal access tokens."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from civac.api.tokens import token_for_secret


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """Read ``Authorization: Bearer <token>``; ``request.auth`` is then the ``ApiToken``."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0] != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must read “Bearer” followed by one token."), code="malformed_token")
        token = token_for_secret(parts[1])
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is unknown, expired or revoked; create a new one under your account."),
                code="invalid_token")
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
