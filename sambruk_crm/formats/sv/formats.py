"""One date format everywhere, in lists, on record pages and in forms: 2026-12-01 and
2026-12-01 14:30 (SS-ISO 8601, as Swedish public bodies write dates). Django's own Swedish
formats write "1 december 2026" on record pages and "2026-12-01" in lists."""

from django.conf.locale.sv.formats import *  # noqa: F403  (the rest: number separators…)

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
