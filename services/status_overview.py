"""/tinhhinh: for each open round, how many units owe it and where they stand.

One query for the rounds and one GROUP BY (``status_counts``) for every count, however many units.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.access import ensure_can_view_overview
from services.actors import Actor
from storage.models import Round, RoundStatus
from storage.repos import rounds as round_repo


@dataclass(frozen=True, slots=True)
class RoundTally:
    round: Round
    total: int  # units that owe the round
    submitted: int  # latest version stands: waiting for the Office or accepted
    late: int  # of the submitted, sent after the deadline
    accepted: int
    pending: int  # waiting for the Office to accept or return
    returned: int  # returned, the unit owes a new version
    missing: int  # nothing sent yet

    @property
    def on_time(self) -> int:
        return self.submitted - self.late

    @property
    def owing(self) -> int:
        """Units on the "chưa nộp" list: nothing sent, or sent and returned."""
        return self.missing + self.returned


def tally(round_: Round, counts: Mapping[str, int]) -> RoundTally:
    pending, accepted = counts.get("submitted", 0), counts.get("accepted", 0)
    return RoundTally(
        round=round_,
        total=counts.get("total", 0),
        submitted=pending + accepted,
        late=counts.get("late_submitted", 0) + counts.get("late_accepted", 0),
        accepted=accepted,
        pending=pending,
        returned=counts.get("returned", 0),
        missing=counts.get("missing", 0),
    )


@dataclass(frozen=True, slots=True)
class Overview:
    year: int
    all_years: bool
    rounds: list[RoundTally]  # the year's rounds first, then other years (newest first); each by deadline
    elsewhere: int  # open rounds of other years not shown (to offer "all years")


def _order(rounds: list[Round], year: int) -> list[Round]:
    return sorted(rounds, key=lambda r: (r.year != year, -r.year, r.deadline, r.id))


async def overview(session: AsyncSession, actor: Actor, *, year: int, all_years: bool = False) -> Overview:
    """Every open round with its counts, ``year``'s first (the plan in force), then the other years'.

    An open round is work still owed whatever its year (January still has last year's summary), so
    none is hidden; ``all_years`` is kept for callers and set when the rounds span several years.
    """
    ensure_can_view_overview(actor, "overview.view")
    shown = _order(list(await round_repo.rounds(session, status=RoundStatus.OPEN)), year)
    counts = await round_repo.status_counts(session, [r.id for r in shown])
    return Overview(
        year=year,
        all_years=all_years or len({r.year for r in shown}) > 1,
        rounds=[tally(r, counts.get(r.id, {})) for r in shown],
        elsewhere=0,
    )
