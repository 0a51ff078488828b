"""The whole domain as SQLAlchemy 2 typed models; the Alembic migrations create exactly this."""

from core.db.models.base import Base
from core.db.models.chats import TelegramChat, TelegramUpdate
from core.db.models.imports import JobImport
from core.db.models.jobs import (
    AccessGrant,
    BoxCommand,
    ChecklistAnswer,
    ExtraItem,
    Job,
    JobData,
    JobPhoto,
    OverrideDiff,
    Template,
)
from core.db.models.partners import (
    FleetConnection,
    JoinRequest,
    ServicePartner,
    TeamLink,
    Technician,
)
from core.db.models.providers import (
    Fleet,
    JobTableColumns,
    LoginFailure,
    Manager,
    ManagerFleet,
    Organization,
    WebSession,
)
from core.db.models.records import AuditEvent, OutboxMail, TelegramMessage

__all__ = [
    "AccessGrant",
    "AuditEvent",
    "Base",
    "BoxCommand",
    "ChecklistAnswer",
    "ExtraItem",
    "Fleet",
    "FleetConnection",
    "Job",
    "JobData",
    "JobImport",
    "JobPhoto",
    "JobTableColumns",
    "JoinRequest",
    "LoginFailure",
    "Manager",
    "ManagerFleet",
    "Organization",
    "OutboxMail",
    "OverrideDiff",
    "ServicePartner",
    "TeamLink",
    "Technician",
    "TelegramChat",
    "TelegramMessage",
    "TelegramUpdate",
    "Template",
    "WebSession",
]
