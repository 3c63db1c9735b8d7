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
from storage.models.commendation import (
    AwardRecord,
    AwardRule,
    BallotEntry,
    Choice,
    Council,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Decision,
    Nominee,
    SessionAttendance,
    SessionStatus,
    VoteBase,
    VoteMethod,
)
from storage.models.dialogs import Dialog
from storage.models.dossiers import Dossier, DossierDocument, DossierNominee, DossierStatus
from storage.models.identities import ChatIdentity, LinkCode
from storage.models.ops import AuditEntry, ChatNotice, ErrorReport, InboundSeen, SendToken
from storage.models.plan_actions import ItemState, PlanItemAction
from storage.models.questions import UnansweredQuestion
from storage.models.registration import Registration, RegistrationLine, RegistrationStatus
from storage.models.reminders import DeliveryStatus, ReminderDelivery
from storage.models.rounds import (
    Obligation,
    ObligationStatus,
    Plan,
    PlanItem,
    PlanStatus,
    Round,
    RoundKind,
    RoundStatus,
    Submission,
    SubmissionFile,
    SubmissionStatus,
)
from storage.models.scoring import CheckStatus, CrossCheck, ScoreLine, ScoreTemplate
from storage.models.units import ClusterMembership, ClusterRole, Unit, UnitKind
from storage.models.uploads import UploadTicket

__all__ = [
    "Account",
    "AccountRole",
    "AccountStatus",
    "AuditEntry",
    "AwardRecord",
    "AwardRule",
    "BallotEntry",
    "Base",
    "Broadcast",
    "BroadcastRecipient",
    "BroadcastStatus",
    "ChatIdentity",
    "ChatNotice",
    "CheckStatus",
    "Choice",
    "ClusterMembership",
    "ClusterRole",
    "Council",
    "CouncilMember",
    "CouncilRole",
    "CouncilSession",
    "CrossCheck",
    "Decision",
    "DeliveryStatus",
    "Dialog",
    "Dossier",
    "DossierDocument",
    "DossierNominee",
    "DossierStatus",
    "ErrorReport",
    "InboundSeen",
    "InviteCode",
    "ItemState",
    "LinkCode",
    "Nominee",
    "Obligation",
    "ObligationStatus",
    "Plan",
    "PlanItem",
    "PlanItemAction",
    "PlanStatus",
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
    "SendToken",
    "SessionAttendance",
    "SessionStatus",
    "Submission",
    "SubmissionFile",
    "SubmissionStatus",
    "UnansweredQuestion",
    "Unit",
    "UnitKind",
    "UploadTicket",
    "VoteBase",
    "VoteMethod",
]
