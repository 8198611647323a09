import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0011_support_link_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="held_for",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="digest",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="digested",
                to="feedback.outboxmessage",
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="kind",
            field=models.CharField(
                choices=[
                    ("feedback", "제안자 회신"),
                    ("reminder", "답변 기한 알림"),
                    ("commitment", "협약 이행 약속 알림"),
                    ("decision", "지원사업 선정 결과"),
                    ("milestone", "이행 단계 알림"),
                    ("progress", "진행 상황 안내"),
                    ("transfer", "이관 안내"),
                    ("account", "계정 안내"),
                    ("assignment", "수요 배정 알림"),
                    ("answered", "답변 등록 알림"),
                    ("voices_added", "새 목소리 알림"),
                    ("receipt", "제안 접수 안내"),
                    ("status_link", "상태 확인 링크 재발송"),
                    ("rejection", "제안 반려 안내"),
                    ("support_link", "공감 확인 링크"),
                    ("webhook", "웹훅"),
                    ("digest", "하루 알림 모음"),
                ],
                max_length=16,
                verbose_name="종류",
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "발송 대기"),
                    ("sending", "발송 중"),
                    ("retrying", "재시도 대기"),
                    ("sent", "발송 완료"),
                    ("failed", "발송 실패"),
                    ("held", "모아 보내기 대기"),
                    ("digested", "모아 보냄"),
                ],
                default="queued",
                max_length=16,
                verbose_name="상태",
            ),
        ),
    ]
