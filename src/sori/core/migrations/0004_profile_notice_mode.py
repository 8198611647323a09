from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_personal_data_access"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="notice_mode",
            field=models.CharField(
                choices=[("immediate", "즉시"), ("digest", "하루 한 번 모아서")],
                default="immediate",
                max_length=16,
                verbose_name="알림 받는 방법",
            ),
        ),
    ]
