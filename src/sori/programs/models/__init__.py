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
    UsageReview,
)
from sori.programs.models.exceptions import RuleCode, RuleException
from sori.programs.models.introductions import Introduction, IntroductionStage, IntroductionStep
from sori.programs.models.pools import PoolCapacity, ResourcePool
from sori.programs.models.programs import Call, Capacity, Criterion, Program, ProgramKind
from sori.programs.models.sites import DemoSite, SiteKind, SitePlacement
from sori.programs.models.talent import (
    Cohort,
    CourseKind,
    NeedKind,
    Placement,
    PlacementKind,
    TalentNeed,
    Trainee,
    TraineeStatus,
)

__all__ = [
    "SHORT_TRACK",
    "Application",
    "ApplicationStatus",
    "Award",
    "AwardStatus",
    "Call",
    "Capacity",
    "Cohort",
    "CourseKind",
    "Criterion",
    "DemoSite",
    "Introduction",
    "IntroductionStage",
    "IntroductionStep",
    "NeedKind",
    "Placement",
    "PlacementKind",
    "PoolCapacity",
    "Program",
    "ProgramKind",
    "ProgressReport",
    "RequestType",
    "ResourcePool",
    "Review",
    "ReviewScore",
    "RuleCode",
    "RuleException",
    "RunStatus",
    "SelectionLine",
    "SelectionRun",
    "ShortReview",
    "SiteKind",
    "SitePlacement",
    "TalentNeed",
    "Trainee",
    "TraineeStatus",
    "UsageEntry",
    "UsageFormat",
    "UsageImport",
    "UsageReview",
]
