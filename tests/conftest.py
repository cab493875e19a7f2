from collections import Counter

import pytest

# Requests sent by the hostile-input walks (test_hostile_input, test_hostile_posts), by method:
# the number the README's "Security" section gives.
HOSTILE_REQUESTS = Counter()


@pytest.fixture
def hostile_requests():
    return HOSTILE_REQUESTS


def pytest_terminal_summary(terminalreporter):
    if HOSTILE_REQUESTS:
        counts = ", ".join(f"{n} {method}" for method, n in sorted(HOSTILE_REQUESTS.items()))
        terminalreporter.write_line(
            f"Hostile-input walk: {sum(HOSTILE_REQUESTS.values())} requests ({counts})."
        )


def pytest_sessionfinish(session):
    # A worker of pytest-xdist (make test runs one per core) hands its count to the main
    # process, which prints the sum.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["hostile_requests"] = dict(HOSTILE_REQUESTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    HOSTILE_REQUESTS.update(getattr(node, "workeroutput", {}).get("hostile_requests", {}))
