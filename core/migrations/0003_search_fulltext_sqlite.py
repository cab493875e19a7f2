"""Full-text indexes for free-text search on SQLite (see ``core.fulltext``).

For each searchable table: an FTS5 table with the trigram tokenizer over ``search_text``,
its vocabulary, and triggers that keep it in step, filled from the rows already there.
PostgreSQL has its pg_trgm indexes (0002) and gets nothing here.

A later migration that makes SQLite rebuild one of these tables drops its triggers with it;
``core.fulltext.repair_indexes`` (run after every ``migrate``) builds that index again.
"""

from django.db import migrations

from core.fulltext import TABLES, build_index, drop_index


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        build_index(schema_editor.execute, table)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        drop_index(schema_editor.execute, table)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_search_trigram_indexes"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
