"""The soak's short form (bench/soak.py --short), run by CI: two bot processes on one PostgreSQL database
behind a balancer, officers submitting while one process is stopped and restarted, then a broadcast
by both with one stopped mid-way: nothing lost, nothing twice, at most 30 messages in any second."""

from __future__ import annotations

import pytest

from bench.soak import main, parse
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.soak


@pytest.mark.timeout(240)
async def test_two_processes_lose_nothing_and_double_nothing() -> None:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    figures = await main(parse(["--short", "--postgres", POSTGRES_URL]))
    figures.print()
    values = dict(figures.lines)
    assert figures.failures == []
    assert values["lost updates"] == "0"
    assert values["duplicated"].startswith("0 ")
    assert values["recipients"].startswith("reached once 200, twice 0, never 0")
    assert values["reports posted"] == "1"
