# The start page counts what the reports count: its tests share the reports' small CRM.
from reports.tests.conftest import today, world  # noqa: F401
