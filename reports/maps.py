"""Sweden on a map: every municipality, coloured by what the CRM knows about it, as SVG
rendered on the server (no script, nothing from elsewhere; the CSP allows it as it is).

- Geometry: the boundaries in ``reports/data/geo/kommuner.geojson`` (source and licence in
  the README beside it) are projected and turned into SVG path data once per process and
  file (``geometry``), with the county borders and the coast as one more path.
- Colouring, per request: the membership map colours each municipality by its membership
  status; the coverage map by whether a contract in force (for one service or any) has it
  as a party, or its region as a party (a region covers its county).
- ``render_svg`` writes the map for a page (CSS classes, from ``reports/map.css``) or as a
  file of its own to download (colours as attributes, a legend drawn in, absolute links).

Each municipality is a link to its page, with a title (name, population, status) that is
its tooltip and its name for screen readers. The page keeps its table as the text
alternative.
"""

import functools
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Exists, FilteredRelation, OuterRef, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts.models import ContractParty
from contracts.selectors import in_force_q
from members.models import Member

from .selectors import covered_via_bodies

BOUNDARIES = Path(__file__).resolve().parent / "data" / "geo" / "kommuner.geojson"

# The map's height in SVG user units; the width follows Sweden's shape (about 850). At this
# size whole units keep every municipality a polygon (about 0.8 km a unit) and the path
# data small (about 70 kB for all 290).
HEIGHT = 2000
MARGIN = 4  # room for the outline's stroke
# Transverse Mercator on Sweden's central meridian, as SWEREF 99 TM: Sweden looks as it
# does on Lantmäteriet's maps, north up.
CENTRAL_MERIDIAN = 15.0


# --- Geometry, once per process ------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A municipality's shape: its kommunkod, its name in the boundary file, path data."""

    code: str
    name: str
    d: str


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    areas: tuple[Area, ...]
    borders: str  # county borders and the outline of the country, as path data


def _project(lon: float, lat: float) -> tuple[float, float]:
    """Spherical transverse Mercator: (x east, y north) in radians of the sphere."""
    lam = math.radians(lon - CENTRAL_MERIDIAN)
    phi = math.radians(lat)
    return math.atanh(math.cos(phi) * math.sin(lam)), math.atan2(math.tan(phi), math.cos(lam))


def _rings(geometry: dict) -> list[list]:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    return [ring for polygon in polygons for ring in polygon]


def _path(points: list[tuple[int, int]], close: bool) -> str:
    """Path data of a line through ``points``: absolute start, then relative steps."""
    (x0, y0), steps = points[0], []
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        steps.append(f"{x2 - x1} {y2 - y1}")
    return f"M{x0} {y0}l" + " ".join(steps) + ("z" if close else "")


@functools.cache
def geometry(path: Path = BOUNDARIES) -> Geometry:
    """The municipalities of the boundary file ``path`` as SVG path data, projected and
    scaled to HEIGHT units, plus the county borders and the coast. Read once per process
    and file: every map after the first only colours these."""
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    projected = [
        (feature["properties"], [[_project(*point[:2]) for point in ring] for ring in _rings(g)])
        for feature in features
        if (g := feature.get("geometry"))
    ]
    xs = [x for _p, rings in projected for ring in rings for x, _y in ring]
    ys = [y for _p, rings in projected for ring in rings for _x, y in ring]
    min_x, max_y = min(xs), max(ys)
    scale = HEIGHT / (max_y - min(ys))

    shapes = []  # (properties, [rings of whole-unit points])
    for properties, rings in projected:
        kept = []
        for ring in rings:
            points = []
            for x, y in ring:
                point = (round((x - min_x) * scale) + MARGIN, round((max_y - y) * scale) + MARGIN)
                if not points or points[-1] != point:
                    points.append(point)
            if len(set(points)) >= 3:  # a ring smaller than a unit is no shape
                kept.append(points)
        shapes.append((properties, kept))

    # A side shared by two municipalities of different counties is a county border; a side
    # of one municipality only is the coast or the border with Norway or Finland.
    sides: Counter = Counter()
    counties: dict[frozenset, set] = {}
    for properties, rings in shapes:
        for ring in rings:
            for a, b in zip(ring, ring[1:], strict=False):
                side = frozenset((a, b))
                sides[side] += 1
                counties.setdefault(side, set()).add(properties.get("lan_code"))
    is_border = {side for side, n in sides.items() if n == 1 or len(counties[side]) > 1}
    borders, drawn = [], set()
    for _properties, rings in shapes:
        for ring in rings:
            line = []
            for a, b in zip(ring, ring[1:], strict=False):
                side = frozenset((a, b))
                if side in is_border and side not in drawn:
                    drawn.add(side)
                    line = line or [a]
                    line.append(b)
                else:
                    if len(line) > 1:
                        borders.append(_path(line, close=False))
                    line = []
            if len(line) > 1:
                borders.append(_path(line, close=False))

    areas = tuple(
        Area(
            code=str(properties["id"]),
            name=properties.get("kom_namn", ""),
            d="".join(_path(ring, close=True) for ring in rings),
        )
        for properties, rings in shapes
        if rings
    )
    return Geometry(
        width=math.ceil((max(xs) - min_x) * scale) + 2 * MARGIN,
        height=HEIGHT + 2 * MARGIN,
        areas=areas,
        borders="".join(borders),
    )


# --- What a map shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    """A colour on a map: its key (the CSS class is ``map-<key>``), what it means, its colour
    (the same as in reports/map.css; the downloaded file carries it as an attribute)."""

    key: str
    label: str
    colour: str

    @property
    def css_class(self) -> str:
        return f"map-{self.key}"


# Dark, middle and light, each at least 3:1 against the next (WCAG 1.4.11); blue against
# orange for the membership, so that it reads without telling red from green.
MEMBER = Category("member", gettext_lazy("Member"), "#08306b")
# A municipality that is not a member itself, covered through a joint body that is: the
# middle blue, as "covered through its region" on the coverage maps.
VIA_BODY = Category("via-body", gettext_lazy("Member through a joint body"), "#4080c8")
FORMER_MEMBER = Category("former", gettext_lazy("Former member"), "#c86400")
NOT_MEMBER = Category("not-member", gettext_lazy("Not a member"), "#e8e8e8")
PARTY = Category("party", gettext_lazy("Party to a contract in force"), "#08306b")
VIA_REGION = Category("via-region", gettext_lazy("Covered through its region"), "#4080c8")
NOT_COVERED = Category("not-covered", gettext_lazy("Not covered"), "#e8e8e8")
OUTSIDE = Category("outside", gettext_lazy("Outside the chosen county"), "#ffffff")
UNKNOWN = Category("unknown", gettext_lazy("Not in the CRM"), "#ffffff")

MEMBERSHIP_CATEGORIES = (MEMBER, VIA_BODY, FORMER_MEMBER, NOT_MEMBER)
COVERAGE_CATEGORIES = (PARTY, VIA_REGION, NOT_COVERED)
STATUS_CATEGORY = {
    Member.Status.MEMBER: MEMBER,
    Member.Status.FORMER_MEMBER: FORMER_MEMBER,
    Member.Status.NOT_MEMBER: NOT_MEMBER,
}
ALL_CATEGORIES = (*MEMBERSHIP_CATEGORIES, *COVERAGE_CATEGORIES, OUTSIDE, UNKNOWN)


@dataclass
class Shown:
    """One municipality as a map shows it."""

    category: Category
    url: str | None
    title: str


@dataclass
class MunicipalityMap:
    """A map to render: what each municipality shows, and the legend with its counts.

    ``download_url`` is the same map as an SVG file; ``id`` names its elements on a page.
    """

    id: str
    title: str
    categories: tuple[Category, ...]
    shown: dict[str, Shown]  # by kommunkod
    download_url: str = ""
    service_id: int | None = None  # the service a coverage map is of
    geo: Geometry = field(default_factory=geometry)

    @property
    def legend(self) -> list[tuple[Category, int]]:
        """(category, municipalities) for the map's categories, and for "outside the chosen
        county" and "not in the CRM" where some are."""
        counts = Counter(
            self.shown[area.code].category.key for area in self.geo.areas if area.code in self
        )
        counts[UNKNOWN.key] += sum(1 for area in self.geo.areas if area.code not in self)
        extra = tuple(c for c in (OUTSIDE, UNKNOWN) if counts[c.key])
        return [(category, counts[category.key]) for category in (*self.categories, *extra)]

    def __contains__(self, code) -> bool:
        return code in self.shown


def municipalities(year: int | None = None) -> list[dict]:
    """Every municipality with kommunkod, name, status, county and population: its figure
    for ``year``, or its current population without a year. One query."""
    rows = Member.objects.filter(org_type=Member.OrgType.KOMMUN, kommunkod__isnull=False)
    if year:
        rows = rows.annotate(
            figure=FilteredRelation(
                "population_figures", condition=Q(population_figures__year=year)
            )
        ).values("pk", "kommunkod", "name", "status", "county_id", "figure__population")
        return [{**row, "population": row.pop("figure__population")} for row in rows]
    return list(rows.values("pk", "kommunkod", "name", "status", "county_id", "population"))


class _MemberUrls:
    """A member's page address without reverse() for each of 290 links."""

    def __init__(self):
        sentinel = 9_876_543_210
        self.pattern = reverse("members:detail", args=[sentinel]).replace(str(sentinel), "{}")

    def __call__(self, pk) -> str:
        return self.pattern.format(pk)


class _Titles:
    """ "Name · 12 345 inhabitants (2024) · what": the translations and the number format
    looked up once per map, not once for each of 290 municipalities."""

    def __init__(self, year):
        from django.utils.formats import get_format

        self.separator = get_format("THOUSAND_SEPARATOR")
        if year:
            self.population = _("%(population)s inhabitants (%(year)s)").replace(
                "%(year)s", str(year)
            )
        else:
            self.population = _("%(population)s inhabitants")
        self.unknown = _("population unknown")

    def __call__(self, row, what) -> str:
        if row["population"] is None:
            population = self.unknown
        else:
            number = f"{row['population']:,}".replace(",", self.separator)
            population = self.population.replace("%(population)s", number)
        return f"{row['name']} · {population} · {what}"


def membership_map(
    filters, *, year: int | None, download_url: str = "", via_rows=None
) -> MunicipalityMap:
    """Every municipality by its membership status today, its population that of ``year``;
    one that is not a member itself but covered through a joint body that is, as such
    (``via_rows``: reports.selectors.covered_via_bodies, if the report has read them).
    Municipalities outside the chosen county are left white. One query, two without
    ``via_rows``."""
    if via_rows is None:
        via_rows = covered_via_bodies(filters, year)
    via = {row["municipality_id"]: row["via"] for row in via_rows}
    url, describe = _MemberUrls(), _Titles(year)
    labels = {status: str(label) for status, label in Member.Status.choices}
    shown = {}
    for row in municipalities(year):
        category = STATUS_CATEGORY.get(row["status"], NOT_MEMBER)
        what = labels.get(row["status"], row["status"])
        if row["pk"] in via:
            category = VIA_BODY
            what = _("member through %(body)s") % {"body": via[row["pk"]]}
        outside = filters.county and row["county_id"] != filters.county
        shown[row["kommunkod"]] = Shown(
            category=OUTSIDE if outside else category,
            url=url(row["pk"]),
            title=describe(row, what),
        )
    if year:
        title = _("Membership of the municipalities, population %(year)s") % {"year": year}
    else:
        title = _("Membership of the municipalities")
    return MunicipalityMap(
        id="membership-map",
        title=title,
        categories=MEMBERSHIP_CATEGORIES,
        shown=shown,
        download_url=download_url,
    )


def coverage_map(
    filters, *, service=None, year: int | None = None, download_url: str = "", today=None
) -> MunicipalityMap:
    """The municipalities covered by a contract in force for ``service`` (any service when
    None): a party to one themselves, or through their region being one (a region covers
    its county). Parties within the report's filters; municipalities outside the chosen
    county are left white. Two queries: the parties, the municipalities."""
    parties = ContractParty.objects.filter(in_force_q("contract__", today), member=OuterRef("pk"))
    if service is not None:
        parties = parties.filter(contract__service=service)
    # From the at most 310 municipalities and regions, each asking the index of its own party
    # links: not through every party of every contract in force (tens of thousands at scale).
    covering = Member.objects.filter(
        filters.members_q(),
        Exists(parties),
        org_type__in=(Member.OrgType.KOMMUN, Member.OrgType.REGION),
    ).values_list("pk", "org_type", "county_id", "name")
    direct, regions = set(), {}
    for member_id, org_type, county_id, name in covering:
        if org_type == Member.OrgType.KOMMUN:
            direct.add(member_id)
        elif county_id is not None:
            regions[county_id] = name

    url, describe = _MemberUrls(), _Titles(year)
    outside, party, not_covered = str(OUTSIDE.label), str(PARTY.label), str(NOT_COVERED.label)
    via = {
        county: _("covered through %(region)s") % {"region": name}
        for county, name in regions.items()
    }
    shown = {}
    for row in municipalities(year):
        if filters.county and row["county_id"] != filters.county:
            category, what = OUTSIDE, outside
        elif row["pk"] in direct:
            category, what = PARTY, party
        elif row["county_id"] in via:
            category, what = VIA_REGION, via[row["county_id"]]
        else:
            category, what = NOT_COVERED, not_covered
        shown[row["kommunkod"]] = Shown(category, url(row["pk"]), describe(row, what))
    if service is not None:
        title = _("Municipalities covered by %(service)s") % {"service": service.name}
    else:
        title = _("Municipalities covered by a contract in force for any service")
    return MunicipalityMap(
        id="coverage-map",
        title=title,
        categories=COVERAGE_CATEGORIES,
        shown=shown,
        download_url=download_url,
        service_id=service.pk if service is not None else None,
    )


# --- SVG ------------------------------------------------------------------------------------

LEGEND_ROW = 56  # the downloaded file's legend, in map units
LEGEND_FONT = 34


def render_svg(map_: MunicipalityMap, *, standalone: bool = False, base_url: str = "") -> str:
    """The map as SVG markup (safe to put in a page as it is).

    On a page: CSS classes (``reports/map.css``) and the page's own heading and legend. As
    a file (``standalone``): an XML document with the colours as attributes (no style
    sheet to lose), its title and legend drawn in, and links prefixed with ``base_url``
    (the CRM's address) so that they work from a file.
    """
    geo = map_.geo
    parts = []
    unknown = f' class="{UNKNOWN.css_class}"'
    for area in geo.areas:
        shown = map_.shown.get(area.code)
        if shown is None:  # not in the CRM: drawn, not linked
            fill = f' fill="{UNKNOWN.colour}"' if standalone else unknown
            title = escape(f"{area.name} · {UNKNOWN.label}")
            parts.append(f'<g><title>{title}</title><path{fill} d="{area.d}"/></g>')
            continue
        if standalone:
            paint = f' fill="{shown.category.colour}"'
        else:
            paint = f' class="{shown.category.css_class}"'
        title = escape(shown.title)
        parts.append(
            f'<a href="{escape(base_url + shown.url)}" aria-label="{title}">'
            f'<title>{title}</title><path{paint} d="{area.d}"/></a>'
        )
    areas = "".join(parts)
    title_id = f"{map_.id}-title"
    if not standalone:
        # Every text in it is escaped above.
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="crm-map" '
            f'viewBox="0 0 {geo.width} {geo.height}" width="{geo.width}" height="{geo.height}" '
            f'role="group" aria-labelledby="{title_id}">'
            f'<title id="{title_id}">{escape(map_.title)}</title>'
            f'<g class="map-areas">{areas}</g>'
            f'<path class="map-borders" d="{geo.borders}"/></svg>'
        )

    legend = map_.legend
    top = geo.height + LEGEND_ROW
    height = top + LEGEND_ROW * (len(legend) + 1)
    rows = [
        f'<text x="{MARGIN}" y="{top}" font-size="{LEGEND_FONT}" font-weight="bold">'
        f"{escape(map_.title)}</text>"
    ]
    for i, (category, count) in enumerate(legend, start=1):
        y = top + LEGEND_ROW * i
        rows.append(
            f'<rect x="{MARGIN}" y="{y - LEGEND_FONT}" width="{LEGEND_FONT}" '
            f'height="{LEGEND_FONT}" fill="{category.colour}" stroke="#495057"/>'
            f'<text x="{MARGIN + LEGEND_FONT + 16}" y="{y - 6}" font-size="{LEGEND_FONT}">'
            f"{escape(category.label)}: {count}</text>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {geo.width} {height}" '
        f'width="{geo.width // 2}" height="{height // 2}" font-family="sans-serif" '
        f'role="img" aria-labelledby="{title_id}">'
        f'<title id="{title_id}">{escape(map_.title)}</title>'
        f'<rect width="{geo.width}" height="{height}" fill="#ffffff"/>'
        f'<g stroke="#ffffff" stroke-width="1" fill-rule="evenodd">{areas}</g>'
        f'<path d="{geo.borders}" fill="none" stroke="#495057" stroke-width="2" '
        f'stroke-linejoin="round" pointer-events="none"/>'
        f'<g fill="#212529">{"".join(rows)}</g></svg>\n'
    )


def svg_response(request, map_: MunicipalityMap, name: str) -> HttpResponse:
    """The map as a file to download: ``<name>-<date>.svg``, image/svg+xml."""
    body = render_svg(map_, standalone=True, base_url=request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    filename = f"{slugify(name)}-{timezone.localdate().isoformat()}.svg"
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response
