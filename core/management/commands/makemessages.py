from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages, also extracting ``_lazy("…")``: the project imports
    ``gettext_lazy as _lazy`` where a module needs both kinds (see tests/test_translations)."""

    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
