from django.core.management.base import BaseCommand, CommandError

from civac.audit.models import PLATFORM_CHAIN
from civac.audit.verify import chain_keys, verify_chain
from civac.tenancy.models import Workspace


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chains. Exits 0 when every chain is intact, "
        "1 naming the first broken event otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workspace", metavar="SLUG", help="Verify only this workspace's chain.")
        parser.add_argument(
            "--expect-head", metavar="SEQUENCE:HASH",
            help="Head from an earlier export of this workspace; detects a removed tail.",
        )

    def handle(self, *args, workspace=None, expect_head=None, **options):
        expected = self._parse_head(expect_head) if expect_head else None
        if workspace:
            found = Workspace.objects.filter(slug=workspace).first()
            if found is None:
                raise CommandError(f"Workspace {workspace!r} not found; list them with the admin or seed_demo.")
            keys = [str(found.pk)]
        else:
            if expected:
                raise CommandError("--expect-head needs --workspace, because each chain has its own head.")
            keys = chain_keys()

        names = {str(pk): slug for pk, slug in Workspace.objects.values_list("pk", "slug")}
        broken = 0
        for key in keys:
            report = verify_chain(key, expected_head=expected)
            label = "platform" if key == PLATFORM_CHAIN else names.get(key, key)
            if report.intact:
                self.stdout.write(f"{label}: intact ({report.events} events)")
                continue
            broken += 1
            self.stderr.write(
                f"{label}: BROKEN at sequence {report.broken_sequence}"
                f" (event id {report.broken_event_id}): {report.reason}"
            )
        if broken:
            raise CommandError(f"{broken} audit chain(s) broken.", returncode=1)

    @staticmethod
    def _parse_head(raw: str) -> tuple[int, str]:
        sequence, _, digest = raw.partition(":")
        if not sequence.isdigit() or len(digest) != 64:
            raise CommandError("--expect-head is invalid; use SEQUENCE:HASH, e.g. 42:<64 hex characters>.")
        return int(sequence), digest
