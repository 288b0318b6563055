"""Evidence files, policies, versions, named readers and read confirmations in the given workspace."""

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.services import policies as policy_services
from isms.services.evidence import evidence_upload
from tests import builders_policies, factories


def seed_foreign(workspace, marker: str) -> None:
    author = factories.make_user(f"policy-author-{workspace.slug}@example.com", last_name=marker)
    signer = factories.make_user(f"policy-signer-{workspace.slug}@example.com")
    factories.add_member(workspace, author, Role.OFFICER)
    factories.add_member(workspace, signer, Role.MANAGEMENT)
    policy, version = builders_policies.approved_policy(
        workspace, author=author, signer=signer, title=f"{marker} policy", readers=[author])
    builders_policies.draft(policy, actor=author, text=f"# {marker}\n\nNext draft.")
    with workspace_context(workspace), acting_as(author):
        policy_services.read_confirm(actor=author, version=version)
        evidence_upload(actor=author, workspace=workspace, subject=policy,
                        upload=builders_policies.upload(f"{marker}.pdf", builders_policies.PDF),
                        description=marker)
