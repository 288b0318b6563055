from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civac.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into the configured, empty database and verify every audit chain "
        "against the heads recorded in the backup. Exits 1 when a chain is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Folder written by the backup command.")

    def handle(self, *args, source, **options):
        if not (Path(source) / "manifest.json").exists():
            raise CommandError(f"{source} has no manifest.json; name a folder written by the backup command.")
        try:
            reports = restore(Path(source))
        except (BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from None
        broken = [report for report in reports if not report.intact]
        for report in reports:
            state = "intact" if report.intact else f"BROKEN at {report.broken_sequence}: {report.reason}"
            self.stdout.write(f"{report.chain_key}: {state}")
        if broken:
            raise CommandError(f"{len(broken)} audit chain(s) broken after restore.", returncode=1)
        self.stdout.write("Restore complete; every audit chain matches the backup.")
