"""Typed SQLAlchemy models. Import from here so Alembic sees every table."""

from storage.models.accounts import Account, AccountRole, AccountStatus, InviteCode
from storage.models.base import Base
from storage.models.broadcasts import (
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    RecipientState,
    ReplyKind,
    Response,
)
from storage.models.dialogs import Dialog
from storage.models.dossiers import Dossier, DossierDocument, DossierStatus, Nominee
from storage.models.ops import AuditEntry, ChatNotice, ErrorReport
from storage.models.plan_actions import ItemState, PlanItemAction
from storage.models.registration import Registration, RegistrationLine, RegistrationStatus
from storage.models.reminders import DeliveryStatus, ReminderDelivery
from storage.models.rounds import (
    Obligation,
    ObligationStatus,
    Plan,
    PlanItem,
    Round,
    RoundKind,
    RoundStatus,
    Submission,
    SubmissionFile,
    SubmissionStatus,
)
from storage.models.scoring import CheckStatus, CrossCheck, ScoreLine, ScoreTemplate
from storage.models.units import ClusterMembership, ClusterRole, Unit, UnitKind

__all__ = [
    "Account",
    "AccountRole",
    "AccountStatus",
    "AuditEntry",
    "Base",
    "Broadcast",
    "BroadcastRecipient",
    "BroadcastStatus",
    "ChatNotice",
    "CheckStatus",
    "ClusterMembership",
    "ClusterRole",
    "CrossCheck",
    "DeliveryStatus",
    "Dialog",
    "Dossier",
    "DossierDocument",
    "DossierStatus",
    "ErrorReport",
    "InviteCode",
    "ItemState",
    "Nominee",
    "Obligation",
    "ObligationStatus",
    "Plan",
    "PlanItem",
    "PlanItemAction",
    "RecipientState",
    "Registration",
    "RegistrationLine",
    "RegistrationStatus",
    "ReminderDelivery",
    "ReplyKind",
    "Response",
    "Round",
    "RoundKind",
    "RoundStatus",
    "ScoreLine",
    "ScoreTemplate",
    "Submission",
    "SubmissionFile",
    "SubmissionStatus",
    "Unit",
    "UnitKind",
]
