from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consultation', '0003_approval_task'),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='channel',
            field=models.CharField(choices=[('online', 'Online'), ('email', 'E-mail'), ('post', 'Letter'), ('other', 'Other')], default='online', max_length=10, verbose_name='channel'),
        ),
    ]
