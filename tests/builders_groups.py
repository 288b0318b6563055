"""Corporate groups for tests: a parent workspace with subsidiaries, built through the service."""

from civac.tenancy.roles import Role
from mandates.services.groups import group_add_subsidiary, group_create
from tests import factories


def group_with_subsidiaries(parent, admin, *, count: int, name: str = "Acme Gruppe", prefix: str = "tochter"):
    """Create a group headed by ``parent`` with ``count`` new subsidiaries that ``admin`` administers."""
    group = group_create(actor=admin, parent=parent, name=name)
    subsidiaries = []
    for number in range(count):
        subsidiary = factories.make_workspace(f"{prefix}-{number}", legal_name=f"Tochter {number} GmbH")
        factories.add_member(subsidiary, admin, Role.WORKSPACE_ADMIN)
        group_add_subsidiary(actor=admin, group=group, workspace=subsidiary)
        subsidiaries.append(subsidiary)
    return group, subsidiaries
