"""What a case officer does all day, for the load test (``python -m bench.load``).

Each simulated user logs in with its own account, then browses lists (filtered, sorted,
searched, paged), opens records, searches everything and adds notes, with a second or so
between clicks. ``bench.load`` passes the accounts and a sample of record ids in
``LOAD_SAMPLE`` (a JSON file).
"""

import itertools
import json
import os
import random
import time

from locust import HttpUser, between, events, task

SAMPLE = json.loads(open(os.environ["LOAD_SAMPLE"], encoding="utf-8").read())  # noqa: SIM115
ACCOUNTS = itertools.cycle(SAMPLE["accounts"])

LISTS = {
    "members": ["", "?status=member&org_type=kommun", "?sort=-population", "?q=sto"],
    "contacts": ["", "?is_active=true", "?sort=member", "?q=anna", "?page=20"],
    "leads": ["", "?status=new", "?stale=on", "?q=ab"],
    "deals": ["", "?stage=offer", "?sort=-value", "?q=egil", "?page=10"],
    "contracts": ["", "?status=active", "?sort=end_date", "?overdue=on"],
    "notes": ["", "?kind=call", "?q=möte", "?page=50"],
}
SEARCH_WORDS = ["kommun", "region", "anna", "egil", "avtal", "lindqvist", "möte", "stockholm"]
NOTE_SUBJECTS = ["members", "contacts", "deals", "leads", "contracts"]
SUBJECT_FIELD = {
    "members": "member",
    "contacts": "contact",
    "deals": "deal",
    "leads": "lead",
    "contracts": "contract",
}

# Every request as (finished at, method, name, ms, failed), written to LOAD_TIMES at the end:
# bench.load computes its figures from these.
REQUESTS = []


@events.request.add_listener
def record(request_type, name, response_time, exception, **kwargs):
    REQUESTS.append((time.time(), request_type, name, response_time, exception is not None))


@events.quitting.add_listener
def save(environment, **kwargs):
    with open(os.environ["LOAD_TIMES"], "w", encoding="utf-8") as f:
        json.dump(REQUESTS, f)


class CaseOfficer(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        username, password = next(ACCOUNTS)
        self.client.get("/login/", name="login")
        response = self.client.post(
            "/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.client.cookies["csrftoken"],
            },
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{username} could not log in: HTTP {response.status_code}")

    def csrf(self):
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    @task(6)
    def browse_a_list(self):
        app = random.choice(list(LISTS))
        self.client.get(f"/{app}/{random.choice(LISTS[app])}", name=f"/{app}/ (list)")

    @task(5)
    def open_a_record(self):
        app = random.choice(list(SAMPLE["ids"]))
        record = random.choice(SAMPLE["ids"][app])
        self.client.get(f"/{app}/{record}/", name=f"/{app}/<id>/")

    @task(2)
    def search_everything(self):
        self.client.get(f"/search/?q={random.choice(SEARCH_WORDS)}", name="/search/")

    @task(1)
    def open_the_start_page(self):
        self.client.get("/", name="/ (start page)")

    @task(1)
    def add_a_note(self):
        app = random.choice(NOTE_SUBJECTS)
        record = random.choice(SAMPLE["ids"][app])
        self.client.post(
            f"/notes/add/{SUBJECT_FIELD[app]}/{record}/",
            {
                "kind": "call",
                "text": "Ringde och stämde av läget (belastningstest).",
                "occurred_at": "",
            },
            headers={**self.csrf(), "HX-Request": "true"},
            name="/notes/add/ (htmx)",
        )
