"""A small Sambruk whose every report number can be worked out by hand.

Two counties with known populations for 2023 and 2024:

    County A (41)  Alby      kommun  member         10 000 / 11 000
                   Aby       kommun  not a member   20 000 / 21 000
                   Region A  region  member         30 000 / 32 000
    County B (42)  Bby       kommun  member         40 000 / 42 000
                   Bstad     kommun  former member   5 000 /  5 000
                   Bköping   kommun  member          3 000 /   (none for 2024)
                   Region B  region  not a member      —    / 50 000
                   Lev AB    IT supplier, not a member, no population
    (no county)    IT AB     company, member, no population

Sweden (all municipalities): 78 000 in 2023, 79 000 in 2024.

Services EGIL and Digidel (active), Ny tjänst (active, unused), Gammal (ended). Contracts,
relative to today unless a year is named (Y is three years ahead, beyond the next 12 months):

    C1  EGIL     active, in force, ends today+30     100 000  Alby, Bby
    C2  EGIL     active, ended today-40 (overdue)     50 000  Aby
    C3  Digidel  active, in force, no end            200 000  Region A, IT AB
    C4  Digidel  ended                                10 000  Bby
    C5  EGIL     active, starts today+10, ends +200   30 000  Bstad
    C6  EGIL     draft, no party
    C7  Gammal   draft                                        Bköping
    C8  Digidel  active, in force, ends today+60      70 000  Bby
    C9  Digidel  active, in force, no end, no value          Region A (again)
    C10 Digidel  ended, ends Y-03-15                  10 000  Aby
    C11 EGIL     active, Y-01-01 to Y-03-31            5 000  Bby

Deals (``editor`` owns D1, D3, D4, D6; ``other`` owns D2, D5):

    D1 new          EGIL     100 000  10 %   Alby
    D2 new          EGIL      50 000  10 %   Bby
    D3 offer        Digidel  200 000  50 %   Region A
    D4 negotiation  —         80 000  75 %   Bstad
    D5 qualified    Digidel      —    25 %   IT AB
    D6 offer        EGIL       1 001,50 33 % Aby
    W1 won  2025-02-10 EGIL 300 000 Alby;   W2 won  2025-05-20 Digidel 100 000 Bby
    L1 lost 2025-03-31 EGIL  40 000 price Aby;   L2 lost 2025-08-01 Digidel 60 000 price Bstad
    L3 lost 2025-12-31 EGIL  — no need Region A;  L4 lost 2024-12-31 EGIL 10 000 timing Alby
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.roles import EDITOR
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import CountyFactory, MemberFactory, PopulationFigureFactory
from notes.tests.factories import NoteFactory
from services.models import Service
from services.tests.factories import ServiceFactory

K = Member.OrgType.KOMMUN
MEMBER, NOT_MEMBER, FORMER = (
    Member.Status.MEMBER,
    Member.Status.NOT_MEMBER,
    Member.Status.FORMER_MEMBER,
)


def organisation(name, county, org_type, status, figures=None, kommunkod=None):
    """A member with its population figures {year: population}; the newest is current."""
    figures = figures or {}
    newest = max(figures, default=None)
    member = MemberFactory(
        name=name,
        county=county,
        org_type=org_type,
        status=status,
        kommunkod=kommunkod,
        population=figures.get(newest),
        population_year=newest,
    )
    for year, population in figures.items():
        PopulationFigureFactory(member=member, year=year, population=population)
    return member


def contract(service, status, parties, *, start=None, end=None, value=None):
    return ContractFactory(
        service=service,
        status=status,
        parties=parties,
        start_date=start,
        end_date=end,
        value=value,
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def world(db, editor, today):
    days = datetime.timedelta
    a = CountyFactory(code="41", name="Län A")
    b = CountyFactory(code="42", name="Län B")
    m = SimpleNamespace(
        alby=organisation("Alby", a, K, MEMBER, {2023: 10_000, 2024: 11_000}, "4101"),
        aby=organisation("Aby", a, K, NOT_MEMBER, {2023: 20_000, 2024: 21_000}, "4102"),
        region_a=organisation(
            "Region A", a, Member.OrgType.REGION, MEMBER, {2023: 30_000, 2024: 32_000}
        ),
        bby=organisation("Bby", b, K, MEMBER, {2023: 40_000, 2024: 42_000}, "4201"),
        bstad=organisation("Bstad", b, K, FORMER, {2023: 5_000, 2024: 5_000}, "4202"),
        bkoping=organisation("Bköping", b, K, MEMBER, {2023: 3_000}, "4203"),
        region_b=organisation("Region B", b, Member.OrgType.REGION, NOT_MEMBER, {2024: 50_000}),
        lev=organisation("Lev AB", b, Member.OrgType.IT_LEVERANTOR, NOT_MEMBER),
        it_ab=organisation("IT AB", None, Member.OrgType.FORETAG, MEMBER),
    )

    s = SimpleNamespace(
        egil=ServiceFactory(name="EGIL"),
        digidel=ServiceFactory(name="Digidel"),
        new=ServiceFactory(name="Ny tjänst"),
        old=ServiceFactory(name="Gammal", status=Service.Status.ENDED),
    )

    y = today.year + 3
    active, ended, draft = Contract.Status.ACTIVE, Contract.Status.ENDED, Contract.Status.DRAFT
    c = SimpleNamespace(
        c1=contract(
            s.egil,
            active,
            [m.alby, m.bby],
            start=today - days(365),
            end=today + days(30),
            value=100_000,
        ),
        c2=contract(
            s.egil, active, [m.aby], start=today - days(730), end=today - days(40), value=50_000
        ),
        c3=contract(
            s.digidel, active, [m.region_a, m.it_ab], start=today - days(100), value=200_000
        ),
        c4=contract(
            s.digidel,
            ended,
            [m.bby],
            start=today - days(800),
            end=today - days(400),
            value=10_000,
        ),
        c5=contract(
            s.egil,
            active,
            [m.bstad],
            start=today + days(10),
            end=today + days(200),
            value=30_000,
        ),
        c6=contract(s.egil, draft, []),
        c7=contract(s.old, draft, [m.bkoping]),
        c8=contract(
            s.digidel,
            active,
            [m.bby],
            start=today - days(50),
            end=today + days(60),
            value=70_000,
        ),
        c9=contract(s.digidel, active, [m.region_a], start=today - days(20)),
        c10=contract(s.digidel, ended, [m.aby], end=datetime.date(y, 3, 15), value=10_000),
        c11=contract(
            s.egil,
            active,
            [m.bby],
            start=datetime.date(y, 1, 1),
            end=datetime.date(y, 3, 31),
            value=5_000,
        ),
    )

    other = UserFactory(username="annan", roles=[EDITOR])

    def deal(stage, service, value, probability, member, owner=None, **kwargs):
        return DealFactory(
            stage=stage,
            service=service,
            value=value,
            probability=probability,
            member=member,
            owner=owner,
            **kwargs,
        )

    st = Deal.Stage
    d = SimpleNamespace(
        d1=deal(st.NEW, s.egil, 100_000, 10, m.alby, editor),
        d2=deal(st.NEW, s.egil, 50_000, 10, m.bby, other),
        d3=deal(st.OFFER, s.digidel, 200_000, 50, m.region_a, editor),
        d4=deal(st.NEGOTIATION, None, 80_000, 75, m.bstad, editor),
        d5=deal(st.QUALIFIED, s.digidel, None, 25, m.it_ab, other),
        d6=deal(st.OFFER, s.egil, Decimal("1001.50"), 33, m.aby, editor),
        w1=deal(st.WON, s.egil, 300_000, 100, m.alby, closed_on=datetime.date(2025, 2, 10)),
        w2=deal(st.WON, s.digidel, 100_000, 100, m.bby, closed_on=datetime.date(2025, 5, 20)),
        l1=deal(
            st.LOST,
            s.egil,
            40_000,
            0,
            m.aby,
            closed_on=datetime.date(2025, 3, 31),
            lost_reason=Deal.LossReason.PRICE,
        ),
        l2=deal(
            st.LOST,
            s.digidel,
            60_000,
            0,
            m.bstad,
            closed_on=datetime.date(2025, 8, 1),
            lost_reason=Deal.LossReason.PRICE,
        ),
        l3=deal(
            st.LOST,
            s.egil,
            None,
            0,
            m.region_a,
            closed_on=datetime.date(2025, 12, 31),
            lost_reason=Deal.LossReason.NO_NEED,
        ),
        l4=deal(
            st.LOST,
            s.egil,
            10_000,
            0,
            m.alby,
            closed_on=datetime.date(2024, 12, 31),
            lost_reason=Deal.LossReason.TIMING,
        ),
    )
    # Stale: D1 (editor's) and D2 (other's) have had no note since they were made 40 days
    # ago; D3 is as old but has a note from three days ago.
    long_ago = timezone.now() - days(40)
    Deal.objects.filter(pk__in=[d.d1.pk, d.d2.pk, d.d3.pk]).update(created_at=long_ago)

    leads = SimpleNamespace(
        forgotten=LeadFactory(status=Lead.Status.NEW),
        followed=LeadFactory(status=Lead.Status.CONTACTED),
        fresh=LeadFactory(status=Lead.Status.NEW),
    )
    Lead.objects.filter(pk__in=[leads.forgotten.pk, leads.followed.pk]).update(
        created_at=timezone.now() - days(20)
    )

    three_days_ago = timezone.now() - days(3)
    notes = SimpleNamespace(
        on_d3=NoteFactory(deal=d.d3, member=None, occurred_at=three_days_ago, text="Offert"),
        on_lead=NoteFactory(
            lead=leads.followed, member=None, occurred_at=three_days_ago, text="Ringt"
        ),
        old=NoteFactory(member=m.alby, occurred_at=timezone.now() - days(30), text="Gammal"),
    )

    contacts = SimpleNamespace(
        never=ContactFactory(member=m.alby, last_verified=None),
        long_ago=ContactFactory(member=m.bby, last_verified=today - days(400)),
        recent=ContactFactory(member=m.bby, last_verified=today - days(10)),
        gone=ContactFactory(member=m.aby, last_verified=None, is_active=False),
    )
    return SimpleNamespace(
        counties=SimpleNamespace(a=a, b=b),
        m=m,
        s=s,
        c=c,
        d=d,
        leads=leads,
        notes=notes,
        contacts=contacts,
        editor=editor,
        other=other,
        future_year=y,
    )
