from civac.audit.context import acting_as


class AuditActorMiddleware:
    """Attribute the request's audit events to the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        with acting_as(actor, system="anonymous"):
            return self.get_response(request)
