"""Organisations and people that every loop points at."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sori.core.web_links import is_web_url, validate_web_links

_LEGAL_FORMS = re.compile(r"\(주\)|㈜|주식회사|\(유\)|유한회사|\(재\)|재단법인|\(사\)|사단법인|\(株\)")


def organisation_key(name: str) -> str:
    """Return the key spellings of one organisation share: "(주)솔트룩스" and "솔트룩스 " give "솔트룩스"."""
    text = unicodedata.normalize("NFKC", name)
    text = _LEGAL_FORMS.sub("", text)
    return re.sub(r"[\s·.,\-]+", "", text).lower()


def new_token() -> str:
    """Return an unguessable token for a private status link."""
    return secrets.token_urlsafe(24)


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("AI기업")
    INSTITUTION = "institution", _("기관·연구소")
    DEPARTMENT = "department", _("시 부서")
    COMMITTEE = "committee", _("위원회")
    MANUFACTURER = "manufacturer", _("제조기업")
    SME = "sme", _("중소기업")
    ROOT_INDUSTRY = "root_industry", _("뿌리기업")
    PUBLIC_BODY = "public_body", _("공공기관")


# The city's own offices and the council's committees run the registry; they are never "attracted".
INTERNAL_KINDS = frozenset({OrganisationKind.DEPARTMENT, OrganisationKind.COMMITTEE})


class StrategicField(models.TextChoices):
    """The strategic fields (전략 분야) Gwangju attracts AI firms in, linked to its core industries."""

    MOBILITY = "mobility", _("자동차·모빌리티")
    ENERGY = "energy", _("에너지")
    HEALTHCARE = "healthcare", _("헬스케어")
    MANUFACTURING = "manufacturing", _("제조·뿌리산업")
    CULTURE = "culture", _("문화콘텐츠")
    DATA_INFRA = "data_infra", _("데이터·컴퓨팅 인프라")
    SECURITY = "security", _("보안·공공안전")
    AGRICULTURE = "agriculture", _("농업·식품")
    OTHER = "other", _("기타")


class Size(models.TextChoices):
    STARTUP = "startup", _("스타트업")
    SMALL = "small", _("소기업")
    MEDIUM = "medium", _("중기업")
    MIDSIZE = "midsize", _("중견기업")
    LARGE = "large", _("대기업")
    PUBLIC = "public", _("공공·비영리")


class Origin(models.TextChoices):
    """Where a firm comes from: the 2025 round table asked for coexistence of the two."""

    LOCAL = "local", _("지역 기업")
    RELOCATED = "relocated", _("수도권 이전 기업")
    OUTSIDE = "outside", _("역외 기업(미이전)")


def business_number_digits(value: str) -> str:
    """Return the digits of a business registration number (사업자등록번호): "123-45-67890" → "1234567890"."""
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", value or ""))


class Organisation(models.Model):
    """An organisation (기관·기업): a company, an institution, a city department or a council committee."""

    name = models.CharField(_("기관명"), max_length=200, unique=True)
    # "(주)솔트룩스" and "솔트룩스" share this key, so one organisation is not registered twice.
    name_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    kind = models.CharField(
        _("구분"), max_length=16, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    sector = models.CharField(_("분야"), max_length=200, blank=True)
    location = models.CharField(_("소재지"), max_length=200, blank=True)
    email = models.EmailField(_("대표 이메일"), blank=True)
    # PIPA and plain courtesy: a company is named on public pages only when it agreed to be.
    public_name_consent = models.BooleanField(_("공개 명칭 동의"), default=False)
    status_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The ecosystem profile (생태계 프로필); every field is optional so meetings can register a name quickly.
    strategic_field = models.CharField(
        _("전략 분야"), max_length=16, choices=StrategicField.choices, blank=True
    )
    ai_capabilities = models.TextField(_("AI 역량"), blank=True)
    ai_needs = models.TextField(_("AI 수요"), blank=True)
    size = models.CharField(_("규모"), max_length=16, choices=Size.choices, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("설립 연도"), null=True, blank=True)
    origin = models.CharField(_("지역 구분"), max_length=16, choices=Origin.choices, blank=True)
    relocated_on = models.DateField(_("광주 이전일"), null=True, blank=True)
    address = models.CharField(_("주소"), max_length=300, blank=True)
    website = models.URLField(_("누리집"), blank=True)
    links = models.TextField(
        _("관련 링크"), blank=True, help_text=_("한 줄에 하나씩"), validators=[validate_web_links]
    )
    # Digits only; NULL rather than "" when unknown so the unique constraint holds only for known numbers.
    business_number = models.CharField(_("사업자등록번호"), max_length=10, unique=True, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("기관")
        verbose_name_plural = _("기관")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = organisation_key(self.name)
        self.business_number = business_number_digits(self.business_number or "") or None
        super().save(*args, **kwargs)

    @property
    def business_number_display(self) -> str:
        """Return ``123-45-67890``, or an empty string when unknown."""
        n = self.business_number or ""
        return f"{n[:3]}-{n[3:5]}-{n[5:]}" if len(n) == 10 else n

    @property
    def link_list(self) -> list[str]:
        # Only web addresses are shown as links, whatever an older row or an import stored.
        return [line.strip() for line in self.links.splitlines() if is_web_url(line.strip())]

    @property
    def public_name(self) -> str:
        """Return the name for public pages: the real name only with consent."""
        return self.name if self.public_name_consent else str(_("비공개 기관"))


class Person(models.Model):
    """A person (인물): a company representative, an officer, a committee member or a citizen."""

    name = models.CharField(_("이름"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("소속"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    role = models.CharField(_("직위·역할"), max_length=100, blank=True)
    email = models.EmailField(_("이메일"), blank=True)
    phone = models.CharField(_("전화"), max_length=40, blank=True)
    contact_consent = models.BooleanField(_("연락 동의"), default=False)
    status_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # When their data was erased on request (``sori.registry.erasure``); the row stays for their proposals.
    erased_at = models.DateTimeField(_("개인정보 삭제일시"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("인물")
        verbose_name_plural = _("인물")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name


class MouStage(models.TextChoices):
    """Follow-up stage (후속 단계) of an MOU; allowed moves are in ``sori.registry.workflow``."""

    SIGNED = "signed", _("협약 체결")
    OFFICE_OPENED = "office_opened", _("사무소 개소")
    OPERATING = "operating", _("운영 중")
    HQ_RELOCATED = "hq_relocated", _("본사 이전")
    STALLED = "stalled", _("정체")
    WITHDRAWN = "withdrawn", _("철회")


class Mou(models.Model):
    """A memorandum of understanding (업무협약, MOU) between the city and one or more organisations."""

    title = models.CharField(_("협약명"), max_length=300)
    parties = models.ManyToManyField(Organisation, verbose_name=_("협약 기관"), related_name="mous")
    signed_on = models.DateField(_("협약일"), db_index=True)
    engagement = models.ForeignKey(
        "engagement.Engagement",
        verbose_name=_("체결 회의"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mous",
    )
    # Where it was signed when that event is not a meeting recorded in Sori (e.g. "AI 집적단지 투자협약식").
    event = models.CharField(_("체결 행사"), max_length=200, blank=True)
    summary = models.TextField(_("협약 내용"), blank=True)
    stage = models.CharField(_("후속 단계"), max_length=16, choices=MouStage.choices, default=MouStage.SIGNED)
    stage_reason = models.TextField(_("단계 사유"), blank=True)
    stage_changed_on = models.DateField(_("단계 변경일"), null=True, blank=True)
    # The stage before a stall, so a resumed MOU goes back to where it was.
    stalled_from = models.CharField(max_length=16, choices=MouStage.choices, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("업무협약")
        verbose_name_plural = _("업무협약")
        constraints = [
            models.CheckConstraint(
                name="mou_stalled_withdrawn_need_reason",
                condition=~models.Q(stage__in=["stalled", "withdrawn"]) | ~models.Q(stage_reason=""),
            )
        ]

    def __str__(self) -> str:
        return self.title


class CommitmentKind(models.TextChoices):
    OFFICE = "office", _("사무소 개소")
    HQ_RELOCATION = "hq_relocation", _("본사 이전")
    JOBS = "jobs", _("고용")
    INVESTMENT = "investment", _("투자")
    JOINT_PROJECT = "joint_project", _("공동 사업")


# What ``target_number`` and ``realised_number`` count, per kind.
COMMITMENT_UNITS = {CommitmentKind.JOBS: _("명"), CommitmentKind.INVESTMENT: _("원")}


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("이행 전")
    FULFILLED = "fulfilled", _("이행")
    PARTLY = "partly", _("일부 이행")
    MISSED = "missed", _("미이행")
    CANCELLED = "cancelled", _("취소")


class Commitment(models.Model):
    """A promise made in an MOU (협약 이행 약속): office, relocation, jobs, investment or joint project."""

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("약속 기관"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    kind = models.CharField(_("약속"), max_length=16, choices=CommitmentKind.choices)
    description = models.CharField(_("내용"), max_length=300, blank=True)
    target_date = models.DateField(_("목표일"), null=True, blank=True)
    # Jobs in people, investment in 원; empty for offices, relocations and joint projects.
    target_number = models.BigIntegerField(_("목표"), null=True, blank=True)
    realised_number = models.BigIntegerField(_("실적"), null=True, blank=True)
    status = models.CharField(
        _("이행 상태"), max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.PENDING
    )
    realised_on = models.DateField(_("이행일"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    # Staff may put an overdue commitment out of the home page's sight for a while (a stalled relocation
    # being negotiated); it comes back on this date if still unkept.
    snoozed_until = models.DateField(_("다시 볼 날"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target_date", "id"]
        verbose_name = _("협약 이행 약속")
        verbose_name_plural = _("협약 이행 약속")
        indexes = [models.Index(fields=["status", "target_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.mou}"

    @property
    def unit(self) -> str:
        return str(COMMITMENT_UNITS.get(CommitmentKind(self.kind), ""))


class ImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("기관")
    MOUS = "mous", _("업무협약")


class RegistryImport(models.Model):
    """An uploaded spreadsheet of organisations or MOUs (기관·협약 가져오기), kept until it is saved."""

    kind = models.CharField(_("대상"), max_length=16, choices=ImportKind.choices)
    filename = models.CharField(_("파일명"), max_length=255)
    data = models.BinaryField(editable=False)
    uploaded_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("기관·협약 가져오기")
        verbose_name_plural = _("기관·협약 가져오기")

    def __str__(self) -> str:
        return self.filename
