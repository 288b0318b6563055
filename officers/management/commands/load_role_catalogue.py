from django.core.management.base import BaseCommand, CommandError

from officers.catalogue import CatalogueError, load_catalogue
from officers.models import RoleCatalogueEntry


class Command(BaseCommand):
    help = "Load the officer role catalogue data file; older versions stay for existing appointments."

    def handle(self, *args, **options):
        try:
            version, count = load_catalogue(RoleCatalogueEntry)
        except CatalogueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Role catalogue {version}: {count} roles loaded.")
