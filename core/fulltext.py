"""The full-text index behind the free-text search on SQLite.

Search keeps the records whose folded ``search_text`` contains every word of the query
(``LIKE '%word%'``, see ``core.selectors.search_queryset``). PostgreSQL answers that from
its pg_trgm GIN indexes. SQLite can use no index for ``LIKE '%word%'``, so each searchable
table gets an FTS5 table with the ``trigram`` tokenizer over its ``search_text``,
``<table>_search``, kept in step by triggers on the table, and the search adds a condition
the index answers:

* Every word of three characters or more contributes its trigrams, all of which a matching
  row must have (a superset of the rows containing the word). The ``LIKE`` conditions stay,
  so the rows found are exactly those a plain scan finds.
* A query of words shorter than three characters uses its longest word: the indexed text
  ends with two padding characters, so every character of a row starts one of its trigrams,
  and the rows containing "ab" are the rows with a trigram that starts with "ab". The
  trigrams starting with the word are read from the index's vocabulary (``<table>_search_terms``)
  and any of them must match. When more than ``SHORT_TERMS`` of them exist, the word is one
  most rows contain and the condition is left out.
* Which plan is cheaper depends on how many rows match, which only the data knows; both are
  in the one query. A term that at least ``DENSE`` rows contain (a count the index stops at)
  leaves the condition out: the list reads its rows in the order it shows them and the first
  rows it reads already match. Otherwise the index's rows (fewer than ``DENSE``) are read once
  into a set, and the list walks its order index checking each row's id against the set,
  without reading a row that is not in it. The ``+`` before the id keeps SQLite from reading
  the set's rows one by one and sorting them, which is slow for a common term.

The index is contentless (``content=''``): it stores the trigrams, not a copy of the text.
"""

from django.db import connection as default_connection
from django.db import connections, transaction
from django.db.models import BooleanField, Expression, F

# The tables of the seven record types the first migration indexed; a record type added
# later gets its index from repair_indexes after its migration (searchable_tables).
TABLES = (
    "members_member",
    "services_service",
    "contracts_contract",
    "contacts_contact",
    "deals_deal",
    "leads_lead",
    "notes_note",
)
PADDING = "\x01\x01"
MIN_TRIGRAM = 3
DENSE = 2_000
SHORT_TERMS = 50
NO_MATCH = '"\x01\x01\x01"'  # a trigram no row has (the padding is two characters)


def index_name(table: str) -> str:
    return f"{table}_search"


def _triggers(table: str) -> dict[str, str]:
    index = index_name(table)
    padded = "{}.search_text || char(1, 1)"
    insert = f'INSERT INTO "{index}"(rowid, search_text) VALUES (new.id, {padded.format("new")});'
    delete = (
        f'INSERT INTO "{index}"("{index}", rowid, search_text) '
        f"VALUES ('delete', old.id, {padded.format('old')});"
    )
    return {
        f"{index}_insert": f'AFTER INSERT ON "{table}" BEGIN {insert} END',
        f"{index}_delete": f'AFTER DELETE ON "{table}" BEGIN {delete} END',
        f"{index}_update": (
            f'AFTER UPDATE OF id, search_text ON "{table}" '
            "WHEN old.id IS NOT new.id OR old.search_text IS NOT new.search_text "
            f"BEGIN {delete} {insert} END"
        ),
    }


def build_index(execute, table: str) -> None:
    """Create (or recreate) ``table``'s index, vocabulary and triggers, and fill the index
    from the rows already there. ``execute`` runs one SQL statement (a schema editor's or a
    cursor's)."""
    index = index_name(table)
    drop_index(execute, table)
    execute(
        f"CREATE VIRTUAL TABLE \"{index}\" USING fts5(search_text, content='', "
        "tokenize='trigram case_sensitive 1', detail='none')"
    )
    execute(f'CREATE VIRTUAL TABLE "{index}_terms" USING fts5vocab("{index}", row)')
    execute(
        f'INSERT INTO "{index}"(rowid, search_text) '
        f'SELECT id, search_text || char(1, 1) FROM "{table}"'
    )
    for name, body in _triggers(table).items():
        execute(f'CREATE TRIGGER "{name}" {body}')


def drop_index(execute, table: str) -> None:
    index = index_name(table)
    for name in _triggers(table):
        execute(f'DROP TRIGGER IF EXISTS "{name}"')
    execute(f'DROP TABLE IF EXISTS "{index}_terms"')
    execute(f'DROP TABLE IF EXISTS "{index}"')


def searchable_tables() -> list[str]:
    """The table of every record type: each TrackedModel has a folded search_text."""
    from django.apps import apps

    from .models import TrackedModel

    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, TrackedModel) and model._meta.managed and not model._meta.proxy
    )


def missing_indexes(connection=default_connection) -> list[str]:
    """The tables whose index or triggers are missing: a record type added since the first
    migration, or a table SQLite rebuilt for a migration (which drops its triggers)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
    tables = searchable_tables()
    wanted = {table: {index_name(table), *_triggers(table)} for table in tables}
    return [table for table in tables if table in present and not wanted[table] <= present]


def repair_indexes(connection=default_connection) -> list[str]:
    """Rebuild the index of every table a migration left without it; returns those tables."""
    tables = missing_indexes(connection)
    if tables:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for table in tables:
                build_index(cursor.execute, table)
    return tables


def repair_indexes_after_migrate(sender, using="default", **kwargs):
    """post_migrate: the app that ran last is enough (every app sends the signal)."""
    if sender.label == "core":
        repair_indexes(connections[using])


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def trigram_query(words) -> str:
    """The FTS5 query every row containing each of ``words`` (3 characters or more) matches."""
    trigrams = dict.fromkeys(
        word[i : i + MIN_TRIGRAM] for word in words for i in range(len(word) - MIN_TRIGRAM + 1)
    )
    return " AND ".join(_quoted(trigram) for trigram in trigrams)


class IndexedCandidates(Expression):
    """A condition on the id of a searchable table's rows that its index answers: true for
    every row whose ``search_text`` contains each of ``words`` (folded), and for some others
    that the ``LIKE`` conditions beside it then remove. See the module's docstring."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, table: str, words: tuple[str, ...], pk=None):
        super().__init__()
        self.table = table
        self.words = tuple(words)
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def _match(self):
        """(SQL, params) of the FTS5 query string, and whether it may be NULL: when the
        index cannot narrow the search down (a very short, very common word)."""
        long_words = [word for word in self.words if len(word) >= MIN_TRIGRAM]
        if long_words:
            return "%s", [trigram_query(long_words)], False
        word = max(self.words, key=len)
        terms = (
            f'SELECT term FROM "{index_name(self.table)}_terms" '
            f"WHERE term >= %s AND term < %s LIMIT {SHORT_TERMS + 1}"
        )
        # Every trigram starting with ``word`` (the end of the range sorts after them all).
        params = [word, word + "\U0010ffff"]
        sql = (
            f"(SELECT CASE WHEN count(*) > {SHORT_TERMS} THEN NULL "
            "ELSE coalesce('(' || group_concat('\"' || replace(term, '\"', '\"\"') || '\"', "
            f"' OR ') || ')', %s) END FROM ({terms}))"
        )
        return sql, [NO_MATCH, *params], True

    def as_sql(self, compiler, connection):
        if connection.vendor != "sqlite" or not self.words:
            return "1 = 1", []
        pk_sql, pk_params = compiler.compile(self.pk)
        match_sql, match_params, nullable = self._match()
        index = index_name(self.table)
        count = (
            f'(SELECT count(*) FROM (SELECT 1 FROM "{index}" WHERE "{index}" MATCH {match_sql} '
            f"LIMIT {DENSE}))"
        )
        rows = f'SELECT rowid FROM "{index}" WHERE "{index}" MATCH {match_sql}'
        sql = f"{count} >= {DENSE} OR +{pk_sql} IN ({rows})"
        params = [*match_params, *pk_params, *match_params]
        if nullable:
            sql = f"{match_sql} IS NULL OR {sql}"
            params = [*match_params, *params]
        return f"({sql})", params
