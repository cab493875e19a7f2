"""Tests for the yearly population import (members.services.population_import and the
import_population command).

Files are built byte for byte as SCB writes them, with the helpers of test_scb.py; the
members come from factories, or from the shipped register where all 290 are needed.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from members.models import Member, PopulationFigure
from members.services import population_import, register_load
from members.tests.factories import CountyFactory, MemberFactory, PopulationFigureFactory
from members.tests.test_scb import (
    XLSX2_TITLE,
    Raw,
    api_v1,
    pxweb_sheet,
    scb_csv,
    scb_xlsx,
    to_json,
    xlsx2_rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # The output is English msgids until their Swedish translations are merged.
    with translation.override("en"):
        yield


def kommun(code, name, population, year=2024, county=None):
    """A municipality whose current figure is also in its history, as after a register load."""
    member = MemberFactory(
        municipality=True,
        kommunkod=code,
        name=name,
        county=county or CountyFactory(code=code[:2]),
        population=population,
        population_year=year,
    )
    PopulationFigureFactory(member=member, year=year, population=population)
    return member


@pytest.fixture
def vasby():
    return kommun("0114", "Upplands Väsby", 50323)


@pytest.fixture
def stockholm():
    return kommun("0180", "Stockholm", 995574)


def write(tmp_path, data: bytes, name="Befolkning.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_population", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fails(path, *args) -> str:
    with pytest.raises(CommandError) as error:
        run(path, *args)
    return str(error.value)


def figures(member) -> dict[int, int]:
    return dict(member.population_figures.values_list("year", "population"))


def current(member) -> tuple[int, int]:
    member.refresh_from_db()
    return member.population, member.population_year


def snapshot():
    """Everything an import may write, to prove that a run changed nothing."""
    return (
        list(Member.objects.order_by("pk").values()),
        list(PopulationFigure.objects.order_by("pk").values()),
        Member.history.count(),
        PopulationFigure.history.count(),
    )


def year_csv(year, rows):
    return scb_csv([("region", str(year)), *rows], title="Folkmängd efter region och år")


# --- years and history -------------------------------------------------------------


def test_new_year_is_added_to_history_and_becomes_the_current_figure(tmp_path, vasby, stockholm):
    path = write(
        tmp_path, year_csv(2025, [("0114 Upplands Väsby", 51002), ("0180 Stockholm", 1000412)])
    )

    out = run(path)

    assert figures(vasby) == {2024: 50323, 2025: 51002}
    assert figures(stockholm) == {2024: 995574, 2025: 1000412}
    assert current(vasby) == (51002, 2025)
    assert vasby.population_figures.get(year=2025).source == "SCB (Befolkning.csv)"
    assert "New years: 2" in out and "Members updated: 2" in out
    assert "Population figures imported." in out


def test_older_year_after_newer_adds_history_and_keeps_the_current_figure(tmp_path, vasby):
    out = run(write(tmp_path, year_csv(2017, [("0114 Upplands Väsby", 44605)])))

    assert figures(vasby) == {2017: 44605, 2024: 50323}
    assert current(vasby) == (50323, 2024)
    assert "New years: 1" in out


def test_several_years_import_every_year_and_the_newest_becomes_current(tmp_path, vasby):
    data = scb_csv(
        [("region", "Folkmängd 2025", "Folkmängd 2026"), ("0114 Upplands Väsby", 51002, 51600)],
        sep=";",
    )

    run(write(tmp_path, data))

    assert figures(vasby) == {2024: 50323, 2025: 51002, 2026: 51600}
    assert current(vasby) == (51600, 2026)


def test_year_option_picks_one_year_of_several(tmp_path, vasby):
    data = scb_csv([("region", "2023", "2025"), ("0114 Upplands Väsby", 49627, 51002)])

    run(write(tmp_path, data), "--year", "2023")

    assert figures(vasby) == {2023: 49627, 2024: 50323}
    assert current(vasby) == (50323, 2024)


def test_a_corrected_figure_replaces_the_old_one_and_keeps_its_history(tmp_path, vasby):
    out = run(write(tmp_path, year_csv(2024, [("0114 Upplands Väsby", 50400)])))

    assert figures(vasby) == {2024: 50400}
    assert current(vasby) == (50400, 2024)
    assert "Changed figures: 1" in out and "New years: 0" in out
    figure = vasby.population_figures.get()
    assert [h.population for h in figure.history.order_by("history_date")] == [50323, 50400]


def test_member_history_records_the_population_change(tmp_path, vasby):
    run(write(tmp_path, year_csv(2025, [("0114 Upplands Väsby", 51002)])))

    latest = vasby.history.latest("history_date")
    assert (latest.population, latest.population_year) == (51002, 2025)
    assert latest.history_type == "~"
    assert latest.history_change_reason == "SCB (Befolkning.csv)"
    assert latest.prev_record.population == 50323


def test_missing_values_leave_existing_figures_alone(tmp_path, vasby, stockholm):
    data = scb_csv(
        [
            ("region", "2024", "2025"),
            ("0114 Upplands Väsby", Raw(".."), 51002),
            ("0180 Stockholm", 995574, Raw("..")),
        ]
    )

    out = run(write(tmp_path, data))

    assert figures(vasby) == {2024: 50323, 2025: 51002}
    assert figures(stockholm) == {2024: 995574}
    assert current(stockholm) == (995574, 2024)
    assert "Missing values (..), left as they were: 2" in out


# --- repeating and previewing --------------------------------------------------------


def test_the_same_file_twice_changes_nothing_the_second_time(tmp_path, vasby, stockholm):
    path = write(
        tmp_path, year_csv(2025, [("0114 Upplands Väsby", 51002), ("0180 Stockholm", 1000412)])
    )
    run(path)
    before = snapshot()

    out = run(path)

    assert snapshot() == before
    assert "Unchanged: 2" in out
    assert "New years: 0" in out and "Members updated: 0" in out


def test_dry_run_prints_the_same_summary_and_writes_nothing(tmp_path, vasby, stockholm):
    path = write(
        tmp_path, year_csv(2025, [("0114 Upplands Väsby", 60000), ("0180 Stockholm", 1000412)])
    )
    before = snapshot()

    preview = run(path, "--dry-run")

    assert snapshot() == before
    assert preview.endswith("Dry run: nothing was written.\n")
    imported = run(path)
    assert imported.endswith("Population figures imported.\n")
    assert preview.splitlines()[:-1] == imported.splitlines()[:-1]
    assert current(vasby) == (60000, 2025)


# --- the summary ---------------------------------------------------------------------


def test_summary_counts_and_flags_changes_over_ten_percent(tmp_path, vasby, stockholm):
    kiruna = kommun("2584", "Kiruna", 22426)
    data = year_csv(
        2025,
        [
            ("00 Riket", 10600000),
            ("0114 Upplands Väsby", 60000),  # +19.2 %: a wrong file?
            ("0180 Stockholm", 1000412),  # +0.5 %
            ("2584 Kiruna", 22426),
        ],
    )

    out = run(write(tmp_path, data))

    assert f"File: {tmp_path / 'Befolkning.csv'} (CSV (comma, ISO-8859-1)), years: 2025" in out
    assert "Rows read: 3" in out
    assert "Members updated: 3" in out
    assert "New years: 3" in out
    assert "Unchanged: 0" in out
    assert "Unknown codes and names: 0" in out
    assert "Country rows (Riket) skipped: 1" in out
    changes = out.split("Largest changes against the year before:\n")[1].splitlines()
    assert changes[:3] == [
        "  Upplands Väsby: 2024 50323 → 2025 60000 (+19.2 %)  ← over 10 %",
        "  Stockholm: 2024 995574 → 2025 1000412 (+0.5 %)",
        "  Kiruna: 2024 22426 → 2025 22426 (0.0 %)",
    ]
    assert "1 change of more than 10 % against the year before" in out
    assert current(kiruna) == (22426, 2025)


def test_summary_in_swedish_uses_a_decimal_comma(tmp_path, vasby):
    with translation.override("sv"):
        out = run(write(tmp_path, year_csv(2025, [("0114 Upplands Väsby", 60000)])))
    assert "(+19,2 %)" in out


# --- failures: nothing is written -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            scb_csv([("region", "2025"), ("0114 Upplands Väsby", 51002), ("0180 Stockholm", "x")]),
            'line 3: "x" in column "2025" is not a number.',
        ),
        (
            scb_csv([("region", "2024", "2025"), ("0114 Upplands Väsby", 1, 2), ("0180", 3)]),
            "line 3: The line has 2 columns, but the heading has 3.",
        ),
        (b"", "Befolkning.csv: The file is empty."),
        (b"\xd0\xcf\x11\xe0" + bytes(100), "The file is in the old Excel format (.xls)."),
    ],
    ids=["text-in-number", "short-line", "empty", "xls"],
)
def test_malformed_file_fails_naming_file_and_line_and_changes_nothing(
    tmp_path, vasby, stockholm, data, problem
):
    path = write(tmp_path, data)
    before = snapshot()

    message = fails(path)

    assert str(path) in message
    assert problem in message
    assert "Nothing was imported." in message
    assert snapshot() == before


def test_missing_file_fails(tmp_path):
    assert "The file could not be read" in fails(tmp_path / "saknas.csv")


def test_year_the_file_lacks_fails(tmp_path, vasby):
    path = write(tmp_path, year_csv(2025, [("0114 Upplands Väsby", 51002)]))
    assert "The file has no figures for 2023. Years in the file: 2025." in fails(
        path, "--year", "2023"
    )


def test_unknown_code_fails_and_imports_nothing(tmp_path, vasby):
    path = write(
        tmp_path, year_csv(2025, [("0114 Upplands Väsby", 51002), ("0999 Atlantis", 1234)])
    )
    before = snapshot()

    message = fails(path)

    assert f"{path}, line 5: No member has the municipality code 0999." in message
    assert "--skip-unknown" in message
    assert snapshot() == before


def test_unknown_code_with_skip_unknown_is_reported_and_the_rest_imported(tmp_path, vasby):
    path = write(
        tmp_path, year_csv(2025, [("0114 Upplands Väsby", 51002), ("0999 Atlantis", 1234)])
    )

    out = run(path, "--skip-unknown")

    assert figures(vasby) == {2024: 50323, 2025: 51002}
    assert "Unknown codes and names: 1" in out
    assert f"{path}, line 5: No member has the municipality code 0999." in out
    assert not Member.objects.filter(kommunkod="0999").exists()  # never invented


def test_two_different_figures_for_one_member_fail(tmp_path, vasby):
    data = scb_csv(
        [("region", "2025"), ("0114 Upplands Väsby", 51002), ("Upplands Väsby", 51003)],
        sep=";",
    )

    message = fails(write(tmp_path, data), "--skip-unknown")

    assert "line 3: Upplands Väsby has a different figure for 2025 on line 2" in message
    assert figures(vasby) == {2024: 50323}


# --- matching --------------------------------------------------------------------------


def test_names_without_codes_match_the_municipality_and_the_county_region(tmp_path, vasby):
    region = MemberFactory(
        name="Region Stockholm", org_type=Member.OrgType.REGION, county=vasby.county
    )
    vasby.county.name = "Stockholms län"
    vasby.county.save()
    data = scb_csv(  # PxWeb 2's download with texts only
        [("region", "Folkmängd 2025"), ("Riket", 10600000), ("Stockholms län", 2490000)]
        + [("upplands  väsby", 51002)],
        sep=";",
        title="Folkmängd efter region och år",
        blank_after_title=False,
        encoding="utf-8",
        bom=True,
    )

    run(write(tmp_path, data))

    assert figures(vasby) == {2024: 50323, 2025: 51002}
    assert figures(region) == {2025: 2490000}
    assert current(region) == (2490000, 2025)


def test_ambiguous_name_fails(tmp_path):
    kommun("1438", "Dals-Ed", 4700)
    MemberFactory(municipality=True, kommunkod="1439", name="Dals-Ed")

    message = fails(write(tmp_path, year_csv(2025, [("Dals-Ed", 4650)])))

    assert 'line 4: "Dals-Ed" is the name of more than one member (1438, 1439).' in message
    assert PopulationFigure.objects.filter(year=2025).count() == 0


def test_unknown_name_fails(tmp_path, vasby):
    message = fails(write(tmp_path, year_csv(2025, [("Upplands Väsby", 1), ("Atlantis", 2)])))
    assert 'line 5: No municipality or region is named "Atlantis".' in message


def test_name_of_a_company_is_not_a_municipality(tmp_path):
    MemberFactory(name="Atlantis")  # a company: names match municipalities and regions only
    assert "Atlantis" in fails(write(tmp_path, year_csv(2025, [("Atlantis", 2)])))


def test_county_rows_update_the_region(tmp_path, vasby, stockholm):
    region = MemberFactory(
        name="Region Stockholm", org_type=Member.OrgType.REGION, county=vasby.county
    )
    sheet = pxweb_sheet([2023, 2024])  # 00 Riket, 01 Stockholms län, 0114, 0180

    out = run(write(tmp_path, scb_xlsx(sheet), "TAB638.xlsx"))

    assert region.kommunkod is None
    assert figures(region) == {2023: 2454821, 2024: 2473307}
    assert current(region) == (2473307, 2024)
    assert figures(vasby) == {2023: 49627, 2024: 50323}
    assert "Unknown codes and names: 0" in out


@pytest.mark.parametrize(
    "heading",
    [(("Folkmängd",), ("2024", "2025")), (("2024", "2025"), ("Folkmängd",))],
    ids=["years-below", "years-above"],
)
@pytest.mark.parametrize("title", [XLSX2_TITLE, None], ids=["title", "no-title"])
def test_statistikdatabasen_xlsx_download_imports(tmp_path, vasby, stockholm, heading, title):
    """The XLSX file as Statistikdatabasen writes it: title, heading rows, data, a blank
    row, the footnotes and the information block ("Databas:", "Tabell:", "Enhet:"…)."""
    region = MemberFactory(
        name="Region Stockholm", org_type=Member.OrgType.REGION, county=vasby.county
    )
    regions = [
        ("00 Riket", [10587710, 10620000]),
        ("01 Stockholms län", [2473307, 2490000]),
        ("0114 Upplands Väsby", [50323, 51002]),
        ("0180 Stockholm", [995574, 1000412]),
    ]
    path = write(tmp_path, scb_xlsx(xlsx2_rows(heading, regions, title=title)), "TAB638.xlsx")

    out = run(path)

    assert figures(vasby) == {2024: 50323, 2025: 51002}
    assert figures(stockholm) == {2024: 995574, 2025: 1000412}
    assert figures(region) == {2024: 2473307, 2025: 2490000}
    assert current(stockholm) == (1000412, 2025)
    assert "TAB638.xlsx (XLSX), years: 2024, 2025" in out
    assert "Rows read: 6" in out and "Members updated: 3" in out
    assert "Unknown codes and names: 0" in out


def test_county_without_a_region_is_unknown(tmp_path, vasby):
    message = fails(write(tmp_path, year_csv(2025, [("01 Stockholms län", 2490000)])))
    assert "line 4: No region has the county code 01." in message


def test_gotland_county_row_is_covered_by_the_municipality(tmp_path):
    gotland = kommun("0980", "Gotland", 61133)
    data = year_csv(2025, [("09 Gotlands län", 61500), ("0980 Gotland", 61500)])

    out = run(write(tmp_path, data))

    assert figures(gotland) == {2024: 61133, 2025: 61500}
    assert "Unknown codes and names: 0" in out
    assert "Repeated rows for the same member: 1" in out


def test_gotland_county_row_alone_updates_the_municipality(tmp_path):
    gotland = kommun("0980", "Gotland", 61133)

    run(write(tmp_path, year_csv(2025, [("09 Gotlands län", 61500)])))

    assert current(gotland) == (61500, 2025)


def test_json_from_the_api(tmp_path, vasby):
    doc = api_v1([(["00", "2025"], ["10600000"]), (["0114", "2025"], ["51002"])])

    out = run(write(tmp_path, to_json(doc), "BefolkningNy.json"))

    assert figures(vasby) == {2024: 50323, 2025: 51002}
    assert "(JSON)" in out


def test_unknown_code_in_json_names_the_file_without_a_line(tmp_path, vasby):
    path = write(tmp_path, to_json(api_v1([(["0999", "2025"], ["1"])])), "a.json")
    assert f"{path}: No member has the municipality code 0999." in fails(path)


# --- the whole country ---------------------------------------------------------------


def test_all_290_municipalities_in_a_fixed_number_of_queries(
    tmp_path, django_assert_max_num_queries
):
    register_load()
    municipalities = Member.objects.filter(kommunkod__isnull=False).order_by("kommunkod")
    rows = [(f"{m.kommunkod} {m.name}", m.population + 100) for m in municipalities]
    path = write(tmp_path, year_csv(2025, [("00 Riket", 10600000), *rows]))
    assert len(rows) == 290

    # 1 municipalities by code, 1 figures; in one transaction: bulk inserts of figures and
    # their history and bulk updates of members and their history, batched by the database
    # (SQLite: at most 999 parameters a query). Never a query per row.
    with django_assert_max_num_queries(25):
        result = population_import(path=path)

    assert result.new_years == result.members_updated == result.current_updated == 290
    assert PopulationFigure.objects.filter(year=2025).count() == 290
    assert not Member.objects.filter(kommunkod__isnull=False).exclude(population_year=2025).exists()
    assert Member.objects.get(kommunkod="2584").population == 22526
    assert Member.history.filter(population_year=2025).count() == 290


# --- progress ---------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self):
        return True


def long_file(tmp_path):
    register_load()
    codes = Member.objects.filter(kommunkod__isnull=False).values_list("kommunkod", flat=True)
    years = ("2021", "2022", "2023", "2025")  # 4 × 290 = 1160 rows
    return write(tmp_path, scb_csv([("region", *years), *[(c, 1, 2, 3, 4) for c in codes]]))


def test_progress_bar_on_a_terminal_for_long_files(tmp_path):
    path = long_file(tmp_path)
    err = Terminal()

    call_command("import_population", str(path), "--dry-run", stdout=io.StringIO(), stderr=err)

    assert "\r[" in err.getvalue()
    assert err.getvalue().endswith("] 1160/1160\n")


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    path = long_file(tmp_path)
    err = io.StringIO()

    call_command("import_population", str(path), "--dry-run", stdout=io.StringIO(), stderr=err)

    assert err.getvalue() == ""


# --- where staff see the history ------------------------------------------------------


def test_population_history_shows_in_the_admin_and_on_the_member_page(
    tmp_path, login, admin_user, vasby
):
    run(write(tmp_path, year_csv(2017, [("0114 Upplands Väsby", 44605)])))
    client = login(admin_user)  # past two-factor login, which the admin requires

    admin_page = client.get(reverse("admin:members_member_change", args=[vasby.pk]))
    member_page = client.get(vasby.get_absolute_url())

    for page in (admin_page, member_page):
        html = page.content.decode().replace("\xa0", "").replace("&nbsp;", "")
        assert page.status_code == 200
        assert "44605" in html.replace(" ", "").replace(",", "")
        assert "SCB (Befolkning.csv)" in html
