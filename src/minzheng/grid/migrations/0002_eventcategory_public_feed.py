"""Each event category says what the public Open311 feed shows of the events citizens and hotlines filed in
it (issue 13, item 2: the feed published grid workers' internal reports). New categories start not public;
0003 sets the categories seeded so far."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grid", "0001_grid_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventcategory",
            name="public_feed",
            field=models.CharField(
                choices=[
                    ("full", "公开描述和位置"),
                    ("description", "公开描述，不公开位置"),
                    ("status", "仅公开分类和办理状态"),
                    ("internal", "不公开（内部事项）"),
                ],
                default="internal",
                help_text="市民或热线反映的此类事件在公开的 Open311 事件列表中显示什么；工作人员上报的事件一律不公开。涉及个人情况的事项（如独居老人关爱、困难群众求助）应为“不公开”。",
                max_length=12,
                verbose_name="Open311公开范围",
            ),
        ),
    ]
