"""A page costs the same wherever in the stack its request starts (core.middleware)."""

import resource

import pytest
from django.urls import reverse

from deals.tests.factories import DealFactory

pytestmark = pytest.mark.django_db

# 64 locals: each level of ``deeper`` moves the request's start by about half a kilobyte, so
# that 40 levels move it across a whole 16 KiB chunk of the frame stack.
_locals = ", ".join(f"_{i}" for i in range(64))
_namespace = {}
exec(
    compile(
        f"def deeper(levels, call):\n"
        f"    if call is None:\n"
        f"        {_locals} = range(64)\n"
        f"    return call() if levels == 0 else deeper(levels - 1, call)\n",
        __name__,
        "exec",
    ),
    _namespace,
)
deeper = _namespace["deeper"]


def page_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def test_a_list_page_maps_no_memory_wherever_its_request_starts(reader_client):
    """Without FreshStackMiddleware, at some starting depths the list's template rendering
    crosses a frame-stack chunk boundary thousands of times, mapping and unmapping memory
    each time (thousands of page faults, half the page's time)."""
    for _ in range(10):
        DealFactory()
    url = reverse("deals:list")
    reader_client.get(url)

    faults = {}
    for levels in range(40):
        before = page_faults()
        deeper(levels, lambda: reader_client.get(url))
        faults[levels] = page_faults() - before

    assert max(faults.values()) < 500, faults
