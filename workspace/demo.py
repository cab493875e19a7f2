"""Demo data: a lived-in Sambruk to try the CRM on, and volume for performance work.

``demo_seed`` fills an empty CRM with members among the real municipalities, services and
projects, multi-party contracts, contacts, leads, deals in every stage and months of history.
Everything comes from one ``random.Random(seed)`` (and a Faker seeded the same way), so the
same seed gives the same data. Rows are written with ``bulk_create`` in batches; the history
tables are not filled for demo rows.
"""

import datetime
import math
import random
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from faker import Faker

from contacts.models import Contact
from contracts.models import Contract, ContractParty
from core.roles import EDITOR, sync_roles
from deals.models import Deal
from leads.models import Lead
from members.models import Member, MembershipChange
from members.services import register_load
from members.validators import luhn_ok
from notes.models import Note
from services.models import Service

BATCH_SIZE = 2_000
DEFAULT_SEED = 2004  # the year Sambruk was founded

# Rows at scale 1; every figure is multiplied by the scale (municipal members capped at 290).
VOLUME = {
    "users": 6,
    "municipal_members": 120,
    "region_members": 6,
    "former_members": 5,
    "organisations": 30,
    "contacts": 1_000,
    "leads": 300,
    "deals": 300,
    "contracts": 200,
    "notes": 3_000,
}
HISTORY_DAYS = 548  # notes spread over the last ~18 months

Kind, Status = Service.Kind, Service.Status
# Services, projects and networks: name, kind, status, year started, year ended, weight in
# deals and contracts, description.
SERVICES = (
    ("EGIL", Kind.SERVICE, Status.ACTIVE, 2012, None, 18,
     "E-tjänster för ekonomiskt bistånd: ansökan, handläggning och beslut i ett flöde."),
    ("SSBTEK", Kind.SERVICE, Status.ACTIVE, 2014, None, 16,
     "Samordnad informationsöverföring för ekonomiskt bistånd från Försäkringskassan, CSN, "
     "Skatteverket och Arbetsförmedlingen."),
    ("Digidel", Kind.NETWORK, Status.ACTIVE, 2016, None, 14,
     "Nätverk för digital delaktighet. Medlemmarna åtar sig att finansiera Digidelcenter och "
     "gemensamma aktiviteter."),
    ("e-Arkiv", Kind.PROJECT, Status.ACTIVE, 2018, None, 12,
     "Gemensamt utvecklingsprojekt för e-arkiv och informationsförvaltning enligt FGS."),
    ("Open ePlatform", Kind.SERVICE, Status.ACTIVE, 2011, None, 12,
     "Öppen e-tjänsteplattform för kommunernas självservice och e-tjänster."),
    ("Kundtjänstnätverket", Kind.NETWORK, Status.ACTIVE, 2015, None, 6,
     "Erfarenhetsutbyte mellan kommunernas kontaktcenter och kundtjänster."),
    ("Informationssäkerhetsnätverket", Kind.NETWORK, Status.ACTIVE, 2019, None, 6,
     "Nätverk för informationssäkerhetssamordnare: gemensamma riktlinjer och övningar."),
    ("Automatiserad handläggning", Kind.PROJECT, Status.ACTIVE, 2021, None, 8,
     "Utvecklingsprojekt för regelstyrd automatisering av handläggningen i försörjningsstödet."),
    ("Digital budget- och skuldrådgivning", Kind.PROJECT, Status.PLANNED, None, None, 3,
     "Förstudie: digital budget- och skuldrådgivning för kommunernas invånare."),
    ("E-legitimation för medarbetare", Kind.SERVICE, Status.ENDED, 2013, 2023, 4,
     "Gemensam upphandling och drift av e-legitimation för medarbetare. Avvecklad 2023 när "
     "de nationella lösningarna tog över."),
)  # fmt: skip

OrgType = Member.OrgType
# Other organisations: share of them, share that are members, org-number prefix.
ORGANISATION_TYPES = {
    OrgType.FORETAG: (30, 0.25, "55"),
    OrgType.IT_LEVERANTOR: (25, 0.3, "55"),
    OrgType.STIFTELSE: (10, 0.4, "80"),
    OrgType.KOMMUNALFORBUND: (10, 0.6, "22"),
    OrgType.MYNDIGHET: (8, 0.1, "20"),
    OrgType.FORBUND: (5, 0.5, "22"),
    OrgType.SAMVERKANSORGANISATION: (5, 0.6, "80"),
    OrgType.FORLAG: (3, 0.2, "55"),
    OrgType.NAMND: (2, 0.5, "22"),
    OrgType.OVRIGA: (2, 0.2, "80"),
}
ORGANISATION_NAMES = {
    OrgType.FORETAG: (
        "{place} {word} AB",
        (
            "Energi",
            "Bostäder",
            "Data",
            "Konsult",
            "Vatten",
            "Fastigheter",
            "Utveckling",
            "Kommunikation",
        ),
    ),
    OrgType.IT_LEVERANTOR: (
        "{surname} {word} AB",
        ("IT", "System", "Software", "Solutions", "Integration", "Cloud", "Digital"),
    ),
    OrgType.STIFTELSE: (
        "Stiftelsen {place}s {word}",
        ("bibliotek", "folkbildning", "framtid", "digitala arv", "bygdegård"),
    ),
    OrgType.KOMMUNALFORBUND: (
        "{place}s {word}",
        ("IT-förbund", "kommunalförbund", "räddningstjänstförbund", "miljöförbund"),
    ),
    OrgType.MYNDIGHET: (
        "{word}, kontoret i {place}",
        ("Länsstyrelsen", "Skatteverket", "Försäkringskassan", "Lantmäteriet"),
    ),
    OrgType.FORBUND: ("Samordningsförbundet {place}", ("",)),
    OrgType.SAMVERKANSORGANISATION: (
        "{word} {place}",
        ("E-samverkan", "Digitalt centrum", "Kommunsamverkan"),
    ),
    OrgType.FORLAG: ("{surname}s {word} AB", ("förlag", "utbildningsförlag", "bokförlag")),
    OrgType.NAMND: (
        "Gemensamma {word} {place}",
        ("IT-nämnden", "överförmyndarnämnden", "lönenämnden"),
    ),
    OrgType.OVRIGA: ("{place} {word}", ("Hembygdsförening", "Företagarförening", "Idrottsallians")),
}

TITLES = {
    "public": (
        "IT-chef",
        "Digitaliseringsstrateg",
        "Socialchef",
        "Enhetschef ekonomiskt bistånd",
        "Kommunarkivarie",
        "Upphandlare",
        "Kommundirektör",
        "Bibliotekschef",
        "Verksamhetsutvecklare",
        "Informationssäkerhetssamordnare",
        "Kanslichef",
        "E-tjänstesamordnare",
        "Kontaktcenterchef",
        "Systemförvaltare",
        "Controller",
    ),
    "private": (
        "VD",
        "Kundansvarig",
        "Säljchef",
        "Projektledare",
        "Teknisk konsult",
        "Produktägare",
        "Verksamhetschef",
        "Ekonomichef",
    ),
}
PUBLIC_TYPES = {
    OrgType.KOMMUN,
    OrgType.REGION,
    OrgType.KOMMUNALFORBUND,
    OrgType.MYNDIGHET,
    OrgType.FORBUND,
    OrgType.NAMND,
    OrgType.SAMVERKANSORGANISATION,
}

LEAD_SOURCES = (
    "Webbformulär",
    "Sambruks höstkonferens",
    "Sambruks vårmöte",
    "Tips från medlem",
    "Nyhetsbrev",
    "Telefon",
    "Mässa: Offentliga rummet",
    "LinkedIn",
    "Webbinarium om EGIL",
    "Rekommendation från SKR",
)

DISQUALIFIED_REASONS = (
    "Ingen budget i år.",
    "Har redan en egen lösning.",
    "Fel kontaktperson och ingen efterträdare utsedd.",
    "Organisationen är inte aktuell för medlemskap.",
    "Dubblett av en befintlig kontakt.",
)
LOST_COMMENTS = (
    "",
    "",
    "Valde att vänta till nästa budgetår.",
    "Gick med i en annan samverkan.",
    "Nämnden sa nej.",
    "Upphandlar själva.",
)

DEAL_TITLES = (
    "Anslutning till {service} – {member}",
    "{service}: utökning för {member}",
    "Förlängning av {service} – {member}",
    "Pilot med {service} i {member}",
    "{member} – {service}",
)
CONTRACT_TITLES = {
    Kind.SERVICE: "Avtal om {service} – {member}",
    Kind.PROJECT: "Projektavtal {service} – {member}",
    Kind.NETWORK: "Finansieringsåtagande {service} – {member}",
}

# Swedish history texts by what the note is about; {service}, {member}, {contact} filled in.
NOTE_TEXTS = {
    "lead": (
        "Första kontakt via {source}. Intresserad av {service}, vill veta mer om kostnaden.",
        "Ringde {contact}, som bad om en presentation av {service} till ledningsgruppen.",
        "Skickade information om {service} och medlemskapet i Sambruk.",
        "{contact} återkommer efter budgetbeslutet i kommunstyrelsen.",
        "Träffade {contact} på konferensen. Vill gärna höra hur andra kommuner använder {service}.",
        "Inget svar på mejlet. Ny påminnelse om två veckor.",
    ),
    "deal": (
        "Demo av {service} för {member}. Positiva, men vill se en referenskommun.",
        "Offert på {service} skickad till {member}.",
        "Förhandling om pris och avtalstid för {service}. De vill ha tre år med option.",
        "{member} har fått beslut i nämnden att gå vidare med {service}.",
        "Ringde {contact}: upphandlingsfrågan utreds av deras jurist.",
        "Möte med {member} om tidplan för införandet av {service}.",
        "Uppföljning: väntar fortfarande på besked från {member}.",
    ),
    "member": (
        "Årligt avstämningsmöte med {member}. Nöjda med {service}.",
        "{member} har ny kommundirektör; presentera Sambruk vid tillfälle.",
        "Medlemsavgiften för året fakturerad till {member}.",
        "{member} frågar om de kan gå med i arbetet kring {service}.",
        "Uppdaterade kontaktuppgifterna efter omorganisation hos {member}.",
    ),
    "contact": (
        "Verifierade kontaktuppgifterna med {contact} per telefon.",
        "{contact} har bytt roll; ansvarar nu för digitaliseringsfrågor.",
        "{contact} bjuds in till nätverksträffen för {service}.",
        "Mejlade {contact} om nästa användarträff för {service}.",
        "{contact} går i pension till sommaren; efterträdare inte utsedd.",
    ),
    "contract": (
        "Avtalet för {service} förlängt ett år enligt option.",
        "Påminnelse: avtalet för {service} löper ut inom kort, kontakta parterna.",
        "Undertecknat avtal för {service} arkiverat.",
        "Fakturering enligt avtalet för {service} genomförd.",
        "Fråga från {member} om tillägg till avtalet för {service}.",
    ),
}


class DemoSeedRefused(Exception):
    """The CRM already holds records that demo data must not be mixed with."""


def demo_seed(
    *,
    scale: float = 1,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Fill an empty CRM with realistic demo data and return how many rows of each kind.

    ``scale`` multiplies the volume (1 gives about 1,000 contacts; 100 about 100,000, with
    every municipality a member). Refuses (DemoSeedRefused) when the CRM already has services,
    contracts, contacts, deals, leads or notes: demo rows are never mixed into real data.
    The register of municipalities and regions is loaded first when it is missing.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    existing = [
        model._meta.verbose_name_plural
        for model in (Service, Contract, Contact, Deal, Lead, Note)
        if model.objects.exists()
    ]
    if existing:
        raise DemoSeedRefused(
            _(
                "The CRM already has %(records)s. Demo data only goes into an empty CRM; "
                "use a new database."
            )
            % {"records": ", ".join(str(name) for name in existing)}
        )
    progress = progress or (lambda message: None)
    with transaction.atomic():
        if Member.objects.filter(org_type=Member.OrgType.KOMMUN).count() < 290:
            register_load()
            progress(_("Loaded the register of municipalities and regions."))
        seeder = _Seeder(scale=scale, seed=seed, progress=progress)
        with _keep_given_timestamps():
            counts = seeder.run()
    # A bulk load leaves the query planner without statistics until autovacuum comes round:
    # PostgreSQL then guesses thousands of notes per record and scans every note for one
    # record's timeline.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


@contextmanager
def _keep_given_timestamps():
    """Let the bulk inserts keep the created/updated times the seeder gives each row.

    TrackedModel's ``created_at``/``updated_at`` use auto_now_add/auto_now, which overwrite
    any value on insert; a lived-in CRM needs months of past times there. Switched off only
    while the seed's bulk inserts run (a management command or a test, one thread), then
    restored; nothing in between may call save() on a tracked model.
    """
    fields = [
        model._meta.get_field(name)
        for model in (Member, Service, Contract, Contact, Deal, Lead, Note)
        for name in ("created_at", "updated_at")
    ] + [MembershipChange._meta.get_field("created_at")]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _spread(rng: random.Random, n: int, weights: dict) -> list:
    """``n`` values in proportion to ``weights`` (each at least once when n allows), shuffled."""
    total = sum(weights.values())
    counts = {
        key: max(1, math.floor(n * w / total)) if n >= len(weights) else 0
        for key, w in weights.items()
    }
    keys = sorted(weights, key=lambda key: -weights[key])
    i = 0
    while sum(counts.values()) < n:
        counts[keys[i % len(keys)]] += 1
        i += 1
    while sum(counts.values()) > n:
        key = max(counts, key=lambda key: counts[key])
        counts[key] -= 1
    values = [key for key in keys for _ in range(counts[key])]
    rng.shuffle(values)
    return values


def _ascii(text: str) -> str:
    """'Åsa Öberg-Lind' -> 'asa.oberg-lind': for e-mail addresses, user names and domains."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return ".".join("".join(c for c in part if c.isalnum() or c == "-") for part in folded.split())


def _domain(name: str) -> str:
    """'Kiruna IT AB' -> 'kirunait.se'."""
    name = name.removesuffix(" AB").removesuffix(" HB")
    return _ascii(name).replace(".", "") + ".se"


def _org_number(prefix: str, rng: random.Random, used: set[str]) -> str:
    while True:
        base = f"{prefix}{rng.randrange(10_000_000):07d}"
        number = next(f"{base[:6]}-{base[6:]}{c}" for c in "0123456789" if luhn_ok(base + c))
        if number not in used:
            used.add(number)
            return number


class _Seeder:
    def __init__(self, *, scale: float, seed: int, progress: Callable[[str], None]):
        self.rng = random.Random(seed)
        self.fake = Faker("sv_SE")
        self.fake.seed_instance(seed)
        self.progress = progress
        self.n = {key: max(1, round(value * scale)) for key, value in VOLUME.items()}
        self.n["users"] = max(3, round(VOLUME["users"] * math.sqrt(scale)))
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.tz = timezone.get_current_timezone()
        self.counts: dict[str, int] = {}
        # Name pools drawn once from Faker (its frequencies), then picked with the seeded rng.
        self.first_names = [self.fake.first_name() for _ in range(600)]
        self.last_names = [self.fake.last_name() for _ in range(600)]

    # --- helpers -----------------------------------------------------------------------

    def moment(self, start: datetime.datetime, end: datetime.datetime | None = None):
        """A time on a weekday during office hours between ``start`` and ``end`` (now)."""
        end = end or self.now
        if start >= end:
            return end
        day = timezone.localtime(start + (end - start) * self.rng.random(), self.tz).date()
        if day.weekday() >= 5:
            day -= datetime.timedelta(days=day.weekday() - 4)
        at = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(8, 16), self.rng.randrange(0, 60, 5)), self.tz
        )
        return min(max(at, start), end)

    def past(self, days: int, min_days: int = 0) -> datetime.datetime:
        start = self.now - datetime.timedelta(days=days)
        return self.moment(start, self.now - datetime.timedelta(days=min_days))

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def bulk(self, model, objects: Iterable, keep: bool = True) -> list:
        """Insert in batches of BATCH_SIZE; returns the objects with their primary keys
        (or, with ``keep=False``, nothing: a generator of many rows is never held whole)."""
        created, batch, count = [], [], 0
        for obj in objects:
            if hasattr(obj, "build_search_text"):
                obj.build_search_text()
            batch.append(obj)
            if len(batch) == BATCH_SIZE:
                model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                count += len(batch)
                if keep:
                    created += batch
                batch = []
        if batch:
            model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            count += len(batch)
            if keep:
                created += batch
        self.inserted = count
        return created

    def person(self) -> tuple[str, str]:
        return self.rng.choice(self.first_names), self.rng.choice(self.last_names)

    def phone(self) -> str:
        """A Swedish mobile number, 070-123 45 67."""
        rng = self.rng
        digits = (rng.choice("02369"), rng.randint(100, 999), rng.randint(10, 99))
        return "07{}-{} {} ".format(*digits) + str(rng.randint(10, 99))

    def user(self):
        return self.rng.choice(self.users)

    # --- stages --------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.seed_users()
        self.seed_members()
        self.seed_organisations()
        self.seed_services()
        self.seed_contacts()
        self.seed_leads()
        self.seed_deals()
        self.seed_contracts()
        self.seed_notes()
        return self.counts

    def seed_users(self):
        User = get_user_model()
        group = Group.objects.filter(name=EDITOR).first()
        if group is None:  # the roles migration made it; a flushed test database has not
            sync_roles(Group, Permission)
            group = Group.objects.get(name=EDITOR)
        taken = set(User.objects.values_list("username", flat=True))
        users = []
        for _i in range(self.n["users"]):
            first, last = self.person()
            username = base = _ascii(f"{first} {last}")
            suffix = 1
            while username in taken:
                suffix += 1
                username = f"{base}{suffix}"
            taken.add(username)
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@sambruk.se",
                date_joined=self.past(5 * 365, 400),
            )
            user.set_unusable_password()  # an administrator sets a password to log in as one
            users.append(user)
        self.users = User.objects.bulk_create(users)
        group.user_set.add(*self.users)
        self.counts["users"] = len(self.users)
        self.progress(
            _("%(count)s staff users in the group %(group)s")
            % {"count": len(self.users), "group": group.name}
        )

    def seed_members(self):
        """Make municipalities and regions members (and a few former members)."""
        rng = self.rng
        candidates = list(
            Member.objects.filter(
                org_type__in=[OrgType.KOMMUN, OrgType.REGION], status=Member.Status.NOT_MEMBER
            ).order_by("org_type", "kommunkod", "name", "id")
        )
        municipalities = [m for m in candidates if m.org_type == OrgType.KOMMUN]
        regions = [m for m in candidates if m.org_type == OrgType.REGION]
        chosen = rng.sample(municipalities, min(len(municipalities), self.n["municipal_members"]))
        chosen += rng.sample(regions, min(len(regions), self.n["region_members"]))
        taken = set(chosen)
        rest = [m for m in municipalities if m not in taken]
        former = rng.sample(rest, min(len(rest), self.n["former_members"]))
        changes = []
        for member in chosen + former:
            is_former = member in former
            member.status = Member.Status.FORMER_MEMBER if is_former else Member.Status.MEMBER
            # A former member joined long enough ago to have left again since.
            latest = self.today - datetime.timedelta(days=3 * 365 if is_former else 90)
            member.member_since = self.date_between(datetime.date(2004, 1, 1), latest)
            changes += self.membership_changes(member)
            member.last_verified = (
                self.date_between(self.today - datetime.timedelta(days=900), self.today)
                if rng.random() < 0.85
                else None
            )
            if not member.website:
                member.website = f"https://www.{_domain(member.name)}"
        Member.objects.bulk_update(
            chosen + former,
            ["status", "member_since", "member_until", "last_verified", "website"],
            batch_size=500,
        )
        self.bulk(MembershipChange, changes)
        self.counts["members"] = len(chosen)
        self.counts["former_members"] = len(former)
        self.progress(
            _("%(count)s municipalities and regions made members, %(former)s former members")
            % {"count": len(chosen), "former": len(former)}
        )

    def membership_changes(self, member) -> list[MembershipChange]:
        """The decisions behind ``member``'s status; sets member_until for a former member."""
        user = self.user()
        joined = member.member_since
        organ = "kommunfullmäktige" if member.org_type == OrgType.KOMMUN else "styrelsen"
        changes = [
            MembershipChange(
                member=member,
                from_status=Member.Status.NOT_MEMBER,
                to_status=Member.Status.MEMBER,
                date=joined,
                decision=f"Beslut i {organ} {joined:%Y-%m-%d}",
                created_by=user,
                created_at=datetime.datetime.combine(joined, datetime.time(10), self.tz),
            )
        ]
        if member.status == Member.Status.FORMER_MEMBER:
            left = self.date_between(
                joined + datetime.timedelta(days=365), self.today - datetime.timedelta(days=30)
            )
            member.member_until = left
            changes.append(
                MembershipChange(
                    member=member,
                    from_status=Member.Status.MEMBER,
                    to_status=Member.Status.FORMER_MEMBER,
                    date=left,
                    decision=f"Utträde enligt beslut i {organ} {left:%Y-%m-%d}",
                    created_by=user,
                    created_at=datetime.datetime.combine(left, datetime.time(10), self.tz),
                )
            )
        return changes

    def seed_organisations(self):
        """Companies, IT suppliers, foundations, federations… some of them members."""
        rng = self.rng
        places = list(
            Member.objects.filter(org_type=OrgType.KOMMUN)
            .order_by("kommunkod")
            .values_list("name", "county_id")
        )
        used_numbers = set(
            Member.objects.filter(org_number__isnull=False).values_list("org_number", flat=True)
        )
        used_names = set(Member.objects.values_list("name", flat=True))
        weights = {org_type: spec[0] for org_type, spec in ORGANISATION_TYPES.items()}
        types = sorted(_spread(rng, self.n["organisations"], weights))
        organisations = []
        for org_type in dict.fromkeys(types):
            count = types.count(org_type)
            share = ORGANISATION_TYPES[org_type][1]
            members = max(1, round(count * share))
            for i in range(count):
                pattern, words = ORGANISATION_NAMES[org_type]
                for attempt in range(20):
                    place, county_id = rng.choice(places)
                    name = pattern.format(
                        place=place, surname=rng.choice(self.last_names), word=rng.choice(words)
                    ).replace("  ", " ")
                    if name not in used_names:
                        break
                    if attempt == 19:
                        name = f"{name} {len(used_names)}"
                used_names.add(name)
                created = self.past(6 * 365, 30)
                is_member = i < members
                user = self.user()
                organisations.append(
                    Member(
                        name=name,
                        org_type=org_type,
                        status=Member.Status.MEMBER if is_member else Member.Status.NOT_MEMBER,
                        member_since=self.date_between(datetime.date(2006, 1, 1), created.date())
                        if is_member
                        else None,
                        org_number=_org_number(ORGANISATION_TYPES[org_type][2], rng, used_numbers),
                        county_id=county_id,
                        city=place,
                        website=f"https://www.{_domain(name)}",
                        last_verified=self.date_between(created.date(), self.today)
                        if rng.random() < 0.7
                        else None,
                        created_at=created,
                        updated_at=self.moment(created),
                        created_by=user,
                        updated_by=user,
                    )
                )
        self.bulk(Member, organisations)
        self.bulk(
            MembershipChange,
            [
                change
                for org in organisations
                if org.member_since
                for change in self.membership_changes(org)
            ],
        )
        self.counts["organisations"] = len(organisations)
        self.progress(
            _("%(count)s other organisations (companies, IT suppliers, foundations…)")
            % {"count": len(organisations)}
        )
        # Everyone the rest of the seed can pick from: (id, name, org_type, is member).
        self.orgs = list(
            Member.objects.order_by("id").values_list("id", "name", "org_type", "status")
        )
        self.org_name = {pk: name for pk, name, _t, _s in self.orgs}
        self.org_type = {pk: org_type for pk, _n, org_type, _s in self.orgs}
        self.is_member = {pk: status == Member.Status.MEMBER for pk, _n, _t, status in self.orgs}
        self.suppliers = [pk for pk, _n, t, _s in self.orgs if t == OrgType.IT_LEVERANTOR]

    def seed_services(self):
        user = self.user()
        services = []
        for name, kind, status, started, ended, _weight, description in SERVICES:
            created = datetime.datetime(started or self.today.year - 1, 1, 15, 10, tzinfo=self.tz)
            services.append(
                Service(
                    name=name,
                    kind=kind,
                    status=status,
                    description=description,
                    started_on=datetime.date(started, 3, 1) if started else None,
                    ended_on=datetime.date(ended, 12, 31) if ended else None,
                    created_at=created,
                    updated_at=self.moment(created),
                    created_by=user,
                    updated_by=user,
                )
            )
        self.services = self.bulk(Service, services)
        self.service_weight = {
            s.pk: spec[5] for s, spec in zip(self.services, SERVICES, strict=True)
        }
        self.counts["services"] = len(self.services)
        self.progress(
            _("%(count)s services, projects and networks") % {"count": len(self.services)}
        )

    def pick_orgs(self, k: int, member_weight: float, other_weight: float) -> list[int]:
        """``k`` organisation ids, members weighted ``member_weight``, the rest ``other``."""
        ids = [pk for pk, *_rest in self.orgs]
        weights = [member_weight if self.is_member[pk] else other_weight for pk in ids]
        return self.rng.choices(ids, weights=weights, k=k)

    def seed_contacts(self):
        rng = self.rng
        emails: set[str] = set()
        contacts = []
        for member_id in self.pick_orgs(self.n["contacts"], 6, 1):
            first, last = self.person()
            org_type = self.org_type[member_id]
            domain = _domain(self.org_name[member_id])
            email = base = f"{_ascii(first)}.{_ascii(last)}"
            suffix = 1
            while f"{email}@{domain}" in emails:
                suffix += 1
                email = f"{base}{suffix}"
            email = f"{email}@{domain}"
            emails.add(email)
            created = self.past(4 * 365, 1)
            user = self.user()
            contacts.append(
                Contact(
                    member_id=member_id,
                    first_name=first,
                    last_name=last,
                    title=rng.choice(TITLES["public" if org_type in PUBLIC_TYPES else "private"]),
                    email=email if rng.random() < 0.95 else None,
                    phone=self.phone() if rng.random() < 0.85 else "",
                    is_active=rng.random() < 0.92,
                    last_verified=self.date_between(created.date(), self.today)
                    if rng.random() < 0.75
                    else None,
                    created_at=created,
                    updated_at=self.moment(created),
                    created_by=user,
                    updated_by=user,
                )
            )
        created = self.bulk(Contact, contacts)
        # Only what later stages need, so a large seed does not keep 100,000 objects around.
        self.contacts = [(c.pk, c.member_id, c.full_name, c.created_at) for c in created]
        self.contacts_of = defaultdict(list)
        for pk, member_id, _name, _created in self.contacts:
            self.contacts_of[member_id].append(pk)
        self.counts["contacts"] = len(self.contacts)
        self.progress(_("%(count)s contacts") % {"count": len(self.contacts)})
        # Converted leads became some of the contacts made in the last 18 months.
        recent = self.now - datetime.timedelta(days=HISTORY_DAYS - 130)
        self.recent_contacts = [c for c in created if c.created_at >= recent] or created

    def seed_leads(self):
        rng = self.rng
        statuses = _spread(
            rng,
            self.n["leads"],
            {"new": 25, "contacted": 20, "qualified": 15, "converted": 25, "disqualified": 15},
        )
        converted_contacts = rng.sample(
            self.recent_contacts, min(statuses.count("converted"), len(self.recent_contacts))
        )
        del self.recent_contacts
        leads = []
        prospects = iter(self.pick_orgs(len(statuses), 1, 3))
        for status in statuses:
            user = self.user() if rng.random() < 0.9 else None
            member_id = next(prospects)
            if status == "converted" and converted_contacts:
                contact = converted_contacts.pop()
                created = self.moment(
                    contact.created_at - datetime.timedelta(days=120),
                    contact.created_at - datetime.timedelta(days=7),
                )
                lead = Lead(
                    first_name=contact.first_name,
                    last_name=contact.last_name,
                    email=contact.email or "",
                    phone=contact.phone,
                    title=contact.title,
                    member_id=contact.member_id,
                    organisation_name=self.org_name[contact.member_id],
                    status=Lead.Status.CONVERTED,
                    converted_contact_id=contact.pk,
                    converted_at=contact.created_at,
                )
            else:
                if status == "converted":
                    status = Lead.Status.QUALIFIED
                first, last = self.person()
                known = rng.random() < 0.7
                organisation = (
                    self.org_name[member_id] if known else f"{rng.choice(self.last_names)} AB"
                )
                recent = {"new": 120, "contacted": 270, "qualified": 365}.get(status, 540)
                created = self.past(recent)
                lead = Lead(
                    first_name=first,
                    last_name=last,
                    email=f"{_ascii(first)}.{_ascii(last)}@{_domain(organisation)}",
                    phone=self.phone() if rng.random() < 0.6 else "",
                    title=rng.choice(TITLES["public"]),
                    member_id=member_id if known else None,
                    organisation_name=organisation,
                    status=status,
                )
            if status == Lead.Status.DISQUALIFIED:
                lead.disqualified_reason = rng.choice(DISQUALIFIED_REASONS)
            lead.source = rng.choice(LEAD_SOURCES)
            lead.owner = user
            lead.created_at, lead.updated_at = created, self.moment(created)
            lead.created_by = lead.updated_by = user or self.user()
            leads.append(lead)
        self.leads = self.bulk(Lead, leads)
        converted = [lead for lead in self.leads if lead.status == Lead.Status.CONVERTED]
        self.counts["leads"] = len(self.leads)
        self.counts["converted_leads"] = len(converted)
        self.progress(
            _("%(count)s leads, %(converted)s of them converted to contacts and deals")
            % {"count": len(self.leads), "converted": len(converted)}
        )

    def seed_deals(self):
        rng = self.rng
        stages = _spread(
            rng,
            self.n["deals"],
            {"new": 15, "qualified": 15, "offer": 15, "negotiation": 15, "won": 25, "lost": 15},
        )
        converted = [lead for lead in self.leads if lead.status == Lead.Status.CONVERTED]
        rng.shuffle(converted)
        open_services = [s for s in self.services if s.status != Service.Status.ENDED]
        running = [s for s in self.services if s.status == Service.Status.ACTIVE]
        weights = [self.service_weight[s.pk] for s in open_services]
        running_weights = [self.service_weight[s.pk] for s in running]
        members = iter(self.pick_orgs(len(stages), 3, 1))
        deals, contact_links = [], []
        for stage in stages:
            lead = converted.pop() if converted else None
            member_id = lead.member_id if lead else next(members)
            if stage == Deal.Stage.WON:
                service = rng.choices(running, weights=running_weights)[0]
            elif rng.random() < 0.95:
                service = rng.choices(open_services, weights=weights)[0]
            else:
                service = None
            created = lead.converted_at if lead else self.past(HISTORY_DAYS, 2)
            owner = (lead.owner if lead and lead.owner else None) or self.user()
            deal = Deal(
                title=rng.choice(DEAL_TITLES).format(
                    service=service.name if service else "Medlemskap",
                    member=self.org_name[member_id],
                ),
                member_id=member_id,
                service=service,
                lead=lead,
                stage=stage,
                probability=Deal.DEFAULT_PROBABILITY[stage],
                value=Decimal(rng.randrange(4, 300) * 5_000) if rng.random() < 0.9 else None,
                owner=owner,
                created_at=created,
                created_by=owner,
                updated_by=owner,
            )
            if stage in Deal.OPEN_STAGES:
                # Some expected closes already passed: an open deal that needs attention.
                deal.expected_close = self.today + datetime.timedelta(days=rng.randint(-30, 180))
                deal.updated_at = self.moment(created)
            else:
                closed = self.moment(created + datetime.timedelta(days=14))
                deal.closed_on = deal.expected_close = timezone.localtime(closed, self.tz).date()
                deal.updated_at = closed
                if stage == Deal.Stage.LOST:
                    deal.lost_reason = rng.choice(Deal.LossReason.values)
                    deal.lost_comment = rng.choice(LOST_COMMENTS)
            deals.append(deal)
        self.deals = self.bulk(Deal, deals)
        self.deal_contacts: dict[int, list[int]] = {}
        for deal in self.deals:
            candidates = self.contacts_of.get(deal.member_id, [])
            chosen = set()
            if deal.lead is not None:
                chosen.add(deal.lead.converted_contact_id)
            if candidates:
                chosen.update(rng.sample(candidates, min(len(candidates), rng.randint(0, 2))))
            self.deal_contacts[deal.pk] = sorted(chosen)
            contact_links += [
                Deal.contacts.through(deal_id=deal.pk, contact_id=pk) for pk in sorted(chosen)
            ]
        self.bulk(Deal.contacts.through, contact_links)
        self.counts["deals"] = len(self.deals)
        self.progress(
            _("%(count)s deals in every stage, with %(contacts)s links to contacts")
            % {"count": len(self.deals), "contacts": len(contact_links)}
        )

    def contract_dates(self, status: str, deal, service):
        """(status, start, end) for a contract of ``status`` (or "deal", "active_overdue")."""
        rng, today = self.rng, self.today
        years = datetime.timedelta(days=365 * rng.randint(1, 4) - 1)
        if deal is not None:
            # A won deal's contract starts after the deal closed and runs two years or more.
            start = deal.closed_on + datetime.timedelta(days=rng.randint(0, 60))
            end = start + datetime.timedelta(days=365 * rng.randint(2, 4) - 1)
            return (Contract.Status.DRAFT if start > today else Contract.Status.ACTIVE), start, end
        if status in ("ended", "terminated", "active_overdue"):
            # In the past: ended as planned, ended early, or ended but still marked active
            # (a real data-quality case the CRM points out).
            start = self.date_between(datetime.date(2012, 1, 1), today - years)
            end = max(start, min(start + years, today - datetime.timedelta(rng.randint(1, 400))))
            if service.ended_on and status != "active_overdue":
                start, end = min(start, service.ended_on), min(end, service.ended_on)
            status = Contract.Status.ACTIVE if status == "active_overdue" else status
            return status, start, end
        if status == Contract.Status.ACTIVE:
            start = today - years + datetime.timedelta(days=rng.randint(1, 300))
            # Some run until further notice.
            return status, start, (start + years if rng.random() < 0.85 else None)
        # Draft: starts in a few months; the parties are still signing.
        start = today + datetime.timedelta(days=rng.randint(10, 120))
        return status, start, start + years

    def seed_contracts(self):
        rng = self.rng
        today = self.today
        won = [deal for deal in self.deals if deal.stage == Deal.Stage.WON]
        rng.shuffle(won)
        n = self.n["contracts"]
        statuses = _spread(
            rng, n, {"active": 60, "draft": 10, "ended": 15, "terminated": 8, "active_overdue": 7}
        )
        party_counts = _spread(rng, n, {1: 45, 2: 20, 3: 15, 4: 10, 5: 10})
        signable = [s for s in self.services if s.status != Service.Status.PLANNED]
        weights = [self.service_weight[s.pk] for s in signable]
        member_ids = [pk for pk, *_rest in self.orgs if self.is_member[pk]]
        contracts, parties, renewals = [], [], []
        renewable = []  # (contract, its parties) that ended as planned, for a renewal to follow
        self.contract_party_name: list[str] = []
        for i, (status, party_count) in enumerate(zip(statuses, party_counts, strict=True)):
            deal = won.pop() if won else None
            previous = None
            if deal is not None:
                service, primary = deal.service, deal.member_id
            elif status == "active" and renewable and rng.random() < 0.3:
                previous, members = renewable.pop(rng.randrange(len(renewable)))
                service, primary = previous.service, members[0]
            else:
                service = rng.choices(signable, weights=weights)[0]
                primary = rng.choice(member_ids)
            status, start, end = self.contract_dates(status, deal, service)
            if previous is not None:
                # A renewal takes over the day after the previous contract ended.
                start = previous.end_date + datetime.timedelta(days=1)
                end = start + datetime.timedelta(days=365 * 3 - 1)
                while end < today:
                    end += datetime.timedelta(days=365)
            else:
                others = rng.sample(member_ids, min(len(member_ids), party_count + 1))
                members = list(dict.fromkeys([primary, *others]))[:party_count]
                if party_count > 1 and self.suppliers and rng.random() < 0.2:
                    members[-1] = rng.choice(self.suppliers)
                    members = list(dict.fromkeys(members))
            created = datetime.datetime.combine(
                min(start, today) - datetime.timedelta(days=rng.randint(5, 60)),
                datetime.time(rng.randint(8, 16)),
                self.tz,
            )
            created = min(created, self.now)
            user = deal.owner if deal else self.user()
            contract = Contract(
                number=f"SAM-{start.year}-{i + 1:05d}",
                title=CONTRACT_TITLES[service.kind].format(
                    service=service.name,
                    member=self.org_name[primary] + (" m.fl." if len(members) > 1 else ""),
                ),
                service=service,
                status=status,
                start_date=start,
                end_date=end,
                value=deal.value if deal else Decimal(rng.randrange(2, 200) * 5_000),
                origin_deal=deal,
                created_at=created,
                updated_at=self.moment(created),
                created_by=user,
                updated_by=user,
            )
            contracts.append(contract)
            self.contract_party_name.append(self.org_name[primary])
            if previous is not None:
                renewals.append((contract, previous))
            elif status == Contract.Status.ENDED and end is not None:
                renewable.append((contract, members))
            signed_dates = []
            for position, member_id in enumerate(members):
                if member_id in self.suppliers and position:
                    role = ContractParty.Role.SUPPLIER
                elif len(members) > 1 and position == 0:
                    role = ContractParty.Role.LEAD_PARTY
                elif service.kind == Kind.NETWORK:
                    role = ContractParty.Role.FUNDER
                else:
                    role = ContractParty.Role.PARTY
                signed = None
                if status != Contract.Status.DRAFT or rng.random() < 0.4:
                    signed = min(start - datetime.timedelta(days=rng.randint(0, 45)), today)
                signed_dates.append(signed)
                parties.append(
                    ContractParty(
                        contract=contract, member_id=member_id, role=role, signed_on=signed
                    )
                )
            # The contract is signed when the last party has signed.
            if None not in signed_dates:
                contract.signed_on = max(signed_dates)
        self.contracts = self.bulk(Contract, contracts)
        for contract, previous in renewals:
            contract.previous_id = previous.pk
        Contract.objects.bulk_update(
            [contract for contract, _previous in renewals], ["previous"], batch_size=BATCH_SIZE
        )
        for party in parties:
            party.contract_id = party.contract.pk
        self.bulk(ContractParty, parties)
        self.counts["contracts"] = len(self.contracts)
        self.counts["contract_parties"] = len(parties)
        self.counts["renewals"] = len(renewals)
        self.progress(
            _("%(count)s contracts with %(parties)s parties, %(renewals)s of them renewals")
            % {"count": len(self.contracts), "parties": len(parties), "renewals": len(renewals)}
        )

    def seed_notes(self):
        rng = self.rng
        service_names = [s.name for s in self.services]
        service_name = {s.pk: s.name for s in self.services}
        contact_name = {pk: name for pk, _m, name, _c in self.contacts}
        history_start = self.now - datetime.timedelta(days=HISTORY_DAYS)

        def first_contact(member_id, default="kontaktpersonen"):
            pks = self.contacts_of.get(member_id)
            return contact_name[pks[0]] if pks else default

        # Per kind of subject: (field, pk, created, usual author, values for the text).
        subjects = {
            "lead": [
                (
                    "lead",
                    lead.pk,
                    lead.created_at,
                    lead.owner,
                    {
                        "contact": str(lead),
                        "member": lead.organisation_name,
                        "source": lead.source.lower(),
                    },
                )
                for lead in self.leads
            ],
            "deal": [
                (
                    "deal",
                    deal.pk,
                    deal.created_at,
                    deal.owner,
                    {
                        "member": self.org_name[deal.member_id],
                        "service": deal.service.name if deal.service else "medlemskapet",
                        "contact": contact_name[self.deal_contacts[deal.pk][0]]
                        if self.deal_contacts[deal.pk]
                        else first_contact(deal.member_id),
                    },
                )
                for deal in self.deals
            ],
            "member": [
                ("member", pk, history_start, None, {"member": name, "contact": first_contact(pk)})
                for pk, name, _t, _s in self.orgs
                if self.is_member[pk]
            ],
            "contact": [
                (
                    "contact",
                    pk,
                    created,
                    None,
                    {"contact": name, "member": self.org_name[member_id]},
                )
                for pk, member_id, name, created in self.contacts
            ],
            "contract": [
                (
                    "contract",
                    c.pk,
                    c.created_at,
                    c.created_by,
                    {"member": name, "service": service_name[c.service_id]},
                )
                for c, name in zip(self.contracts, self.contract_party_name, strict=True)
            ],
        }
        kinds = {"lead": 25, "deal": 30, "member": 15, "contact": 20, "contract": 10}
        note_kinds = list(Note.Kind.values)

        def notes():
            for kind in _spread(rng, self.n["notes"], kinds):
                field, pk, created, owner, values = rng.choice(subjects[kind])
                values = {"service": rng.choice(service_names), **values}
                at = self.moment(max(created, history_start))
                author = owner if owner and rng.random() < 0.7 else self.user()
                note = Note(
                    text=rng.choice(NOTE_TEXTS[kind]).format(**values),
                    kind=rng.choice(note_kinds),
                    occurred_at=at,
                    author=author,
                    created_at=at,
                    updated_at=at,
                    created_by=author,
                    updated_by=author,
                    **{f"{field}_id": pk},
                )
                # A note about a deal often also names the contact it was with.
                if field == "deal" and self.deal_contacts[pk] and rng.random() < 0.3:
                    note.contact_id = rng.choice(self.deal_contacts[pk])
                yield note

        self.bulk(Note, notes(), keep=False)
        self.counts["notes"] = self.inserted
        self.progress(_("%(count)s notes over the last 18 months") % {"count": self.inserted})


# --- The demo installation (make demo) -------------------------------------------------------

DEMO_USERNAME = "demo"


class DemoSetupRefused(Exception):
    """The database is not one a demo may be set up in."""


def demo_database_problem(settings_dict: dict, project_database) -> str | None:
    """Why the database of ``settings_dict`` must not get the demo, or None.

    The demo belongs in a database of its own (``make demo``: demo.sqlite3), with DEBUG on:
    never in the database ``make run`` uses (``project_database``), nor in production.
    """
    if not settings.DEBUG:
        return _("The demo is for trying the CRM on your own computer: it needs DEBUG on.")
    name = settings_dict.get("NAME")
    sqlite = settings_dict.get("ENGINE", "").endswith("sqlite3")
    if sqlite and name and Path(str(name)).resolve() == Path(project_database).resolve():
        return _(
            "This is the CRM's own database (%(name)s). The demo has a database of its "
            "own: run make demo, which uses demo.sqlite3."
        ) % {"name": Path(project_database).name}
    return None


def demo_setup(
    *, scale: float = 1, progress: Callable[[str], None] | None = None
) -> tuple[object, str, bool]:
    """Fill an empty demo database with ``demo_seed``'s data, then give it a case officer
    (Handläggare, who need no two-factor login) with a new generated password.

    Returns (user, password, seeded). A database with records but without the demo case
    officer was not made by this function: refused (DemoSetupRefused), so that a demo
    account never appears among real data. Run again, it only sets a new password.
    """
    User = get_user_model()
    account = User.objects.filter(username=DEMO_USERNAME).first()
    seeded = False
    try:
        demo_seed(scale=scale, progress=progress)
        seeded = True
    except DemoSeedRefused as exc:
        if account is None:
            raise DemoSetupRefused(str(exc)) from exc
    group = Group.objects.filter(name=EDITOR).first()
    if group is None:
        sync_roles(Group, Permission)
        group = Group.objects.get(name=EDITOR)
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        if account is None:
            account = User(username=DEMO_USERNAME, first_name="Demo", last_name="Handläggare")
        account.is_staff = account.is_superuser = False
        account.is_active = True
        account.set_password(password)
        account.save()
        account.groups.set([group])
    return account, password, seeded
