"""Operation groups ("tags") of the API documentation, named and described in the request's language.

The schema generator reads ``schema_tag`` from each viewset (see
``civac.api.schema.ApiAutoSchema``); ``SCHEMA_TAGS`` fixes their order on the
documentation page. Only ``gettext_lazy`` is imported here, because the
settings module imports this file.
"""

from django.utils.translation import gettext_lazy as _

WORKSPACES = _("Workspaces")
PEOPLE = _("Officers and members")
MANDATES = _("Mandates")
ISMS = _("ISMS")
CONTROLS = _("Controls")
INCIDENTS = _("Incidents")
REPORTS = _("Reports")
AUDIT_LOG = _("Audit log")

SCHEMA_TAGS = [
    {"name": WORKSPACES, "description": _("The workspaces your token or session may open.")},
    {"name": PEOPLE, "description": _("Officers, their appointments and the members of the workspace.")},
    {"name": MANDATES, "description": _("Service contracts between partner firms and the workspace; read-only.")},
    {"name": ISMS, "description": _("Assets, risks, policies and recurring tasks of the ISMS.")},
    {"name": CONTROLS, "description": _("Annex A controls, the workspace's own controls and its Statement of "
                                        "Applicability.")},
    {"name": INCIDENTS, "description": _("Security incidents, their reporting obligations and submissions.")},
    {"name": REPORTS, "description": _("Quarterly status reports with their release and acknowledgements; "
                                       "read-only.")},
    {"name": AUDIT_LOG, "description": _("The workspace's tamper-evident audit log, in chain order.")},
]
