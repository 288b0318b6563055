def workspace(request):
    access = getattr(request, "workspace_access", None)
    if access is None:
        return {"access": None, "workspace": None, "unread_notifications": 0}
    from incidents.models import Notification

    unread = Notification.all_workspaces.filter(workspace=access.workspace, user=request.user,
                                                read_at__isnull=True).count()
    return {"access": access, "workspace": access.workspace, "unread_notifications": unread}
