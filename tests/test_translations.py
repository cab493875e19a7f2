"""The UI is Swedish: every English source string has a Swedish translation, compiled."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PO = LOCALE / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


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


def test_every_string_is_translated_to_swedish():
    untranslated = [msgid for msgid, msgstr in read_po(PO).items() if not msgstr]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    stale = [msgid for msgid, msgstr in read_po(PO).items() if catalogue.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages` to recompile locale/sv"
