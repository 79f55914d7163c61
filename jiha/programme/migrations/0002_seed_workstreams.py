"""The programme's four workstreams, as the seed article lists them (Les Inspirations Éco, 2020)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

WORKSTREAMS = [
    (
        1,
        "data",
        "Capitaliser sur la donnée issue des activités et initiatives régionales",
        "الاستفادة من المعطيات الناتجة عن الأنشطة والمبادرات الجهوية",
        "Capitalise on the data from regional activities and initiatives",
    ),
    (
        2,
        "legal",
        "Volet législatif de la décentralisation",
        "الجانب التشريعي لللامركزية",
        "Legal framework for decentralisation",
    ),
    (
        3,
        "training",
        "Formation digitale et reconversion des profils scientifiques",
        "التكوين الرقمي وإعادة تأهيل خريجي الشعب العلمية",
        "Digital training and reconversion of science graduates",
    ),
    (
        4,
        "digital",
        "Déclinaison régionale de la transformation digitale nationale",
        "التنزيل الجهوي للتحول الرقمي الوطني",
        "Regional roll-out of the national digital transformation",
    ),
]


def create(apps: Any, schema_editor: Any) -> None:
    Workstream = apps.get_model("programme", "Workstream")
    for number, code, fr, ar, en in WORKSTREAMS:
        Workstream.objects.update_or_create(
            code=code, defaults={"number": number, "name_fr": fr, "name_ar": ar, "name_en": en}
        )


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("programme", "Workstream").objects.filter(
        code__in=[w[1] for w in WORKSTREAMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_conventions_initiatives_kpis")]
    operations = [migrations.RunPython(create, remove)]
