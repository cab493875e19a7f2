"""Trigram indexes for free-text search on PostgreSQL.

Search matches every word anywhere in a record's ``search_text`` (``LIKE '%word%'``). On
PostgreSQL a GIN index with pg_trgm's operator class answers that from the index instead of
reading every row. SQLite has no such index and reads the folded column (see
``core.models.TrackedModel``); these operations do nothing there.

The indexes are created here, not in the models' ``Meta.indexes``, so that SQLite's table
rebuilds never try to create them.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TABLES = (
    "members_member",
    "services_service",
    "contracts_contract",
    "contacts_contact",
    "deals_deal",
    "leads_lead",
    "notes_note",
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_trgm" '
            f'ON "{table}" USING gin ("search_text" gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_roles"),
        ("members", "0002_historicalmember_member_until_member_member_until_and_more"),
        ("services", "0001_initial"),
        ("contracts", "0002_contract_document_contract_previous_and_more"),
        ("contacts", "0004_stale_contact_indexes"),
        ("deals", "0003_deal_stage_updated_idx"),
        ("leads", "0004_lead_status_created_idx"),
        ("notes", "0002_note_subject_time_indexes"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
