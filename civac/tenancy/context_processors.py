def workspace(request):
    access = getattr(request, "workspace_access", None)
    return {"access": access, "workspace": access.workspace if access else None}
