from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civac.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and stored files into a new folder, with a manifest of hashes and audit heads."

    def add_arguments(self, parser):
        parser.add_argument("target", help="Folder to create; it must not exist yet.")

    def handle(self, *args, target, **options):
        try:
            manifest = backup(Path(target))
        except FileExistsError:
            raise CommandError(f"{target} exists; name a new folder.") from None
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from None
        self.stdout.write(f"Backup written to {target} ({len(manifest['audit_heads'])} audit chains recorded).")
