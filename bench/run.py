"""Benchmark: server time and SQL queries of every page, at Sambruk's size and far beyond.

    python -m bench.run --scale 100 --db sqlite      # or --db postgres
    python -m bench.run --scale 0.05 --repeat 3      # what CI runs, so the benchmark cannot rot

Builds (or reuses) a database filled by ``seed_demo --scale N``, then requests each page
through Django's test client and records p50/p95 server time over ``--repeat`` requests and
the number of SQL queries. Results go to bench/results/<db>-scale<N>.json and .md, and the
pages that miss their budget are printed. It is a benchmark, not a test: it never fails a
build on timings (pass --strict to exit non-zero on a miss).
"""

import argparse
import contextlib
import gc
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / "data"

# Budgets on a 2-core machine at scale 100 (see the README, "Performance").
BUDGET_PAGE_MS = 100
BUDGET_REPORT_MS = 250
BUDGET_QUERIES = 12
BUDGET_EXPORT_MS = 3000
BUDGET_IMPORT_MS = 1000
BUDGET_SEED_S = 300
PAGE_50_SLOWDOWN = 1.2
FLOOR_RATIO = 2.0  # a list page at most twice its rows in a plain template
SHUFFLE_SEED = 14
EXPORT_ROWS = 10_000
# The invoicing basis is measured with this many organisations besides the municipalities
# and regions as members (measure_fees).
FEE_OTHER_MEMBERS = 3_000
LIST_PAGE_ROWS = 50
MISS = "zzzqx"  # a term no record contains


@dataclass
class Measurement:
    name: str
    url: str
    kind: str  # page, floor, admin, api, report, export, import
    status: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    # CPU time of this process (the server's Python and, on SQLite, the database): on a
    # shared machine, where waiting for a core inflates p50 and p95, what the page costs.
    cpu_p50_ms: float = 0.0
    queries: int = 0
    budget_ms: float = 0.0
    peak_kib: float | None = None  # exports: memory allocated at the peak of one request
    rows: int | None = None  # exports: rows written
    floor_ratio: float | None = None  # lists: p50 / p50 of the same rows in a plain template
    misses: list[str] = field(default_factory=list)


def configure(db: str, scale: float, rebuild: bool) -> str:
    """Point Django at the benchmark database (production settings, no HTTPS redirect)."""
    label = f"{scale:g}".replace(".", "_")
    if db == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / f"bench-scale{label}.sqlite3"
        if rebuild and path.exists():
            path.unlink()
        url = f"sqlite:///{path}"
    else:
        url = os.environ.get(
            "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/sambruk_bench_{label}"
        )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sambruk_crm.settings"
    sys.path.insert(0, str(ROOT))
    if db == "postgres":
        _ensure_postgres_database(url, rebuild)
    import django

    django.setup()
    from django.conf import settings

    # The floor of each list (bench/floor.py) is served beside the CRM's own pages.
    settings.ROOT_URLCONF = "bench.floor"
    settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], ROOT / "bench" / "templates"]
    # Static files are not what is measured; serve them without a manifest.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    settings.WHITENOISE_AUTOREFRESH = True
    return url


def _ensure_postgres_database(url: str, rebuild: bool) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def build(scale: float) -> float | None:
    """Migrate and seed unless the database already holds demo data; seconds spent seeding.

    Both run in processes of their own: they leave many Python objects behind (rendered
    migration states, seeded rows), and every garbage collection in the measuring process
    would walk them (the services report took twice as long after a migration in-process).
    """
    from contacts.models import Contact

    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], cwd=ROOT, check=True)
    if Contact.objects.exists():
        return None
    started = time.perf_counter()
    subprocess.run([*manage, "seed_demo", "--scale", f"{scale:g}"], cwd=ROOT, check=True)
    seconds = time.perf_counter() - started
    _vacuum()
    return seconds


def _vacuum() -> None:
    """On PostgreSQL, what the server does in the minutes after a bulk load (vacuum, and a
    checkpoint writing the loaded pages out), done before measuring instead of during it:
    it doubled the services report's time."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
            conn.execute("CHECKPOINT")  # superuser or pg_checkpoint only


def bench_user():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.roles import EDITOR

    user, created = get_user_model().objects.get_or_create(
        username="bench", defaults={"first_name": "Bench", "last_name": "Mark"}
    )
    if created:
        user.groups.add(Group.objects.get(name=EDITOR))
    return user


def bench_administrator():
    """A superuser past two-factor login: what the admin requires."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user, created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return user, device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)


def admin_client():
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    user, device = bench_administrator()
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages():
    """(name, url, kind) for every page the budgets cover, with the heaviest records."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from contacts.models import Contact
    from contracts.models import Contract
    from deals.models import Deal
    from leads.models import Lead
    from members.models import Member
    from notes.models import Note
    from services.models import Service

    lists = {
        "members": ("?status=member&org_type=kommun", "-population", "sto"),
        "contacts": ("?is_active=true", "member", "anna"),
        "leads": ("?status=new", "organisation_name", "ab"),
        "deals": ("?stage=offer", "value", "egil"),
        "contracts": ("?status=active", "end_date", "egil"),
        "services": ("?kind=service", "kind", "e"),
        "notes": ("?kind=call", "author", "möte"),
    }
    models = {
        "members": Member,
        "contacts": Contact,
        "leads": Lead,
        "deals": Deal,
        "contracts": Contract,
        "services": Service,
        "notes": Note,
    }
    rare = rare_surname()
    result = []
    for app, (filtered, sort, q) in lists.items():
        base = reverse(f"{app}:list")
        result += [
            (f"{app} list", base, "page"),
            (f"{app} floor", reverse("bench-floor", args=[app]), "floor"),
            (f"{app} filtered", base + filtered, "page"),
            (f"{app} sorted", f"{base}?sort={sort}", "page"),
            (f"{app} searched", f"{base}?q={q}", "page"),
            (f"{app} searched rare", f"{base}?q={quote(rare)}", "page"),
            (f"{app} searched miss", f"{base}?q={MISS}", "page"),
        ]
        # Page 50 of a list that has fewer pages would measure an empty page.
        if models[app].objects.count() > 49 * LIST_PAGE_ROWS:
            result.append((f"{app} page 50", f"{base}?page=50", "page"))

    heaviest = {
        "members": Member.objects.annotate(n=Count("contacts")).order_by("-n").first(),
        "contacts": Contact.objects.annotate(n=Count("notes")).order_by("-n").first(),
        "leads": Lead.objects.annotate(n=Count("notes")).order_by("-n").first(),
        "deals": Deal.objects.annotate(n=Count("notes")).order_by("-n").first(),
        "contracts": Contract.objects.annotate(n=Count("party_links")).order_by("-n").first(),
        "services": Service.objects.annotate(n=Count("contracts")).order_by("-n").first(),
        "notes": Note.objects.order_by("-occurred_at").first(),
    }
    for app, obj in heaviest.items():
        if obj is not None:
            result.append((f"{app} detail", obj.get_absolute_url(), "page"))

    # The admin of each record type: its list, a search for a common and a rare term, and
    # the change page of the record with the most related rows.
    for app, (_filtered, _sort, q) in lists.items():
        opts = models[app]._meta
        base = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        result += [
            (f"admin {app} list", base, "admin"),
            (f"admin {app} searched", f"{base}?q={q}", "admin"),
            (f"admin {app} searched rare", f"{base}?q={quote(rare)}", "admin"),
        ]
        if heaviest[app] is not None:
            change = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[heaviest[app].pk]
            )
            result.append((f"admin {app} change", change, "admin"))

    result.append(("global search", reverse("search") + "?q=kommun", "page"))
    result.append(("global search rare", reverse("search") + f"?q={quote(rare)}", "page"))
    result.append(("global search miss", reverse("search") + f"?q={MISS}", "page"))
    result.append(("dashboard", reverse("home"), "report"))
    for name in ("index", "membership", "services", "contracts", "pipeline"):
        with contextlib.suppress(NoReverseMatch):  # a report this version does not have
            result.append((f"report {name}", reverse(f"reports:{name}"), "report"))
    # The maps: the services report with one service on its map, and each map as a file.
    service = heaviest["services"]
    with contextlib.suppress(NoReverseMatch):
        if service is not None:
            url = f"{reverse('reports:services')}?service={service.pk}"
            result.append(("report services, one service's map", url, "report"))
        for name in ("membership_map", "services_map"):
            result.append((f"report {name} (SVG)", reverse(f"reports:{name}"), "report"))
    return result


def rare_surname() -> str:
    """A surname that three or fewer contacts have (one word, six letters or more): what
    staff search for when they look for one person. The same one for the same data."""
    from django.db.models import Count
    from django.db.models.functions import Length

    from contacts.models import Contact

    names = list(
        Contact.objects.values("last_name")
        .annotate(n=Count("id"), length=Length("last_name"))
        .filter(n__lte=3, length__gte=6)
        .exclude(last_name__contains=" ")
        .exclude(last_name__contains="-")
        .order_by("last_name")
        .values_list("last_name", flat=True)
    )
    return names[len(names) // 2] if names else MISS


def api_pages(client):
    """(name, url, kind) for the REST API's lists of contacts, members and notes: the first
    page, filtered, searched, and a deep cursor (the 50th page, reached by following
    ``next``), each with a token as another system would send it."""
    lists = {
        "members": ("?status=member&org_type=kommun", "sto"),
        "contacts": ("?is_active=true", "anna"),
        "notes": ("?kind=call", "möte"),
    }
    result = []
    for name, (filtered, q) in lists.items():
        base = f"/api/v1/{name}/"
        result += [
            (f"api {name} list", base, "page"),
            (f"api {name} filtered", base + filtered, "page"),
            (f"api {name} searched", f"{base}?q={q}", "page"),
        ]
        url, pages = base, 1
        while pages < 50:
            url = client.get(url).json()["next"]
            if url is None:
                break
            pages += 1
        if url is not None:
            result.append((f"api {name} page 50", url.replace("http://testserver", ""), "page"))
    return result


def api_client(user):
    from django.conf import settings
    from django.test import Client

    from api.models import ApiToken

    settings.API_THROTTLE_RATE = "1000000/minute"  # the benchmark measures, it is not limited
    ApiToken.objects.filter(user=user, name="bench").delete()
    _token, raw = ApiToken.objects.create(user=user, expiry=None, name="bench", role="editor")
    return Client(HTTP_AUTHORIZATION=f"Token {raw}")


def measure(client, name, url, kind, repeat) -> Measurement:
    """p50/p95 of ``repeat`` requests of ``url`` after one to warm up, and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    m = Measurement(name=name, url=url, kind=kind)
    m.budget_ms = BUDGET_REPORT_MS if kind == "report" else BUDGET_PAGE_MS
    client.get(url)  # warm caches the way a running server has them
    times, cpu = [], []
    for _ in range(repeat):
        # Each request starts with nothing left for the garbage collector by the ones before
        # (its own collections still count).
        gc.collect()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                for _chunk in response.streaming_content:
                    pass
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    m.status = response.status_code
    m.queries = len(queries)
    m.cpu_p50_ms = statistics.median(cpu)
    m.p50_ms = statistics.median(times)
    m.p95_ms = _p95(times)
    return m


def measure_pages(clients, pages, repeat) -> list[Measurement]:
    """Every page ``repeat`` times, the pages in a new random order each round, each request
    after a garbage collection; p50/p95 and CPU time per page, and its queries.

    A server worker answers one page after another of every kind; twenty requests in a row of
    one page would see caches warmed and memory laid out by that page alone, which no worker
    does. Each page is requested once first, as a running server has.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for name, url, kind in pages:
        clients[kind].get(url)
        m = Measurement(name=name, url=url, kind=kind)
        m.budget_ms = BUDGET_REPORT_MS if kind == "report" else BUDGET_PAGE_MS
        results[name] = (m, [], [])
    rng = random.Random(SHUFFLE_SEED)
    order = list(pages)
    for _ in range(repeat):
        rng.shuffle(order)
        for name, url, kind in order:
            m, times, cpu = results[name]
            gc.collect()
            # CaptureQueriesContext counts from the connection's log, which holds 9,000.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = clients[kind].get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            m.status, m.queries = response.status_code, len(queries)
    for m, times, cpu in results.values():
        m.p50_ms, m.p95_ms = statistics.median(times), _p95(times)
        m.cpu_p50_ms = statistics.median(cpu)
    return [results[name][0] for name, _url, _kind in pages]


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def measure_exports(client, repeat) -> list[Measurement]:
    """About 10,000 notes (the newest days that hold them) and every contact, as CSV, through
    the lists' export. The budget is 3 s per 10,000 rows; memory must not grow with the rows.
    """
    from django.urls import reverse
    from django.utils import timezone

    from contacts.models import Contact
    from notes.models import Note

    results = []
    newest = Note.objects.order_by("-occurred_at").values_list("occurred_at", flat=True)
    tenth_thousand = newest[EXPORT_ROWS - 1 : EXPORT_ROWS].first()
    if tenth_thousand is not None:
        since = timezone.localtime(tenth_thousand).date()
        rows = Note.objects.filter(occurred_at__date__gte=since).count()
        url = reverse("notes:list") + f"?occurred_after={since.isoformat()}&_export=csv"
        results.append(measure_export(client, f"export {rows} notes csv", url, rows, repeat))
    rows = Contact.objects.count()
    url = reverse("contacts:list") + "?_export=csv"
    results.append(measure_export(client, f"export {rows} contacts csv", url, rows, repeat))
    for m in results:
        m.kind = "list export"
    return results


def measure_export(client, name, url, rows, repeat) -> Measurement:
    m = measure(client, name, url, "export", max(3, repeat // 5))
    m.rows = rows
    m.budget_ms = BUDGET_EXPORT_MS * max(1, rows / EXPORT_ROWS)
    # Memory in a run of its own: tracing allocations slows the request several times.
    tracemalloc.start()
    response = client.get(url)
    for _chunk in getattr(response, "streaming_content", ()):
        pass
    m.peak_kib = tracemalloc.get_traced_memory()[1] / 1024
    tracemalloc.stop()
    return m


def measure_fees(client, repeat) -> list[Measurement]:
    """The invoicing basis at its largest: every municipality and region a member, and 3,000
    other organisations (FEE_OTHER_MEMBERS), with a schedule for the year after the newest
    population and the year before it. Its page (a report's budget) and its exports (the
    export budget). Made in a transaction that is rolled back: the database stays as seeded.
    """
    from decimal import Decimal

    from django.contrib.auth.models import Permission
    from django.db import transaction
    from django.urls import reverse

    from fees.models import FeeBand, FeeSchedule
    from members.models import Member, PopulationFigure

    results = []
    newest = PopulationFigure.objects.order_by("-year").values_list("year", flat=True).first()
    if newest is None:
        return results
    year = newest + 1
    try:
        with transaction.atomic():
            user = client.session.get("_auth_user_id")
            permission = Permission.objects.get(codename="invoice", content_type__app_label="fees")
            permission.user_set.add(user)
            Member.objects.filter(
                org_type__in=[Member.OrgType.KOMMUN, Member.OrgType.REGION]
            ).update(status=Member.Status.MEMBER)
            others = Member.objects.exclude(
                org_type__in=[Member.OrgType.KOMMUN, Member.OrgType.REGION]
            )
            missing = FEE_OTHER_MEMBERS - others.filter(status=Member.Status.MEMBER).count()
            others.update(status=Member.Status.MEMBER)
            Member.objects.bulk_create(
                Member(
                    name=f"Benchmark AB {i:04d}",
                    org_type=Member.OrgType.FORETAG,
                    status=Member.Status.MEMBER,
                    address="Storgatan 1",
                    city="Orten",
                )
                for i in range(max(0, missing))
            )
            for fee_year in (year - 1, year):
                schedule, _created = FeeSchedule.objects.get_or_create(
                    year=fee_year,
                    defaults={
                        "population_year": fee_year - 1,
                        "other_entry_fee": Decimal(5000),
                        "other_annual_fee": Decimal(25000),
                    },
                )
                if not schedule.bands.exists():
                    FeeBand.objects.create(
                        schedule=schedule,
                        lower=0,
                        upper=None,
                        entry_fee=Decimal(5000),
                        annual_fee=Decimal(5000),
                    )
            rows = Member.objects.filter(status=Member.Status.MEMBER).count()
            url = reverse("fees:basis", args=[year])
            results.append(measure(client, f"fees basis {rows} members", url, "report", repeat))
            for export_format in ("csv", "xlsx"):
                results.append(
                    measure_export(
                        client,
                        f"export fees basis {rows} members {export_format}",
                        f"{url}?_export={export_format}",
                        rows,
                        repeat,
                    )
                )
            raise _Rollback
    except _Rollback:
        pass
    return results


def measure_import(repeat) -> Measurement:
    """The yearly population import of a 290-row SCB file, rolled back after each run."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from members.models import Member
    from members.services import population_import

    municipalities = Member.objects.filter(kommunkod__isnull=False).order_by("kommunkod")
    lines = ['"region","2030"']
    lines += [f'"{m.kommunkod} {m.name}",{(m.population or 1000) + 7}' for m in municipalities]
    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as f:
        f.write("\r\n".join(lines).encode("cp1252") + b"\r\n")
        path = f.name
    m = Measurement(name="population import 290 rows", url=path, kind="import")
    m.budget_ms = BUDGET_IMPORT_MS
    times = []
    for _ in range(max(3, repeat // 5)):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    population_import(path=path)
                    raise _Rollback
            except _Rollback:
                pass
            times.append((time.perf_counter() - started) * 1000)
    os.unlink(path)
    m.status, m.queries = 200, len(queries)
    m.p50_ms, m.p95_ms = statistics.median(times), _p95(times)
    return m


class _Rollback(Exception):
    pass


def check_budgets(results: list[Measurement]) -> None:
    by_name = {m.name: m for m in results}
    # The lists' exports share one engine (core/exports.py): the one with the most rows may
    # not need much more memory than the one with the fewest. (A report's export writes other
    # columns, so its memory says nothing of the lists'.)
    exports = [m for m in results if m.kind == "list export" and m.peak_kib is not None]
    smallest_export = min(exports, key=lambda m: m.rows or 0, default=None)
    for m in results:
        if m.status >= 400:
            m.misses.append(f"HTTP {m.status}")
        if m.p95_ms > m.budget_ms:
            m.misses.append(f"p95 {m.p95_ms:.0f} ms > {m.budget_ms:.0f} ms")
        if m.kind in ("page", "floor", "admin", "api", "report") and m.queries > BUDGET_QUERIES:
            m.misses.append(f"{m.queries} queries > {BUDGET_QUERIES}")
        if m in exports and m.peak_kib > 2 * smallest_export.peak_kib:
            m.misses.append(
                f"memory {m.peak_kib:.0f} KiB > 2 × {smallest_export.peak_kib:.0f} KiB "
                f"of the export of {smallest_export.rows} rows: grows with the rows"
            )
        if m.name.endswith(" list"):
            floor = by_name.get(m.name.replace(" list", " floor"))
            if floor and floor.p50_ms:
                m.floor_ratio = m.p50_ms / floor.p50_ms
                if m.floor_ratio > FLOOR_RATIO:
                    m.misses.append(
                        f"p50 {m.p50_ms:.0f} ms > {FLOOR_RATIO:g} × its floor {floor.p50_ms:.0f} ms"
                    )
        if m.name.endswith("page 50"):
            first = by_name.get(m.name.replace("page 50", "list"))
            if first and m.p95_ms > first.p95_ms * PAGE_50_SLOWDOWN:
                m.misses.append(f"page 50 {m.p95_ms:.0f} ms > 1.2 × page 1 {first.p95_ms:.0f} ms")


def write_results(folder, db, scale, seed_seconds, counts, results, only=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{db}-scale{scale:g}{'-only' if only else ''}".replace(".", "_")
    meta = {
        "database": db,
        "scale": scale,
        "seed_seconds": seed_seconds,
        "rows": counts,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    stem.with_name(stem.name + ".json").write_text(
        json.dumps({**meta, "pages": [asdict(m) for m in results]}, indent=2, ensure_ascii=False)
    )
    lines = [
        f"# Benchmark: {db}, scale {scale:g}",
        "",
        f"{meta['date']} · {meta['machine']} · rows: "
        + ", ".join(f"{k} {v:,}".replace(",", " ") for k, v in counts.items()),
        "",
    ]
    if seed_seconds is not None:
        lines += [f"seed_demo took {seed_seconds:.0f} s (budget {BUDGET_SEED_S} s).", ""]
    lines += [
        "| page | p50 ms | p95 ms | CPU p50 ms | × floor | queries | budget ms | peak memory KiB "
        "| status |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for m in results:
        verdict = "; ".join(m.misses) or "ok"
        memory = f"{m.peak_kib:.0f}" if m.peak_kib is not None else ""
        cells = (
            m.name,
            f"{m.p50_ms:.1f}",
            f"{m.p95_ms:.1f}",
            f"{m.cpu_p50_ms:.1f}",
            f"{m.floor_ratio:.2f}" if m.floor_ratio is not None else "",
            m.queries,
            f"{m.budget_ms:.0f}",
            memory,
        )
        lines.append("| " + " | ".join(map(str, cells)) + f" | {verdict} |")
    stem.with_name(stem.name + ".md").write_text("\n".join(lines) + "\n")
    return stem


def row_counts():
    from contacts.models import Contact
    from contracts.models import Contract
    from deals.models import Deal
    from leads.models import Lead
    from members.models import Member
    from notes.models import Note

    return {
        model._meta.verbose_name_plural.__str__(): model.objects.count()
        for model in (Member, Contact, Lead, Deal, Contract, Note)
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=100)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page (≥ 20)")
    parser.add_argument("--rebuild", action="store_true", help="drop and seed the database anew")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for the results")
    parser.add_argument(
        "--only",
        metavar="REGEX",
        help="measure only the pages whose name matches (no exports or import); results "
        "go to <db>-scale<N>-only.md",
    )
    args = parser.parse_args(argv)

    configure(args.db, args.scale, args.rebuild)
    from django.test import Client
    from django.utils import translation

    translation.activate("sv")
    seed_seconds = build(args.scale)
    client = Client()
    client.force_login(bench_user())

    token_client = api_client(bench_user())
    api = [(name, url, "api") for name, url, _kind in api_pages(token_client)]
    chosen = [page for page in pages() + api if not args.only or re.search(args.only, page[0])]
    clients = {
        "page": client,
        "floor": client,
        "report": client,
        "admin": admin_client(),
        "api": token_client,
    }
    results = measure_pages(clients, chosen, args.repeat)
    if not args.only:
        results += measure_exports(client, args.repeat)
        results += measure_fees(client, args.repeat)
        results.append(measure_import(args.repeat))
    check_budgets(results)
    if seed_seconds is not None and seed_seconds > BUDGET_SEED_S:
        print(f"MISS seed_demo: {seed_seconds:.0f} s > {BUDGET_SEED_S} s")

    stem = write_results(
        args.results, args.db, args.scale, seed_seconds, row_counts(), results, args.only
    )
    missed = [m for m in results if m.misses]
    for m in missed:
        print(f"MISS {m.name}: {'; '.join(m.misses)}")
    print(f"{len(results) - len(missed)} of {len(results)} pages within budget; see {stem}.md")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
