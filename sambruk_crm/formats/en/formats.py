"""The same dates in English as in Swedish (see ../sv/formats.py)."""

from django.conf.locale.en.formats import *  # noqa: F403

from ..sv.formats import (  # noqa: F401
    DATE_FORMAT,
    DATETIME_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
)
