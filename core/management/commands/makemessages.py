"""makemessages that also finds the strings marked ``_lazy("…")``.

The CRM imports gettext_lazy as ``_lazy`` where ``_`` is gettext (views, admin); xgettext
knows only the standard names, so those strings were never put in the catalogue and showed
in English.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
