"""Dispositions: the decision on a demand, with its reason, limits, instrument and due date."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.voices.outcomes import OUTCOME_COLOURS, Outcome


class ReasonCode(models.TextChoices):
    NATIONAL_LAW = "national_law", _("국가 법령 개정 필요")
    BUDGET = "budget", _("예산 확보 필요")
    OTHER_BODY = "other_body", _("타 기관 소관")
    ALREADY_IN_FORCE = "already_in_force", _("이미 시행 중")
    NOT_FEASIBLE = "not_feasible", _("실현 곤란")
    UNDER_STUDY = "under_study", _("연구·검토 중")


class Instrument(models.TextChoices):
    ORDINANCE = "ordinance", _("조례 제·개정")
    LAW_REVISION = "law_revision", _("법 개정 건의")
    BUDGET = "budget", _("예산 반영")
    PROGRAM_RULE = "program_rule", _("사업 지침 개선")
    ADMINISTRATIVE = "administrative", _("행정 조치")


class Disposition(models.Model):
    """A decision on a demand (처리결과·검토의견). Each new answer is a new row; the latest is current."""

    demand = models.ForeignKey("voices.Demand", on_delete=models.CASCADE, related_name="dispositions")
    outcome = models.CharField(_("처리결과"), max_length=20, choices=Outcome.choices)
    reason_code = models.CharField(_("사유 구분"), max_length=20, choices=ReasonCode.choices, blank=True)
    reason = models.TextField(_("사유"), blank=True)
    limits = models.TextField(_("한계"), blank=True)
    referred_to = models.CharField(_("이관 기관"), max_length=200, blank=True)
    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("소관부서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    instrument = models.CharField(_("수단"), max_length=20, choices=Instrument.choices, blank=True)
    due_date = models.DateField(_("이행 예정일"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("결정일시"))

    class Meta:
        ordering = ["-decided_at", "-id"]
        get_latest_by = "decided_at"
        verbose_name = _("처리결과")
        verbose_name_plural = _("처리결과")
        constraints = [
            # The promise of the committee: every "no" or "not yet" carries its reason and its limits.
            models.CheckConstraint(
                name="disposition_reason_unless_adopted",
                condition=models.Q(outcome="adopted")
                | (~models.Q(reason_code="") & ~models.Q(reason="") & ~models.Q(limits="")),
            ),
            models.CheckConstraint(
                name="disposition_referral_names_body",
                condition=~models.Q(outcome="referred") | ~models.Q(referred_to=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.demand}: {self.get_outcome_display()}"

    @property
    def colour(self) -> str:
        return OUTCOME_COLOURS[Outcome(self.outcome)]


class AnswerConfirmation(models.Model):
    """The department's word that an answer still stands for voices that joined after it (답변 유지 확인).

    New voices on a demand are the accepted proposals that joined after the later of its current answer and
    that answer's latest confirmation; a confirmation of an earlier answer says nothing about the current one.
    """

    disposition = models.ForeignKey(Disposition, on_delete=models.CASCADE, related_name="confirmations")
    note = models.TextField(_("메모"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("확인일시"))

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        verbose_name = _("답변 유지 확인")
        verbose_name_plural = _("답변 유지 확인")

    def __str__(self) -> str:
        return f"{self.disposition_id}: {self.confirmed_at:%Y-%m-%d}"


# Instruments whose demands go on to a legal text, so an old/new comparison table can be drafted for them.
LEGAL_INSTRUMENTS = frozenset({Instrument.ORDINANCE, Instrument.LAW_REVISION})


class Amendment(models.Model):
    """A drafted amendment of one article (조문 개정안), printed as a 신·구조문대비표, kept with its demand.

    ``current_text`` is the article as in force (empty for a new article, 신설) and ``proposed_text`` the
    article as it would read (empty for a repeal, 삭제); the table is computed from them by
    ``sori.policy.comparison``. Every change is an audit record scoped to the demand.
    """

    demand = models.ForeignKey("voices.Demand", on_delete=models.CASCADE, related_name="amendments")
    title = models.CharField(_("법규명"), max_length=200)
    article = models.CharField(_("조문"), max_length=200, blank=True)
    current_text = models.TextField(_("현행"), blank=True)
    proposed_text = models.TextField(_("개정안"), blank=True)
    rationale = models.TextField(_("개정 이유"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["demand", "created_at", "id"]
        verbose_name = _("신·구조문대비표")
        verbose_name_plural = _("신·구조문대비표")
        constraints = [
            models.CheckConstraint(
                name="amendment_has_text",
                condition=~models.Q(current_text="") | ~models.Q(proposed_text=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.article}".strip()


class MilestoneStatus(models.TextChoices):
    """Where a milestone stands; the moves allowed are in ``sori.policy.workflow``."""

    PLANNED = "planned", _("예정")
    IN_PROGRESS = "in_progress", _("추진 중")
    DONE = "done", _("완료")
    DELAYED = "delayed", _("지연")
    DROPPED = "dropped", _("중단")


# Statuses still owing work: these are reminded of and counted as overdue after their planned date.
OPEN_MILESTONE_STATUSES = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.DELAYED)

# One colour per status, everywhere: 완료 green as 반영, 지연 amber, 중단 grey (a reasoned stop, not red).
MILESTONE_COLOURS = {
    MilestoneStatus.PLANNED: "none",
    MilestoneStatus.IN_PROGRESS: "blue",
    MilestoneStatus.DONE: "green",
    MilestoneStatus.DELAYED: "amber",
    MilestoneStatus.DROPPED: "grey",
}

http_url = URLValidator(
    schemes=["http", "https"], message=_("http:// 또는 https://로 시작하는 주소를 적어 주세요.")
)


class Milestone(models.Model):
    """A step in carrying out an answer (이행 단계): what, by when, and what became of it.

    Kept by the department in charge of the disposition. ``planned_date`` is the date now promised;
    ``first_planned_date`` the one first promised, so a slip stays visible. ``slips`` counts the delays:
    each delay is one slip, and proposers are told of each slip once. Evidence is a note, a link
    (http/https only) and/or a figure with its label.
    """

    disposition = models.ForeignKey(Disposition, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("이행 단계"), max_length=200)
    planned_date = models.DateField(_("예정일"))
    first_planned_date = models.DateField(_("처음 예정일"))
    status = models.CharField(
        _("상태"), max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    reason = models.TextField(_("지연·중단 사유"), blank=True)
    slips = models.PositiveSmallIntegerField(_("지연 횟수"), default=0)
    completed_on = models.DateField(_("완료일"), null=True, blank=True)
    evidence_note = models.TextField(_("근거 설명"), blank=True)
    evidence_url = models.CharField(_("근거 링크"), max_length=500, blank=True, validators=[http_url])
    figure = models.DecimalField(_("실적 수치"), max_digits=16, decimal_places=2, null=True, blank=True)
    figure_label = models.CharField(_("수치 설명"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["planned_date", "id"]
        verbose_name = _("이행 단계")
        verbose_name_plural = _("이행 단계")
        indexes = [models.Index(fields=["status", "planned_date"])]
        constraints = [
            models.CheckConstraint(
                name="milestone_stop_or_delay_has_reason",
                condition=~models.Q(status__in=["delayed", "dropped"]) | ~models.Q(reason=""),
            ),
            models.CheckConstraint(
                name="milestone_done_has_date",
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def colour(self) -> str:
        return MILESTONE_COLOURS[MilestoneStatus(self.status)]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_MILESTONE_STATUSES

    @property
    def figure_text(self) -> str:
        """Return the figure without trailing zeros, with its label: '지원 기업 12'."""
        if self.figure is None:
            return ""
        number = f"{self.figure:,.2f}".rstrip("0").rstrip(".")
        return f"{self.figure_label} {number}".strip()


def commits_to_something(disposition: Disposition) -> bool:
    """Return whether an answer promises work that can be tracked in milestones.

    반영 and 일부 반영 with an instrument or a planned date; 검토 중 and 중장기 검토 with a planned date.
    """
    if disposition.outcome in (Outcome.ADOPTED, Outcome.PARTLY_ADOPTED):
        return bool(disposition.instrument or disposition.due_date)
    if disposition.outcome in (Outcome.UNDER_REVIEW, Outcome.LONG_TERM):
        return disposition.due_date is not None
    return False


def current_disposition(demand: Any) -> Disposition | None:
    """Return the demand's latest disposition, or None before the first answer."""
    return Disposition.objects.filter(demand=demand).order_by("-decided_at", "-id").first()


# ----------------------------------------------------------------------------------------------------
# The legislative path of an ordinance or a law revision (입법 추진)


class BillKind(models.TextChoices):
    ORDINANCE = "ordinance", _("조례 제·개정")
    LAW_REVISION = "law_revision", _("법 개정 건의")


class LegislativeStage(models.TextChoices):
    """The stages of a bill; which follow which, per kind, is in ``sori.policy.workflow``."""

    DRAFT = "draft", _("초안")
    PRE_ANNOUNCED = "pre_announced", _("입법예고")
    INTRODUCED = "introduced", _("발의")
    COMMITTEE = "committee", _("상임위원회 심사")
    PLENARY = "plenary", _("본회의 의결")
    SENT = "sent", _("건의 송부")
    REPLIED = "replied", _("회신")
    PROMULGATED = "promulgated", _("공포")
    IN_FORCE = "in_force", _("시행")
    DISCARDED = "discarded", _("폐기")
    WITHDRAWN = "withdrawn", _("철회")


class PlenaryResult(models.TextChoices):
    PASSED = "passed", _("가결")
    AMENDED = "amended", _("수정가결")
    REJECTED = "rejected", _("부결")


# One colour per stage: on the way blue, law made green, stopped grey (a reasoned stop is not a failure).
BILL_STAGE_COLOURS = {
    LegislativeStage.DRAFT: "none",
    LegislativeStage.PRE_ANNOUNCED: "blue",
    LegislativeStage.INTRODUCED: "blue",
    LegislativeStage.COMMITTEE: "blue",
    LegislativeStage.PLENARY: "teal",
    LegislativeStage.SENT: "blue",
    LegislativeStage.REPLIED: "teal",
    LegislativeStage.PROMULGATED: "green",
    LegislativeStage.IN_FORCE: "green",
    LegislativeStage.DISCARDED: "grey",
    LegislativeStage.WITHDRAWN: "grey",
}


class Bill(models.Model):
    """A legislative item (입법 추진 건): an ordinance bill or a proposal to revise a national law.

    It answers one or more demands (and a demand may have several bills). ``stage`` is the stage last
    reached; each stage reached is a ``BillStage`` row with the comparison table as it stood then. The
    fields after ``stage`` are filled as the bill goes: the council's bill number and sponsor (발의), the
    standing committee, the plenary result and date, promulgation and entry into force; for a law revision
    the body it was sent to and its reply; ``end_reason`` when it is discarded (폐기) or withdrawn (철회).
    """

    kind = models.CharField(_("구분"), max_length=16, choices=BillKind.choices)
    title = models.CharField(_("안건명"), max_length=300)
    stage = models.CharField(
        _("단계"), max_length=16, choices=LegislativeStage.choices, default=LegislativeStage.DRAFT
    )
    demands = models.ManyToManyField("voices.Demand", verbose_name=_("정책 수요"), related_name="bills")
    bill_number = models.CharField(_("의안번호"), max_length=50, blank=True)
    sponsor = models.CharField(_("발의자"), max_length=200, blank=True)
    committee = models.CharField(_("소관 상임위원회"), max_length=200, blank=True)
    plenary_result = models.CharField(
        _("본회의 결과"), max_length=16, choices=PlenaryResult.choices, blank=True
    )
    plenary_date = models.DateField(_("본회의 의결일"), null=True, blank=True)
    promulgated_on = models.DateField(_("공포일"), null=True, blank=True)
    in_force_on = models.DateField(_("시행일"), null=True, blank=True)
    sent_to = models.CharField(_("건의 기관"), max_length=200, blank=True)
    sent_on = models.DateField(_("송부일"), null=True, blank=True)
    reply = models.TextField(_("회신 내용"), blank=True)
    replied_on = models.DateField(_("회신일"), null=True, blank=True)
    end_reason = models.TextField(_("폐기·철회 사유"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("입법 추진")
        verbose_name_plural = _("입법 추진")
        indexes = [models.Index(fields=["stage", "kind"])]
        constraints = [
            models.CheckConstraint(
                name="bill_end_has_reason",
                condition=~models.Q(stage__in=["discarded", "withdrawn"]) | ~models.Q(end_reason=""),
            ),
            models.CheckConstraint(
                name="bill_plenary_has_result_and_date",
                condition=~models.Q(stage="plenary")
                | (~models.Q(plenary_result="") & models.Q(plenary_date__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rejected(self) -> bool:
        """Return whether the plenary voted the bill down (부결), which ends it."""
        return self.plenary_result == PlenaryResult.REJECTED

    @property
    def colour(self) -> str:
        if self.stage == LegislativeStage.PLENARY and self.rejected:
            return "grey"
        return BILL_STAGE_COLOURS[LegislativeStage(self.stage)]

    @property
    def stage_label(self) -> str:
        """Return the stage as a reader says it: '본회의 의결(부결)' rather than just the stage."""
        label = str(self.get_stage_display())
        if self.stage == LegislativeStage.PLENARY and self.plenary_result:
            return f"{label}({self.get_plenary_result_display()})"
        return label


class BillStage(models.Model):
    """One stage a bill reached (입법 단계): when, a note, who recorded it, and the table as it stood.

    ``snapshot`` keeps the drafted amendments of the bill's demands at that moment, one dict per article
    (``demand_id``, ``amendment_id``, ``title``, ``article``, ``current_text``, ``proposed_text``), so the
    신·구조문대비표 of each stage can be read and printed again after the drafts change.
    """

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("단계"), max_length=16, choices=LegislativeStage.choices)
    date = models.DateField(_("일자"))
    note = models.TextField(_("메모"), blank=True)
    snapshot = models.JSONField(_("조문 대비표"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("입법 단계")
        verbose_name_plural = _("입법 단계")

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.date.isoformat()})"

    @property
    def colour(self) -> str:
        return BILL_STAGE_COLOURS[LegislativeStage(self.stage)]


# ----------------------------------------------------------------------------------------------------
# Approval of answers (결재): a department may require its head to approve an answer before it is released


class ApprovalRule(models.Model):
    """A department's approval rule (결재 규칙): answers of its officers wait for the approver or the deputy.

    Only an ``active`` rule holds; without one, an officer's answer is released the moment it is saved.
    """

    department = models.OneToOneField(
        "registry.Organisation",
        verbose_name=_("부서"),
        on_delete=models.CASCADE,
        related_name="approval_rule",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("결재권자"), on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("대결자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("결재 필요"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("결재 규칙")
        verbose_name_plural = _("결재 규칙")

    def __str__(self) -> str:
        return str(self.department)

    def may_approve(self, user: Any) -> bool:
        """Return whether ``user`` is this department's approver or deputy."""
        user_id = getattr(user, "id", None)
        return user_id is not None and user_id in (self.approver_id, self.deputy_id)


class AnswerStatus(models.TextChoices):
    """Where an answer in the making stands; only an approved one is the demand's answer."""

    DRAFT = "draft", _("임시저장")
    SUBMITTED = "submitted", _("결재 대기")
    RETURNED = "returned", _("반려")
    APPROVED = "approved", _("결재 완료")


ANSWER_STATUS_COLOURS = {
    AnswerStatus.DRAFT: "none",
    AnswerStatus.SUBMITTED: "blue",
    AnswerStatus.RETURNED: "amber",
    AnswerStatus.APPROVED: "green",
}


class AnswerDraft(models.Model):
    """An answer being written or awaiting approval (답변 기안): the decision form's fields, not released.

    Each author has at most one open draft per demand. Approval turns it into a ``Disposition`` (linked in
    ``disposition``), which is then the demand's answer; until then nothing of it reaches the proposers or the
    public tracker. ``comment`` is the approver's last word (the reason for a return).
    """

    demand = models.ForeignKey("voices.Demand", on_delete=models.CASCADE, related_name="answer_drafts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기안자"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("결재 상태"), max_length=16, choices=AnswerStatus.choices, default=AnswerStatus.DRAFT
    )
    outcome = models.CharField(_("처리결과"), max_length=20, choices=Outcome.choices, blank=True)
    reason_code = models.CharField(_("사유 구분"), max_length=20, choices=ReasonCode.choices, blank=True)
    reason = models.TextField(_("사유"), blank=True)
    limits = models.TextField(_("한계"), blank=True)
    referred_to = models.CharField(_("이관 기관"), max_length=200, blank=True)
    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("소관부서"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    instrument = models.CharField(_("수단"), max_length=20, choices=Instrument.choices, blank=True)
    due_date = models.DateField(_("이행 예정일"), null=True, blank=True)
    comment = models.TextField(_("결재 의견"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("상신일시"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("결재일시"), null=True, blank=True)
    disposition = models.OneToOneField(
        Disposition, null=True, blank=True, on_delete=models.SET_NULL, related_name="approval"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("답변 기안")
        verbose_name_plural = _("답변 기안")
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "author"],
                condition=~models.Q(status="approved"),
                name="answer_draft_one_open_per_author",
            )
        ]

    def __str__(self) -> str:
        return f"{self.demand}: {self.get_status_display()}"

    @property
    def colour(self) -> str:
        return ANSWER_STATUS_COLOURS[AnswerStatus(self.status)]

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome in Outcome.values else ""
