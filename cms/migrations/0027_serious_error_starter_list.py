"""The starter list of the serious-error check (严重错误检查): common misprints of official
names and fixed expressions, written for this project. The office edits it in the admin
(设置 → 严重错误表述); entries already there are left as they are."""

from django.db import migrations

# (wrong, right, serious, note)
STARTER_LIST = [
    # Names of the state, its organs and the Party's: serious (a single veto item).
    ("中华人民共合国", "中华人民共和国", True, "国名"),
    ("中华人民公和国", "中华人民共和国", True, "国名"),
    ("中国人民政治协商会义", "中国人民政治协商会议", True, "机构名称"),
    ("全国人民代表大会常委委员会", "全国人民代表大会常务委员会", True, "机构名称"),
    ("国务院办工厅", "国务院办公厅", True, "机构名称"),
    ("国务院办公听", "国务院办公厅", True, "机构名称"),
    ("国务院办公室", "国务院办公厅", True, "机构名称：国务院设办公厅"),
    ("中共中央办公室", "中共中央办公厅", True, "机构名称：中共中央设办公厅"),
    ("国家统记局", "国家统计局", True, "机构名称"),
    ("习近乎", "习近平", True, "领导人姓名"),
    ("习进平", "习近平", True, "领导人姓名"),
    ("社会主意", "社会主义", True, "政治表述"),
    ("中国共产党第二十次全国人民代表大会", "中国共产党第二十次全国代表大会", True, "党的代表大会不是人民代表大会"),
    ("中国共产党第十九次全国人民代表大会", "中国共产党第十九次全国代表大会", True, "党的代表大会不是人民代表大会"),
    ("二十大三中全会", "二十届三中全会", True, "全会按届次称“二十届”"),
    ("二十大二中全会", "二十届二中全会", True, "全会按届次称“二十届”"),
    ("十九大四中全会", "十九届四中全会", True, "全会按届次称“十九届”"),
    ("十九大五中全会", "十九届五中全会", True, "全会按届次称“十九届”"),
    # Fixed expressions: warnings to check.
    ("既往不究", "既往不咎", False, "成语"),
    ("按步就班", "按部就班", False, "成语"),
    ("迫不急待", "迫不及待", False, "成语"),
    ("一愁莫展", "一筹莫展", False, "成语"),
    ("再接再励", "再接再厉", False, "成语"),
    ("一如继往", "一如既往", False, "成语"),
    ("走头无路", "走投无路", False, "成语"),
    ("重蹈复辙", "重蹈覆辙", False, "成语"),
    ("默守成规", "墨守成规", False, "成语"),
    ("委屈求全", "委曲求全", False, "成语"),
    ("一股作气", "一鼓作气", False, "成语"),
    ("变本加利", "变本加厉", False, "成语"),
    ("出奇不意", "出其不意", False, "成语"),
    ("有持无恐", "有恃无恐", False, "成语"),
    ("事得其反", "适得其反", False, "成语"),
    ("直接了当", "直截了当", False, "成语"),
    ("迫在眉捷", "迫在眉睫", False, "成语"),
    ("不可思意", "不可思议", False, "成语"),
    ("针贬时弊", "针砭时弊", False, "成语"),
    ("坚苦奋斗", "艰苦奋斗", False, "固定表述"),
    ("惯彻落实", "贯彻落实", False, "固定表述"),
    ("严历打击", "严厉打击", False, "固定表述"),
    ("安排布署", "安排部署", False, "固定表述"),
    ("工作布署", "工作部署", False, "固定表述"),
    ("实施条列", "实施条例", False, "法规名称"),
]


def load(apps, schema_editor):
    Entry = apps.get_model("cms", "SeriousErrorEntry")
    Entry.objects.bulk_create(
        [
            Entry(wrong=wrong, right=right, serious=serious, note=note)
            for wrong, right, serious, note in STARTER_LIST
        ],
        ignore_conflicts=True,
    )


def unload(apps, schema_editor):
    Entry = apps.get_model("cms", "SeriousErrorEntry")
    Entry.objects.filter(
        wrong__in=[wrong for wrong, *_rest in STARTER_LIST], updated_by__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0026_serious_errors")]

    operations = [migrations.RunPython(load, unload)]
