"""Schedules the daily warning of producers whose OCOP certificate expires within 30 days
(django-celery-beat's database scheduler), so it exists as soon as the database is migrated.
Organisers may change the time in the admin; migrating again leaves their change alone."""

from django.db import migrations

TASK = "producers.warn_expiring_certificates"
NAME = "Warn producers of expiring OCOP certificates"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(task=TASK).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    PeriodicTask.objects.create(
        name=NAME,
        task=TASK,
        crontab=crontab,
        enabled=True,
        description="Daily at 07:00: e-mails each producer whose OCOP certificate expires within 30 days, "
        "once per certificate and validity period.",
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("producers", "0004_team_and_expiry_warning"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
