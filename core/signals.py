"""What core announces for the apps above it to act on.

core knows none of the CRM's apps: where something it does must be recorded elsewhere (an
export or an import in the security log), it sends a signal here and the app that keeps the
record connects to it in its ``AppConfig.ready()`` (see security.apps).
"""

from django.dispatch import Signal

# A list or report was exported. Sent once the last row is written (or the download was cut
# off: ``rows`` is then what left). Arguments: ``request``; ``what``, a model label or a
# report's name; ``export_format`` ("csv" or "xlsx"); ``rows``; ``query``, the request's
# query string without the export parameter (a QueryDict: filters, search and sort).
records_exported = Signal()

# An admin import was confirmed and written. ``sender`` is the model imported; arguments:
# ``request``, ``file_name`` and ``totals`` ({"new": n, "update": n, …}).
records_imported = Signal()
