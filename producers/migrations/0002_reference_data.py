from django.db import migrations

from producers import reference_data as data


def load(apps, schema_editor):
    Province = apps.get_model("producers", "Province")
    ProductGroup = apps.get_model("producers", "ProductGroup")
    ProductSubGroup = apps.get_model("producers", "ProductSubGroup")
    CertificationKind = apps.get_model("producers", "CertificationKind")

    current = {}
    for code, name, region in data.CURRENT_PROVINCES:
        current[code], _ = Province.objects.update_or_create(
            code=code, defaults={"name": name, "region": region, "is_current": True}
        )
    for code, name, region, merged_into in data.FORMER_PROVINCES:
        Province.objects.update_or_create(
            code=code,
            defaults={"name": name, "region": region, "is_current": False, "merged_into": current[merged_into]},
        )
    for position, (code, name, name_en, decision, legacy, subgroups) in enumerate(data.PRODUCT_GROUPS):
        group, _ = ProductGroup.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "decision": decision, "is_legacy": legacy, "position": position},
        )
        for sub_position, (sub_code, sub_name, sub_name_en) in enumerate(subgroups):
            ProductSubGroup.objects.update_or_create(
                code=sub_code,
                defaults={"group": group, "name": sub_name, "name_en": sub_name_en, "position": sub_position},
            )
    for position, (code, name, name_en, description) in enumerate(data.CERTIFICATION_KINDS):
        CertificationKind.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "description": description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("producers", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
