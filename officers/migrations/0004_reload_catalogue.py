from django.db import migrations


def load(apps, schema_editor):
    from officers.catalogue import load_catalogue

    load_catalogue(apps.get_model("officers", "RoleCatalogueEntry"))


class Migration(migrations.Migration):
    """Load the catalogue again so existing rows get qualification_evidence_required."""

    dependencies = [("officers", "0003_lifecycle_and_qualifications")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
