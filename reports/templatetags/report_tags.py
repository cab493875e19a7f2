"""Numbers and a bar chart for the reports, rendered on the server: no JavaScript, no CDN."""

from django import template
from django.template.defaultfilters import floatformat, slugify

from reports.exports import REPORT_TABLES, number

register = template.Library()


@register.filter
def percent(value, decimals=1):
    """A share (0–1, e.g. a Fraction) as a percentage in the user's locale: "12,3 %"."""
    if value is None:
        return "—"
    return f"{floatformat(float(value) * 100, decimals)} %"


# A whole number or an amount with thousands grouped, "—" where it is unknown: as the report
# tables show it.
register.filter("number", number)


# Geometry of the horizontal bar chart, in SVG user units (the chart scales to its box).
WIDTH, LABEL_WIDTH, VALUE_WIDTH = 720, 190, 150
BAR, GAP, AXIS = 18, 8, 24


@register.inclusion_tag("reports/_bar_chart.html")
def bar_chart(rows, *, label, value, title, note="", note_label="", maximum=1):
    """A horizontal bar per row: ``rows[label]`` beside a bar as long as ``rows[value]`` of
    ``maximum`` (shares of 1 by default, shown as percentages), with ``note_label:
    rows[note]`` after the number; rows without a value are left out. Accessible: a
    title and a summary for screen readers, a tooltip per bar; the page shows the same
    numbers in a table."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for i, row in enumerate(r for r in rows if r.get(value) is not None):
        amount = row[value]
        fraction = 0 if not amount or not maximum else min(float(amount) / float(maximum), 1)
        text = percent(amount) if maximum == 1 else number(amount)
        if note and row.get(note) is not None:
            # "label: n" reads right for one and for many, in any language.
            prefix = f"{note_label}: " if note_label else ""
            text = f"{text} · {prefix}{number(row[note])}"
        bars.append(
            {
                "label": row[label],
                "y": i * (BAR + GAP),
                "width": round(fraction * plot, 1),
                "text": text,
                "text_x": LABEL_WIDTH + round(fraction * plot, 1) + 6,
            }
        )
    height = len(bars) * (BAR + GAP) + AXIS
    ticks = [
        {
            "x": LABEL_WIDTH + plot * f,
            "text": percent(f, 0) if maximum == 1 else number(maximum * f),
        }
        for f in (0, 0.25, 0.5, 0.75, 1)
    ]
    return {
        "id": f"chart-{slugify(title)}",
        "title": title,
        "summary": "; ".join(f"{b['label']}: {b['text']}" for b in bars),
        "bars": bars,
        "ticks": ticks,
        "width": WIDTH,
        "height": height,
        "label_x": LABEL_WIDTH - 8,
        "plot_x": LABEL_WIDTH,
        "bar_height": BAR,
        "text_dy": BAR * 0.72,
        "axis_y": len(bars) * (BAR + GAP),
    }


@register.inclusion_tag("reports/_table.html", takes_context=True)
def report_table(context, name):
    """The report's table ``name`` as reports.exports.REPORT_TABLES declares it: the same
    columns its download has."""
    (table,) = (t for t in REPORT_TABLES[context["report"]] if t.name == name)
    return table.render(context)
