"""Proposals (what was said, word for word) and demands (what several proposals ask for)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A theme (분야) that groups demands, e.g. 컴퓨팅·GPU or 실증·테스트베드."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("분야"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("분야")
        verbose_name_plural = _("분야")

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    MEETING = "meeting", _("간담회")
    WEB = "web", _("웹 제안")
    EMAIL = "email", _("이메일")
    DOCUMENT = "document", _("문서")


class Moderation(models.TextChoices):
    """Whether a proposal is in the workflow: web submissions wait for staff before they count."""

    PENDING = "pending", _("검토 대기")
    ACCEPTED = "accepted", _("접수")
    REJECTED = "rejected", _("반려")


class LiveProposalManager(models.Manager["Proposal"]):
    """Proposals not deleted by staff: what every list, count, export and the API sees."""

    def get_queryset(self) -> models.QuerySet[Proposal]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Proposal(models.Model):
    """One voiced request (건의사항·제안·애로사항), kept in its exact words with who said it.

    A proposal staff delete (삭제) keeps its row, with when, by whom and why, and leaves its demand.
    """

    text = models.TextField(_("내용"), validators=[MaxLengthValidator(settings.SORI_MAX_TEXT_LENGTH)])
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("기관"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("제안자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    source = models.CharField(_("경로"), max_length=16, choices=Source.choices, default=Source.MEETING)
    engagement = models.ForeignKey(
        "engagement.Engagement",
        verbose_name=_("간담회"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    received_at = models.DateTimeField(_("접수일시"))
    themes = models.ManyToManyField(Theme, verbose_name=_("분야"), blank=True, related_name="proposals")
    demand = models.ForeignKey(
        "Demand",
        verbose_name=_("정책 수요"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    # When the proposal joined its demand, set by the grouping services; it tells which voices came after the
    # demand's answer. A field rather than a reading of the audit trail: undo strips the trail's record of a
    # move, merges spread it over several records, and lists need it without parsing JSON. Null means it
    # joined before this was recorded (or is in no demand) and never counts as new.
    joined_at = models.DateTimeField(_("수요에 묶인 때"), null=True, blank=True)
    moderation = models.CharField(
        _("접수 상태"), max_length=16, choices=Moderation.choices, default=Moderation.ACCEPTED
    )
    # The organisation a web proposer typed, not yet taken as theirs: anyone can type any company's name, so
    # the proposal joins that organisation (its portal, its replies) only when staff accept it.
    claimed_organisation = models.CharField(_("적은 소속"), max_length=200, blank=True)
    # Why a web submission was rejected, told to its proposer (on their status page and by mail).
    rejection_reason = models.CharField(_("반려 사유"), max_length=300, blank=True)
    # When a web proposer agreed to the collection and use of personal data (개인정보 수집·이용 동의).
    consent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(_("삭제일시"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_reason = models.CharField(_("삭제 사유"), max_length=300, blank=True)

    # The default manager hides deleted proposals, so ``Proposal.objects`` and related managers
    # (``demand.proposals``, ``organisation.proposals``) cannot forget them. Joins in filters and
    # annotations (``proposals__…``, ``Count("proposals")``) bypass managers: a deleted proposal has left its
    # demand, and the counts across other relations add ``proposals__deleted_at__isnull=True``.
    # The base manager stays unfiltered, so a feedback item or suggestion still reaches its proposal;
    # backups and erasure go through ``_base_manager`` to see every row; ``all_objects`` is for the
    # deleted list, restoring, and the proposer's own status page.
    objects = LiveProposalManager()
    all_objects: models.Manager[Proposal] = models.Manager()

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("제안")
        verbose_name_plural = _("제안")
        indexes = [models.Index(fields=["moderation", "demand"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def proposer_label(self) -> str:
        """Return who voiced it, for staff pages: '기관 · 이름' or whichever is known."""
        person = self.person.name if self.person is not None else None
        parts = [str(p) for p in (self.organisation, person) if p]
        return " · ".join(parts) or str(_("익명"))

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Stage(models.TextChoices):
    """Where a demand is in the loop; transitions are checked in ``sori.voices.workflow``."""

    OPEN = "open", _("정리 중")
    ASSIGNED = "assigned", _("부서 검토 중")
    ANSWERED = "answered", _("처리결과 확정")
    MERGED = "merged", _("다른 수요에 병합")


class Demand(models.Model):
    """A demand (정책 수요): one sentence of what several proposals ask for."""

    title = models.CharField(_("수요"), max_length=300)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("분야"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
    )
    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("소관부서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_demands",
    )
    stage = models.CharField(_("단계"), max_length=16, choices=Stage.choices, default=Stage.OPEN)
    # The current disposition's outcome, copied here so lists filter and sort without a join.
    outcome = models.CharField(_("처리결과"), max_length=20, blank=True, db_index=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    answer_due = models.DateField(_("답변 기한"), null=True, blank=True)
    published = models.BooleanField(_("공개"), default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("정책 수요")
        verbose_name_plural = _("정책 수요")
        indexes = [
            models.Index(fields=["stage", "answer_due"]),
            models.Index(fields=["department", "stage"]),
            # Staff lists and the API show the newest first: a page is read off the index, not sorted whole.
            models.Index(fields=["created_at", "id"]),
        ]

    def __str__(self) -> str:
        return self.title


class RepeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("같은 요구")
    DISMISSED = "dismissed", _("아님")


class RepeatLink(models.Model):
    """Staff's word that ``demand`` asks again what ``earlier`` asked (이전에도 제기된 요구), or does not.

    A dismissed link keeps the machine from suggesting ``earlier`` again on ``demand``'s page. ``score`` is
    the machine's similarity when it suggested the pair (None when linked by hand).
    """

    demand = models.ForeignKey(
        Demand, verbose_name=_("정책 수요"), on_delete=models.CASCADE, related_name="repeat_links"
    )
    earlier = models.ForeignKey(
        Demand, verbose_name=_("이전 요구"), on_delete=models.CASCADE, related_name="repeated_by"
    )
    status = models.CharField(_("판단"), max_length=16, choices=RepeatStatus.choices)
    score = models.FloatField(_("점수"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["demand", "earlier"]
        verbose_name = _("이전 요구 연결")
        verbose_name_plural = _("이전 요구 연결")
        constraints = [
            models.UniqueConstraint(fields=["demand", "earlier"], name="voices_repeat_once"),
            models.CheckConstraint(
                name="voices_repeat_not_itself", condition=~models.Q(demand=models.F("earlier"))
            ),
        ]
        indexes = [models.Index(fields=["earlier", "status"])]

    def __str__(self) -> str:
        return f"{self.demand_id} → {self.earlier_id}: {self.status}"


class SupportBasis(models.TextChoices):
    """What a 공감 is counted once per."""

    USER = "user", _("로그인 계정")
    EMAIL = "email", _("확인된 이메일")
    # Before supports needed an account or a confirmed address: one per browser session (or account).
    LEGACY = "legacy", _("이전 방식(브라우저)")


class Support(models.Model):
    """A visitor's support (공감) for a published demand; one per demand and supporter."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="supports")
    # A keyed hash of the account id or the confirmed address, never an address or a name.
    supporter_key = models.CharField(max_length=64)
    basis = models.CharField(
        _("확인 방법"), max_length=8, choices=SupportBasis.choices, default=SupportBasis.LEGACY
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("공감")
        verbose_name_plural = _("공감")
        constraints = [models.UniqueConstraint(fields=["demand", "supporter_key"], name="support_once")]

    def __str__(self) -> str:
        return f"{self.demand_id}: {self.supporter_key[:8]}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("대기")
    RUNNING = "running", _("진행 중")
    DONE = "done", _("완료")
    FAILED = "failed", _("실패")


class OrganisingRun(models.Model):
    """A machine run (자동 정리 실행) over the proposals waiting to be grouped; it only ever suggests.

    ``groups`` keeps each suggested group's label and best existing demand as the run found them, so the
    organise screen explains its suggestions without recomputing.
    """

    status = models.CharField(_("상태"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    proposal_count = models.PositiveIntegerField(default=0)
    group_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    suggestion_count = models.PositiveIntegerField(default=0)
    classifier = models.CharField(max_length=200, blank=True)
    groups = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("자동 정리 실행")
        verbose_name_plural = _("자동 정리 실행")

    def __str__(self) -> str:
        return f"#{self.id} {self.get_status_display()} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        """Return the progress in whole percent (100 when finished)."""
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        """Return whether the run has ended, well or not."""
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class SuggestionKind(models.TextChoices):
    DEMAND = "demand", _("기존 수요")
    NEW_GROUP = "new_group", _("새 묶음")
    THEME = "theme", _("분야")
    DUPLICATE = "duplicate_of", _("중복")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("제안대로 결정")
    CHANGED = "changed", _("다르게 결정")
    REJECTED = "rejected", _("받아들이지 않음")


class Suggestion(models.Model):
    """What the machine suggested for a proposal (기계 제안) next to what staff decided (담당자 결정).

    ``value`` is machine-readable (``demand:12``, ``group:3``, a theme code, ``proposal:5``) and ``label``
    its words when suggested. A run never changes a decided suggestion; it retires undecided ones
    (``active=False``) and writes new ones.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(_("종류"), max_length=16, choices=SuggestionKind.choices)
    run = models.ForeignKey(
        OrganisingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    group = models.IntegerField(null=True, blank=True)
    demand = models.ForeignKey(
        Demand, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    value = models.CharField(_("제안 값"), max_length=100)
    label = models.CharField(_("기계 제안"), max_length=300)
    score = models.FloatField(_("점수"), default=0.0)
    reasons = models.JSONField(_("근거"), default=list, blank=True)
    # Why, beyond shared words: the meaning and word scores and the nearest proposals (id, score), kept as
    # found when the suggestion was made (``sori.voices.organise.placement``).
    evidence = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(_("결정"), max_length=16, choices=Decision.choices, blank=True)
    decided_value = models.CharField(max_length=100, blank=True)
    decided_label = models.CharField(_("담당자 결정"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("기계 제안")
        verbose_name_plural = _("기계 제안")
        indexes = [
            models.Index(fields=["proposal", "kind", "active"]),
            models.Index(fields=["run", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label[:60]}"


class MinutesUpload(models.Model):
    """Minutes (회의록) uploaded for a meeting, what was read from them, and the staff's review of it.

    The file itself is not kept: ``sha256`` recognises it when it is uploaded again. ``extraction`` holds
    what :mod:`sori.minutes` read besides the candidates (meeting facts, skipped paragraphs with their
    text and why, the speakers of each turn); ``candidates`` is the review as staff left it, one entry per
    candidate (text, kind, speaker, organisation and its registry link, source paragraphs, status).
    """

    engagement = models.ForeignKey(
        "engagement.Engagement",
        verbose_name=_("간담회"),
        on_delete=models.CASCADE,
        related_name="minutes_uploads",
    )
    filename = models.CharField(_("파일명"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("크기"), default=0)
    format = models.CharField(_("형식"), max_length=8)
    extraction = models.JSONField(default=dict)
    candidates = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(_("제안으로 저장한 때"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("회의록 파일")
        verbose_name_plural = _("회의록 파일")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "sha256"], name="voices_minutes_once_per_meeting")
        ]

    def __str__(self) -> str:
        return self.filename


class ProposalVector(models.Model):
    """A proposal's meaning vector (``sori.text.encode``), stored once so nothing is encoded twice.

    ``model`` is ``sori.text.MODEL_VERSION`` when it was encoded and ``text_hash`` the SHA-1 of the text it
    was encoded from: a vector whose version or text no longer matches is encoded again when next used.
    """

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="vector")
    model = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=40)
    vector = models.BinaryField()  # float32, little-endian, 1,024 values
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("제안 의미 벡터")
        verbose_name_plural = _("제안 의미 벡터")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.model}"


class VoiceMap(models.Model):
    """The plane of a map of the voices (``sori.text.layout``'s basis), kept so the map does not move.

    ``key`` names the map (``series:3``, ``waiting``); ``fitted_on`` is how many proposals the basis was
    fitted on. The points are the stored vectors times the basis, so a page never encodes.
    """

    key = models.CharField(max_length=50, unique=True)
    model = models.CharField(max_length=200)
    basis = models.BinaryField()  # float64, (1,025, 2)
    fitted_on = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("목소리 지도")
        verbose_name_plural = _("목소리 지도")

    def __str__(self) -> str:
        return self.key
