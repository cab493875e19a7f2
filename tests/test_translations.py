"""The UI is Swedish: every English source string is in the Swedish catalogue, translated
(none fuzzy), and compiled. tests/browser/test_swedish.py reads the rendered pages."""

import ast
import gettext
import re
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
PO = LOCALE / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Folders that hold no source of the CRM's own.
NOT_SOURCE = {".venv", "locale", "migrations", "tests", "bench", "staticfiles", "media", ".git"}

# The translation functions (as the project imports them) and where their msgid stands.
MSGID_ARGUMENT = {
    "_": 0,
    "_lazy": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}
# A call in the Python that ``templatize`` makes of a template: gettext(u'…'), pgettext(…).
TEMPLATE_CALL_RE = re.compile(r"\b(n?p?gettext)\(((?:\s*u?'(?:[^'\\]|\\.)*'\s*,?)+)\s*\)")


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr (the singular form) for every entry of a .po file, fuzzy ones as ''."""
    entries, current, key, fuzzy = {}, {}, None, False

    def flush():
        if "msgid" in current and current["msgid"]:
            entries[current["msgid"]] = "" if fuzzy else current.get("msgstr", "")

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            current, key, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            name, _, value = line.partition(" ")
            key = "msgstr" if name in ("msgstr", "msgstr[0]") else name
            current[key] = ast.literal_eval(value)
    return entries


def source_files(suffix: str):
    for path in sorted(ROOT.rglob(f"*{suffix}")):
        if not NOT_SOURCE.intersection(path.relative_to(ROOT).parts):
            yield path


def python_msgids(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        position = MSGID_ARGUMENT.get(name)
        if position is None or len(node.args) <= position:
            continue
        argument = node.args[position]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            yield argument.value


def template_msgids(path: Path):
    for name, arguments in TEMPLATE_CALL_RE.findall(templatize(path.read_text(encoding="utf-8"))):
        values = ast.literal_eval(f"({arguments},)")
        yield values[1 if name.startswith(("pgettext", "npgettext")) else 0]


def source_msgids() -> dict[str, str]:
    """Every string the CRM's code and templates mark for translation -> where it is."""
    found = {}
    for path in source_files(".py"):
        for msgid in python_msgids(path):
            found.setdefault(msgid, str(path.relative_to(ROOT)))
    for path in source_files(".html"):
        for msgid in template_msgids(path):
            found.setdefault(msgid, str(path.relative_to(ROOT)))
    return found


def test_every_string_in_the_code_is_in_the_catalogue():
    """A string marked for translation but missing from locale/sv is shown in English (as
    "Export CSV" was: ``_lazy`` is a keyword makemessages did not know)."""
    catalogue = read_po(PO)
    found = source_msgids()
    assert "Export CSV" in found and "Members" in found  # the walk reads Python and templates
    missing = sorted(
        f"{where}: {msgid!r}" for msgid, where in found.items() if msgid not in catalogue
    )
    assert missing == [], "run `make messages` and translate:\n" + "\n".join(missing)


def test_every_string_is_translated_to_swedish():
    untranslated = [msgid for msgid, msgstr in read_po(PO).items() if not msgstr]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    stale = [msgid for msgid, msgstr in read_po(PO).items() if catalogue.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages` to recompile locale/sv"
