from allauth.account.adapter import DefaultAccountAdapter

from civac.ratelimit import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return "/"

    def get_client_ip(self, request) -> str:
        # allauth's rate limits (failed sign-ins per address) use this; one rule
        # for reading addresses behind proxies serves them and our own limits.
        return client_address(request)
