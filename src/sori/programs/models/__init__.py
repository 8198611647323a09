"""The programs app's models, split by topic."""

from sori.programs.models.applications import (
    SHORT_TRACK,
    Application,
    ApplicationStatus,
    RequestType,
    Review,
    ReviewScore,
    ShortReview,
)
from sori.programs.models.awards import (
    Award,
    AwardStatus,
    ProgressReport,
    RunStatus,
    SelectionLine,
    SelectionRun,
    UsageEntry,
    UsageFormat,
    UsageImport,
)
from sori.programs.models.pools import PoolCapacity, ResourcePool
from sori.programs.models.programs import Call, Capacity, Criterion, Program, ProgramKind
from sori.programs.models.sites import DemoSite, SiteKind, SitePlacement

__all__ = [
    "SHORT_TRACK",
    "Application",
    "ApplicationStatus",
    "Award",
    "AwardStatus",
    "Call",
    "Capacity",
    "Criterion",
    "DemoSite",
    "PoolCapacity",
    "Program",
    "ProgramKind",
    "ProgressReport",
    "RequestType",
    "ResourcePool",
    "Review",
    "ReviewScore",
    "RunStatus",
    "SelectionLine",
    "SelectionRun",
    "ShortReview",
    "SiteKind",
    "SitePlacement",
    "UsageEntry",
    "UsageFormat",
    "UsageImport",
]
