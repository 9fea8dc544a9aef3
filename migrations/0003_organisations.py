"""Organisations, their members and invitations, and the pledge (with its first wording)."""
import datetime
import json

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, Model, TextField

PLEDGE = {
    "en": (
        "We pledge to help make Lewisham a place of safety and welcome for everyone who has come "
        "here seeking sanctuary. We will learn what seeking sanctuary means and help others to "
        "understand it. We will make welcome part of how we work, and include people seeking "
        "sanctuary in what we do and in the decisions that affect them. We will tell others "
        "about the contribution people seeking sanctuary make to our borough, and about what we "
        "are doing ourselves."
    ),
    "ar": (
        "نتعهّد بأن نساعد في جعل لويشام مكانًا آمنًا ومرحِّبًا بكل من جاء إليه بحثًا عن الملاذ. "
        "سنتعلّم ما يعنيه البحث عن الملاذ ونساعد الآخرين على فهمه. سنجعل الترحيب جزءًا من "
        "طريقة عملنا، ونُشرك الباحثين عن الملاذ في ما نقوم به وفي القرارات التي تمسّهم. "
        "وسنُخبر الآخرين بما يقدّمه الباحثون عن الملاذ لمنطقتنا، وبما نقوم به نحن."
    ),
    "uk": (
        "Ми зобов'язуємося допомагати робити Льюїшем безпечним і гостинним місцем для всіх, хто "
        "прийшов сюди в пошуках притулку. Ми дізнаватимемося, що означає шукати притулку, і "
        "допомагатимемо іншим це зрозуміти. Ми зробимо гостинність частиною нашої роботи й "
        "залучатимемо людей, які шукають притулку, до нашої діяльності та до рішень, що їх "
        "стосуються. Ми розповідатимемо іншим про внесок людей, які шукають притулку, у життя "
        "нашого району, і про те, що робимо самі."
    ),
}


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Organisation(Base):
        name = CharField(max_length=200)
        kind = CharField(max_length=32)
        size_band = CharField(max_length=16)
        address = TextField(default="")
        postcode = CharField(max_length=16, default="")
        website = CharField(max_length=300, default="")
        contact_name = CharField(max_length=200)
        contact_role = CharField(max_length=200, default="")
        contact_email = CharField(max_length=320)
        language = CharField(max_length=16, default="en")
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class Membership(Base):
        organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="CASCADE")
        joined_at = DateTimeField(default=datetime.datetime.utcnow)
        removed_at = DateTimeField(null=True)
        removed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

        class Meta:
            indexes = ((("organisation", "user"), True),)

    class MemberInvitation(Base):
        organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
        email = CharField(max_length=320)
        token_hash = CharField(max_length=64, unique=True)
        invited_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        expires_at = DateTimeField()
        accepted_at = DateTimeField(null=True)

    class PledgeText(Base):
        text = TextField()
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    class PledgeSignature(Base):
        organisation = ForeignKeyField(Organisation, unique=True, on_delete="CASCADE", backref="+")
        pledge = ForeignKeyField(PledgeText, on_delete="RESTRICT", backref="+")
        signed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        signed_at = DateTimeField(default=datetime.datetime.utcnow)
        public = BooleanField(default=False)

    db.create_tables([Organisation, Membership, MemberInvitation, PledgeText, PledgeSignature])
    PledgeText.create(text=json.dumps(PLEDGE, ensure_ascii=False, sort_keys=True))


def down(migrator, db):
    for table in ("pledge_signature", "pledge_text", "member_invitation", "membership",
                  "organisation"):
        db.execute_sql(f'DROP TABLE "{table}"')
