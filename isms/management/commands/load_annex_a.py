from django.core.management.base import BaseCommand, CommandError

from isms.models import CatalogueControl, MeasureArea
from isms.services.controls.catalogue import CatalogueError, load_annex_a


class Command(BaseCommand):
    help = "Load or refresh the Annex A controls and §30 BSIG measure areas from isms/data/annex_a_2022.yaml."

    def handle(self, *args, **options):
        try:
            version, count = load_annex_a(CatalogueControl, MeasureArea)
        except CatalogueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Annex A catalogue {version}: {count} controls loaded.")
