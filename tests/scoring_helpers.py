"""Builders for the cross-check tests: a cluster's head, members and their officers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.actors import Actor
from storage.db import Database
from storage.repos import units as unit_repo
from tests import factories

YEAR = 2024
# Cụm 1 in the shipped unit list (2024): TTH-TPLS heads it, then TTH-CL (deputy), then the others.
HEAD, DEPUTY = "TTH-TPLS", "TTH-CL"


@dataclass
class Cluster:
    id: int
    members: list[int]  # head first, as the rotation orders them
    office: Actor
    head: Actor  # an officer of the head unit
    officers: dict[int, Actor]  # one officer per member unit


async def cluster_one(db: Database, now: datetime) -> Cluster:
    await factories.load_default_units(db, now)
    office = await factories.admin(db, 1, now)
    async with db.transaction() as s:
        cluster = await unit_repo.by_code(s, "CUM1")
        assert cluster is not None
        rows = await unit_repo.cluster_members(s, cluster.id, YEAR)
        codes = [(u.id, u.code) for _, u in rows]
    officers = {}
    for n, (unit_id, code) in enumerate(codes):
        officers[unit_id] = await factories.officer(db, 100 + n, code, now)
    return Cluster(cluster.id, [u for u, _ in codes], office, officers[codes[0][0]], officers)
