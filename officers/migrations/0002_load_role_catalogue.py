from django.db import migrations


def load(apps, schema_editor):
    from officers.catalogue import load_catalogue

    load_catalogue(apps.get_model("officers", "RoleCatalogueEntry"))


class Migration(migrations.Migration):
    dependencies = [("officers", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
