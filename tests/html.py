"""Reading what a user sees on a page, for the view tests (no HTML parser dependency)."""

import re

from django.utils.html import escape, strip_tags

ALERT_RE = re.compile(
    r'<div class="alert alert-(\w+) alert-dismissible[^"]*" role="alert">(.*?)<button', re.S
)
TBODY_RE = re.compile(r"<tbody[^>]*>(.*?)</tbody>", re.S)
ROW_RE = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)


def text(html: str) -> str:
    """The visible text of an HTML fragment, whitespace folded."""
    return " ".join(strip_tags(html).split())


def page(response) -> str:
    return response.content.decode()


def messages(response) -> list[tuple[str, str]]:
    """[(level, text)] of the flash messages shown at the top of the page."""
    return [(level, text(body)) for level, body in ALERT_RE.findall(page(response))]


def table_rows(response) -> list[str]:
    """The visible text of each row of the page's list table, in order."""
    match = TBODY_RE.search(page(response))
    assert match, "the page has no table"
    return [text(row) for row in ROW_RE.findall(match.group(1))]


def rows_naming(response, *labels: str) -> list[str]:
    """Which of ``labels`` the list table shows, in the order of its rows."""
    shown = []
    for row in table_rows(response):
        shown.extend(label for label in labels if label in row and label not in shown)
    return shown


def field_errors(response, name: str) -> list[str]:
    """The errors shown under form field ``name``, as the user reads them."""
    return [
        text(m) for m in re.findall(rf'<p id="error_\d+_id_{name}"[^>]*>(.*?)</p>', page(response))
    ]


def field_is_marked_invalid(response, name: str) -> bool:
    """True when the field ``name`` carries Bootstrap's red ``is-invalid`` outline."""
    tag = re.search(rf'<(?:input|select|textarea)\b[^>]*\bid="id_{name}"[^>]*>', page(response))
    return bool(tag) and "is-invalid" in tag.group(0)


def contains(response, value: str) -> bool:
    """True when ``value`` (plain text) appears on the page as the browser would show it."""
    return escape(value) in page(response)
