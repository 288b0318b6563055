def partners(request):
    """The partner firms the signed-in user works for, so every page can link to their portfolio."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_partners": []}
    from civac.tenancy.models import Partner

    return {"user_partners": list(Partner.objects.filter(staff__user=user).order_by("name"))}


def workspace(request):
    access = getattr(request, "workspace_access", None)
    if access is None:
        return {"access": None, "workspace": None, "unread_notifications": 0}
    from incidents.models import Notification

    unread = Notification.all_workspaces.filter(workspace=access.workspace, user=request.user,
                                                read_at__isnull=True).count()
    return {"access": access, "workspace": access.workspace, "unread_notifications": unread}
