from django.db import migrations


def load(apps, schema_editor):
    from officers.catalogue import load_catalogue

    load_catalogue(apps.get_model("officers", "RoleCatalogueEntry"))


class Migration(migrations.Migration):
    """Load the catalogue again so existing rows get authority_notice."""

    dependencies = [("officers", "0007_rolecatalogueentry_authority_notice")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
