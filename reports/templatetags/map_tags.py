"""``{% municipality_map map %}``: a map of Sweden's municipalities (reports.maps) with its
legend, its counts and its download link; the page's table stays the text alternative."""

from django import template

from ..maps import render_svg

register = template.Library()


@register.inclusion_tag("reports/_map.html")
def municipality_map(map_, note=""):
    """``map_`` is a reports.maps.MunicipalityMap; ``note`` says where the numbers are."""
    return {"map": map_, "svg": render_svg(map_), "legend": map_.legend, "note": note}
