"""Typed SQLAlchemy models. Import from here so Alembic sees every table."""

from storage.models.accounts import Account, AccountRole, AccountStatus, InviteCode
from storage.models.base import Base
from storage.models.dialogs import Dialog
from storage.models.ops import AuditEntry, ChatNotice, ErrorReport
from storage.models.registration import Registration, RegistrationLine, RegistrationStatus
from storage.models.units import ClusterMembership, ClusterRole, Unit, UnitKind

__all__ = [
    "Account",
    "AccountRole",
    "AccountStatus",
    "AuditEntry",
    "Base",
    "ChatNotice",
    "ClusterMembership",
    "ClusterRole",
    "Dialog",
    "ErrorReport",
    "InviteCode",
    "Registration",
    "RegistrationLine",
    "RegistrationStatus",
    "Unit",
    "UnitKind",
]
