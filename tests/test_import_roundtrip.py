"""Import reads what export writes: every importable list, exported as CSV, imports again in
the admin as it is and as Excel saves it after an edit (semicolons, tabs or commas; UTF-8
with or without a byte order mark, or Windows-1252; decimal commas).

Each round trip first imports the file untouched, which must find every row unchanged (a
column read wrongly would show as an update or a rejection), then imports it with one cell
changed the way someone would in Excel, which must change exactly that.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.roles import ADMINISTRATOR
from core.tests.factories import UserFactory
from members.models import Member
from members.tests.factories import CountyFactory, MemberFactory
from services.models import Service
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

CSV_FORMAT = "0"


@pytest.fixture
def importer_client(login):
    return login(UserFactory(username="importer", is_staff=True, roles=[ADMINISTRATOR]))


def exported(client, app) -> bytes:
    """The list's CSV export, as the button downloads it."""
    response = client.get(reverse(f"{app}:list"), {"_export": "csv"})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the lists write UTF-8 with a byte order mark
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def saved_as(rows, *, delimiter=";", encoding="cp1252", bom=False) -> bytes:
    """The rows as Excel writes a CSV file: CRLF, quotes only where needed."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


# How Excel saves the file: "CSV (semikolonavgränsad)" on a Swedish Windows, "CSV UTF-8",
# "Text (tabbavgränsad)", and a program that writes commas without a byte order mark.
SAVED_AS = {
    "swedish-excel-csv": {"delimiter": ";", "encoding": "cp1252"},
    "excel-csv-utf-8": {"delimiter": ";", "encoding": "utf-8", "bom": True},
    "excel-text-tabs": {"delimiter": "\t", "encoding": "cp1252"},
    "commas-utf-8": {"delimiter": ",", "encoding": "utf-8"},
}


def preview(client, model, data: bytes, name="export.csv"):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(url, {"import_file": upload, "format": CSV_FORMAT, "resource": "0"})


def outcomes(response) -> list[str]:
    assert response.status_code == 200
    assert "preview" in response.context, response.context["form"].errors
    rows = response.context["preview"]["rows"]
    return [row["css"] + "".join(f" {p}" for p in row["problems"]) for row in rows]


def confirm(client, model, response):
    form = response.context["confirm_form"]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_process_import")
    result = client.post(url, {name: form.initial.get(name, "") for name in form.fields})
    assert result.status_code == 302
    return result


@dataclass
class RoundTrip:
    """One importable type: its list, records to export, one edit in the file and how the
    CRM shows it once imported."""

    app: str
    model: type
    make: callable
    edit: callable  # (header, rows) -> None, changing one cell
    check: callable  # () -> None, after the edited file is imported


def make_members():
    county = CountyFactory(code="14", name="Västra Götalands län")
    MemberFactory(
        municipality=True,
        name="Ale kommun",
        kommunkod="1440",
        county=county,
        status=Member.Status.MEMBER,
        member_since=datetime.date(2012, 3, 1),
        last_verified=datetime.date(2026, 1, 15),
    )
    MemberFactory(municipality=True, name="Öckerö kommun", kommunkod="1407", county=county)
    MemberFactory(
        municipality=True,
        name="Stockholm",
        kommunkod="0180",
        county=CountyFactory(code="01", name="Stockholms län"),
    )
    MemberFactory(name="Åmåls Data AB", org_type=Member.OrgType.IT_LEVERANTOR)


def edit_member(header, rows):
    row = next(r for r in rows if "Öckerö kommun" in r)
    row[header.index("Medlemsstatus")] = "Medlem"
    for row in rows:  # Excel reads codes as numbers: 0180 comes back as 180
        row[header.index("Kommunkod")] = row[header.index("Kommunkod")].lstrip("0")


def check_member():
    assert Member.objects.get(kommunkod="1407").status == Member.Status.MEMBER
    assert Member.objects.get(kommunkod="1440").status == Member.Status.MEMBER
    assert Member.objects.get(kommunkod="0180").status == Member.Status.NOT_MEMBER
    assert Member.objects.count() == 4


def make_services():
    ServiceFactory(name="Digidel", kind=Service.Kind.NETWORK, started_on=datetime.date(2016, 1, 1))
    ServiceFactory(name="Räkna ränta", status=Service.Status.PLANNED)
    ContractFactory(service=ServiceFactory(name="EGIL"))


def edit_service(header, rows):
    row = next(r for r in rows if "Räkna ränta" in r)
    row[header.index("Status")] = "Aktivt"


def check_service():
    assert Service.objects.get(name="Räkna ränta").status == Service.Status.ACTIVE
    assert Service.objects.get(name="Digidel").kind == Service.Kind.NETWORK
    assert Service.objects.count() == 3


def make_contracts():
    egil = ServiceFactory(name="EGIL")
    ContractFactory(
        number="SAM-2026-0001",
        title="Avtal om EGIL – Göteborg",
        service=egil,
        value=Decimal("415000.50"),
        parties=[MemberFactory(name="Göteborg", municipality=True, kommunkod="1480")],
    )
    ContractFactory(
        number="SAM-2026-0002",
        title="Utökning för Östersund",
        service=egil,
        status=Contract.Status.DRAFT,
        value=None,
    )


def edit_contract(header, rows):
    row = next(r for r in rows if "SAM-2026-0001" in r)
    value = header.index("Värde (kr)")
    assert row[value] == "415000,50"  # a decimal comma in the export
    row[value] = "420 000,75"  # as Swedish Excel shows a number cell


def check_contract():
    assert Contract.objects.get(number="SAM-2026-0001").value == Decimal("420000.75")
    assert Contract.objects.get(number="SAM-2026-0002").value is None
    assert Contract.objects.get(number="SAM-2026-0001").parties.count() == 1


def make_contacts():
    kommun = MemberFactory(name="Åre kommun", municipality=True, kommunkod="2321")
    ContactFactory(
        member=kommun,
        first_name="Åsa",
        last_name="Öberg",
        email="asa.oberg@are.se",
        title="Digitaliseringsstrateg",
        phone="+46 647 161 00",  # exported as text a spreadsheet does not run: '+46…
        last_verified=datetime.date(2026, 2, 1),
    )
    # No email: found again by the same name at the same member.
    ContactFactory(member=kommun, first_name="Anna Maria", last_name="Berg", email=None)


def edit_contact(header, rows):
    row = next(r for r in rows if "asa.oberg@are.se" in r)
    assert row[header.index("Telefon")] == "'+46 647 161 00"
    row[header.index("Titel")] = "IT-chef"


def check_contact():
    asa = Contact.objects.get(email="asa.oberg@are.se")
    assert (asa.title, asa.phone) == ("IT-chef", "+46 647 161 00")
    anna = Contact.objects.get(email=None)
    assert (anna.first_name, anna.last_name) == ("Anna Maria", "Berg")
    assert Contact.objects.count() == 2


ROUND_TRIPS = {
    "members": RoundTrip("members", Member, make_members, edit_member, check_member),
    "services": RoundTrip("services", Service, make_services, edit_service, check_service),
    "contracts": RoundTrip("contracts", Contract, make_contracts, edit_contract, check_contract),
    "contacts": RoundTrip("contacts", Contact, make_contacts, edit_contact, check_contact),
}


@pytest.mark.parametrize("kind", ROUND_TRIPS)
def test_the_export_of_a_list_imports_again_unchanged(importer_client, kind):
    trip = ROUND_TRIPS[kind]
    trip.make()
    data = exported(importer_client, trip.app)

    response = preview(importer_client, trip.model, data)

    assert outcomes(response) and set(outcomes(response)) == {"skip"}
    assert response.context.get("confirm_form") is not None


@pytest.mark.parametrize("saved", SAVED_AS)
@pytest.mark.parametrize("kind", ROUND_TRIPS)
def test_an_export_edited_and_saved_by_excel_imports_the_edit(importer_client, kind, saved):
    trip = ROUND_TRIPS[kind]
    trip.make()
    header, *rows = rows_of(exported(importer_client, trip.app))
    trip.edit(header, rows)
    data = saved_as([header, *rows], **SAVED_AS[saved])

    response = preview(importer_client, trip.model, data)

    assert sorted(outcomes(response)) == sorted(["update"] + ["skip"] * (len(rows) - 1))
    confirm(importer_client, trip.model, response)
    trip.check()


def test_the_preview_names_what_happens_to_each_row_in_swedish(importer_client):
    make_members()
    header, *rows = rows_of(exported(importer_client, "members"))
    edit_member(header, rows)
    rows.append(["Ny förening", "Förbund", "Ej medlem", "", "", "", "", ""])
    rows.append(["Felaktig", "Okänd typ", "", "", "", "", "", ""])

    response = preview(importer_client, Member, saved_as([header, *rows]))

    labels = [row["action"] for row in response.context["preview"]["rows"]]
    assert sorted(str(label) for label in labels) == [
        "Avvisad",
        "Ny",
        "Oförändrad",
        "Oförändrad",
        "Oförändrad",
        "Uppdatering",
    ]
    html = response.content.decode()
    assert "Uppdatering: <strong>1</strong>" in html
    assert "Update" not in html and "Unchanged" not in html


def test_a_file_in_an_unknown_encoding_is_refused_with_the_reason(importer_client):
    # Bytes that are neither UTF-8 nor Windows-1252 (0x81 is undefined there).
    response = preview(importer_client, Member, b"Namn;Kommunkod\r\nAle\x81;1440\r\n")

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [
        "Filen är inte text i UTF-8 eller Windows-1252: spara den från Excel som CSV."
    ]
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    "cell, amount",
    [
        ("415000,50", "415000.50"),  # the lists' CSV and Swedish Excel
        ("1 234,50", "1234.50"),  # Swedish Excel's grouping (also with a no-break space)
        ("1\xa0234,5", "1234.5"),
        ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),  # English Excel
        ("1234.5", "1234.5"),
        ("1.000.000", "1000000"),
        ("-12,5", "-12.5"),
        ("415 000 kr", "415000"),
    ],
)
def test_amounts_are_read_with_a_decimal_comma_or_point(cell, amount):
    from contracts.resources import ContractResource

    assert ContractResource().fields["value"].widget.clean(cell) == Decimal(amount)


@pytest.mark.parametrize("cell", ["12,5 %", "1,2,3.4.5", "12,3,4", "1.23.456", "ett", "NaN"])
def test_text_that_is_no_amount_is_rejected(cell):
    from contracts.resources import ContractResource

    with pytest.raises(ValueError, match="är inte ett tal"):
        ContractResource().fields["value"].widget.clean(cell)
