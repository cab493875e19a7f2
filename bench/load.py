"""Load test: simultaneous case officers against gunicorn with the production settings.

    python -m bench.load                      # 25 users for 60 s, PostgreSQL at scale 100
    python -m bench.load --users 10 --seconds 30 --scale 1

Uses (and builds if missing) the benchmark's PostgreSQL database ``sambruk_bench_<scale>``,
gives each simulated user an account of its own in the Handläggare group, collects the static
files, starts gunicorn on 127.0.0.1 only, and runs locust headless with bench/locustfile.py.
Writes requests per second, p50/p95 and errors per kind of request to
bench/results/load-postgres-scale<N>.json and .md. Exits 1 when any request failed. Not part
of CI: it needs ``pip install -e ".[load]"`` and a few minutes.
"""

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import run

HOST, PORT = "127.0.0.1", 8765
SAMPLE_IDS = 300
SPAWN_RATE = 5  # users starting per second
PASSWORD_LENGTH = 24


def production_env(database_url: str) -> dict[str, str]:
    """The production settings, served over plain HTTP on the loopback interface."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-only-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def prepare(users: int) -> dict:
    """Accounts for the simulated users and a sample of every record type's ids."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils.crypto import get_random_string

    from contacts.models import Contact
    from contracts.models import Contract
    from core.roles import EDITOR
    from deals.models import Deal
    from leads.models import Lead
    from members.models import Member

    editors = Group.objects.get(name=EDITOR)
    accounts = []
    for n in range(1, users + 1):
        user, _created = get_user_model().objects.get_or_create(username=f"load{n:02d}")
        password = get_random_string(PASSWORD_LENGTH)
        user.set_password(password)
        user.save()
        user.groups.add(editors)
        accounts.append((user.username, password))

    rng = random.Random(1)
    ids = {}
    for app, model in {
        "members": Member,
        "contacts": Contact,
        "leads": Lead,
        "deals": Deal,
        "contracts": Contract,
    }.items():
        pks = list(model.objects.values_list("pk", flat=True))
        ids[app] = rng.sample(pks, min(SAMPLE_IDS, len(pks)))
    return {"accounts": accounts, "ids": ids}


def wait_for_port(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex((HOST, PORT)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start on {HOST}:{PORT}")


def summarize(requests: list) -> list[dict]:
    """Per kind of request and in all: count, errors, requests per second, p50 and p95.

    Counted from when the last user has logged in; the logins are listed on their own.
    """
    logins = [r for r in requests if r[2] == "login"]
    since = max((r[0] for r in logins), default=min(r[0] for r in requests))
    browsing = [r for r in requests if r[2] != "login" and r[0] > since]
    seconds = max(r[0] for r in browsing) - since

    def figures(name, method, rows, seconds):
        times = sorted(r[3] for r in rows)
        return {
            "name": name,
            "method": method,
            "requests": len(rows),
            "failures": sum(r[4] for r in rows),
            "rps": len(rows) / seconds if seconds else 0.0,
            "p50_ms": statistics.median(times),
            "p95_ms": run._p95(times),
        }

    kinds = sorted({(r[1], r[2]) for r in browsing}, key=lambda k: k[1])
    stats = [
        figures(name, method, [r for r in browsing if (r[1], r[2]) == (method, name)], seconds)
        for method, name in kinds
    ]
    stats.append(figures("all of the above", "", browsing, seconds))
    if logins:
        login_seconds = since - min(r[0] for r in requests)
        stats.append(figures("login (while users start)", "", logins, login_seconds))
    return stats


def write_results(stats, *, users, seconds, scale, workers) -> Path:
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    stem = run.RESULTS / f"load-postgres-scale{scale:g}".replace(".", "_")
    meta = {
        "database": "postgres",
        "scale": scale,
        "users": users,
        "seconds": seconds,
        "gunicorn_workers": workers,
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    stem.with_suffix(".json").write_text(json.dumps({**meta, "requests": stats}, indent=2))
    lines = [
        f"# Load test: {users} users for {seconds} s, PostgreSQL, scale {scale:g}",
        "",
        f"{meta['date']} · gunicorn with the production settings, {workers} workers, "
        "on 127.0.0.1; locust on the same machine. Counted from when the last user has "
        "logged in (a login hashes a password: 25 at once is not a working day).",
        "",
        "| request | count | errors | req/s | p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in stats:
        lines.append(
            f"| {(s['method'] + ' ' + s['name']).strip()} | {s['requests']} | {s['failures']} | "
            f"{s['rps']:.1f} | {s['p50_ms']:.0f} | {s['p95_ms']:.0f} |"
        )
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    return stem


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", type=float, default=100)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args(argv)

    database_url = run.configure("postgres", args.scale, rebuild=False)
    run.build(args.scale)
    sample = prepare(args.users)
    env = production_env(database_url)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=run.ROOT,
        env=env,
        check=True,
    )

    with tempfile.TemporaryDirectory() as tmp:
        sample_path = Path(tmp) / "sample.json"
        sample_path.write_text(json.dumps(sample))
        server = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "sambruk_crm.wsgi",
                "--bind",
                f"{HOST}:{PORT}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=run.ROOT,
            env=env,
        )
        try:
            wait_for_port()
            times_path = Path(tmp) / "requests.json"
            locust = [
                *(python, "-m", "locust", "-f", str(run.ROOT / "bench" / "locustfile.py")),
                *("--headless", "--only-summary", "--loglevel", "WARNING"),
                *("--users", str(args.users), "--spawn-rate", str(SPAWN_RATE)),
                *("--run-time", f"{args.seconds}s", "--host", f"http://{HOST}:{PORT}"),
            ]
            subprocess.run(
                locust,
                cwd=run.ROOT,
                env={**env, "LOAD_SAMPLE": str(sample_path), "LOAD_TIMES": str(times_path)},
                check=False,
            )
            stats = summarize(json.loads(times_path.read_text()))
        finally:
            server.terminate()
            server.wait(timeout=30)

    stem = write_results(
        stats, users=args.users, seconds=args.seconds, scale=args.scale, workers=args.workers
    )
    total = next(s for s in stats if s["name"] == "all of the above")
    login_errors = sum(s["failures"] for s in stats if s["name"].startswith("login"))
    print(
        f"{total['requests']} requests, {total['rps']:.1f}/s, p95 {total['p95_ms']:.0f} ms, "
        f"{total['failures']} errors, {login_errors} failed logins; see {stem}.md"
    )
    return 1 if total["failures"] or login_errors else 0


if __name__ == "__main__":
    sys.exit(main())
