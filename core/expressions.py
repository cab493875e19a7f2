"""Query expressions and lookups the project adds to Django's."""

from django.db import models
from django.db.models.functions import ExtractQuarter


@models.ForeignKey.register_lookup
class AnyOf(models.Lookup):
    """``relation__any_of=queryset``: the relation is one of the queryset's single column.

    The same rows as ``__in``, written for an OR of several such conditions (a record's
    timeline). PostgreSQL turns ``IN (subquery)`` inside an OR into a filter checked on every
    row of the table; ``= ANY(ARRAY(subquery))`` is computed once and each side of the OR
    becomes an index search. SQLite searches the indexes for either form.
    """

    lookup_name = "any_of"

    def get_prep_lookup(self):
        return self.rhs  # a queryset: compiled as a subquery, not converted as a value

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class SubqueryCount(models.Subquery):
    """The number of rows of a queryset, as a scalar subquery (uncorrelated: computed once)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) matching)"
    output_field = models.IntegerField()


class Quarter(ExtractQuarter):
    """The quarter (1 to 4) of a date. Django computes ExtractQuarter and TruncQuarter on
    SQLite with a Python function called for every row (11,000 closed deals for the
    pipeline report); SQLite's own strftime does it without leaving the database."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"((CAST(strftime('%%m', {sql}) AS INTEGER) + 2) / 3)", params


@models.IntegerField.register_lookup
class IntegerFieldIn(models.lookups.In):
    """``__in`` on an integer column (and every id) without the numbers no row can hold.

    Django drops an out-of-range number from ``=``, ``<`` and ``>`` (no row can match it),
    but passes it on in ``IN (…)``, where SQLite's driver fails on anything past 64 bits: a
    form field choosing several records by id would then answer a typed-in 30-digit id with
    a server error instead of "not a valid choice".
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
