"""The trigram index of the tasks' free-text search on PostgreSQL, as for the other record
types (core/migrations/0002_search_trigram_indexes.py, which creates the extension);
nothing on SQLite."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS "tasks_task_search_trgm" '
            'ON "tasks_task" USING gin ("search_text" gin_trgm_ops)'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "tasks_task_search_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_search_trigram_indexes"),
        ("tasks", "0001_tasks_reminders_and_campaigns"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
