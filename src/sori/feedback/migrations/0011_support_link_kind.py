from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0010_voices_added_kind"),
    ]

    operations = [
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
                ],
                max_length=16,
                verbose_name="종류",
            ),
        ),
    ]
