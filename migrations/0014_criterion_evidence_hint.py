"""What kind of evidence a criterion asks for (a translated hint), filled in for the default
criteria that require evidence. Criteria that coordinators have reworded, or given a hint, keep
what they have."""
import json

from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, Model, TextField

CONTACT = {
    "en": "The person's name and role, and their training certificate or the booking for it.",
    "ar": "اسم الشخص ودوره، وشهادة تدريبه أو تأكيد حجزه في التدريب.",
    "uk": "Ім'я та посада цієї людини, а також її сертифікат про навчання або підтвердження "
          "запису на нього.",
}
TELLING = {
    "en": "A screenshot of your web page or a social media post, or a copy of a newsletter, "
          "that mentions the pledge.",
    "ar": "لقطة شاشة لصفحة موقعكم أو لمنشور على وسائل التواصل الاجتماعي، أو نسخة من نشرة "
          "إخبارية، تذكر التعهّد.",
    "uk": "Знімок екрана вашої вебсторінки чи допису в соцмережах або примірник розсилки, де "
          "згадано зобов'язання.",
}
# (stream key, English title as migration 0004 wrote it) -> the hint, in each language it has.
HINTS = {
    ("business", "A named sanctuary contact"): CONTACT,
    ("business", "Everyone understands what seeking sanctuary means"): {
        "en": "A training record: the date, who took part and who led it, or the session plan.",
        "ar": "سجل التدريب: تاريخه، ومن شارك فيه ومن قدّمه، أو خطة الجلسة.",
        "uk": "Запис про навчання: дата, хто брав участь і хто його проводив, або план заняття.",
    },
    ("business", "Telling people about your commitment"): TELLING,
    ("community", "A named sanctuary contact"): CONTACT,
    ("community", "Your whole organisation understands what seeking sanctuary means"): {
        "en": "A record of the sessions: the dates, who came and who led them, or the session "
              "plan.",
        "ar": "سجل الجلسات: تواريخها، ومن حضرها ومن قدّمها، أو خطة الجلسة.",
        "uk": "Запис про зустрічі: дати, хто прийшов і хто їх проводив, або план зустрічі.",
    },
    ("community", "People seeking sanctuary help to run your organisation"): {
        "en": "Minutes of a committee or planning meeting, or a list of volunteer roles, that "
              "show people seeking sanctuary taking part (without names, unless they agreed).",
        "ar": "محضر اجتماع لجنة أو اجتماع تخطيط، أو قائمة بأدوار المتطوعين، يُظهر مشاركة "
              "الباحثين عن الملاذ (من دون أسماء، إلا إذا وافق أصحابها).",
        "uk": "Протокол засідання комітету чи планувальної зустрічі або перелік волонтерських "
              "ролей, що показує участь людей, які шукають притулку (без імен, якщо люди не "
              "погодилися).",
    },
    ("community", "Telling people about your commitment"): TELLING,
}


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Stream(Base):
        key = CharField(max_length=32, unique=True)

    class Criterion(Base):
        stream = ForeignKeyField(Stream, on_delete="RESTRICT")
        title = TextField()
        evidence_required = BooleanField(default=False)
        evidence_hint = TextField(default="{}")
        position = IntegerField(default=0)

    migrator.migrate(migrator.add_column("criterion", "evidence_hint", TextField(default="{}")))
    for criterion in Criterion.select(Criterion, Stream).join(Stream):
        hint = HINTS.get((criterion.stream.key, json.loads(criterion.title).get("en")))
        if hint and criterion.evidence_required and criterion.evidence_hint == "{}":
            (Criterion.update(evidence_hint=json.dumps(hint, ensure_ascii=False, sort_keys=True))
             .where(Criterion.id == criterion.id).execute())


def down(migrator, db):
    migrator.migrate(migrator.drop_column("criterion", "evidence_hint"))
