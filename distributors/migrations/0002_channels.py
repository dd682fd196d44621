from django.db import migrations

from producers import reference_data as data


def load(apps, schema_editor):
    Channel = apps.get_model("distributors", "Channel")
    for position, (code, name, name_en, scale) in enumerate(data.CHANNELS):
        Channel.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "scale": scale, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("distributors", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
