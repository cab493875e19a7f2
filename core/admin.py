from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection, models
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin


class EstimatedCountPaginator(Paginator):
    """Paginator that avoids a full COUNT(*) over large PostgreSQL tables.

    Unfiltered lists use the planner's row estimate; filtered ones still count exactly, since
    a filter usually narrows the table to a size that counts fast.
    """

    @cached_property
    def count(self):
        query = self.object_list.query
        if connection.vendor == "postgresql" and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [self.object_list.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > 10_000:
                return row[0]
        return super().count


class TrackedAdmin(SimpleHistoryAdmin):
    """Shared admin for CRM records: history, who-changed-it columns, and lists that stay fast
    on large tables (no full count, no select box with every row)."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    # A website typed without a scheme is an https address.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        obj.stamp(request.user)
        if hasattr(obj, "author_id") and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Inline rows (notes under a deal, contacts under a member) get the same stamps.
        for obj in formset.save(commit=False):
            if hasattr(obj, "stamp"):
                obj.stamp(request.user)
            if hasattr(obj, "author_id") and obj.author_id is None:
                obj.author = request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


admin.site.site_header = "Sambruk CRM"
admin.site.site_title = "Sambruk CRM"
