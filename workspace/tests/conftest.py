import datetime
from types import SimpleNamespace

import pytest

from reports.tests.conftest import today, world  # noqa: F401
from tasks.tests.factories import TaskFactory


@pytest.fixture
def tasks(world, today):  # noqa: F811 (the fixtures imported above)
    """The editor's tasks around today, one of someone else's, one done."""

    def due(days):
        return today + datetime.timedelta(days=days)

    return SimpleNamespace(
        late=TaskFactory(assignee=world.editor, due_date=due(-2), deal=world.d.d1),
        today=TaskFactory(assignee=world.editor, due_date=today),
        soon=TaskFactory(assignee=world.editor, due_date=due(3)),
        week=TaskFactory(assignee=world.editor, due_date=due(7)),
        later=TaskFactory(assignee=world.editor, due_date=due(8)),
        undated=TaskFactory(assignee=world.editor, due_date=None),
        theirs=TaskFactory(assignee=world.other, due_date=due(-1)),
        done=TaskFactory(
            assignee=world.editor,
            due_date=due(-5),
            status="done",
            completed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        ),
    )
