from django.db import migrations, models


class Migration(migrations.Migration):
    """Say what each 공감 is counted once per; supports given before stay counted, marked as such."""

    dependencies = [
        ("voices", "0011_proposal_joined_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="support",
            name="basis",
            field=models.CharField(
                choices=[
                    ("user", "로그인 계정"),
                    ("email", "확인된 이메일"),
                    ("legacy", "이전 방식(브라우저)"),
                ],
                default="legacy",
                max_length=8,
                verbose_name="확인 방법",
            ),
        ),
    ]
