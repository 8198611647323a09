"""Writes to the registry: organisations and people, MOUs and their commitments, imports."""

from sori.registry.services.imports import (
    ImportRejected,
    ImportReport,
    import_apply,
    import_check,
    import_preview,
    import_upload,
)
from sori.registry.services.mous import (
    Reminder,
    commitment_add,
    commitment_reminded,
    commitment_reminders_due,
    commitment_snooze,
    commitment_update,
    mou_create,
    mou_move,
    mou_update,
)
from sori.registry.services.organisations import (
    PROFILE_FIELDS,
    organisation_by_business_number,
    organisation_create,
    organisation_find,
    organisation_get_or_create,
    organisation_update,
    person_create,
)

__all__ = [
    "PROFILE_FIELDS",
    "ImportRejected",
    "ImportReport",
    "Reminder",
    "commitment_add",
    "commitment_reminded",
    "commitment_reminders_due",
    "commitment_snooze",
    "commitment_update",
    "import_apply",
    "import_check",
    "import_preview",
    "import_upload",
    "mou_create",
    "mou_move",
    "mou_update",
    "organisation_by_business_number",
    "organisation_create",
    "organisation_find",
    "organisation_get_or_create",
    "organisation_update",
    "person_create",
]
