"""One table of capability links (core.links) for every feature: the email tokens (sign-in,
password reset, staff invitation) and colleagues' invitations move into it, each keeping its
meaning, and their two tables go."""
import datetime
import json

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model
from peewee import TextField

BATCH = 500


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        email = CharField(max_length=320, unique=True)

        class Meta:
            table_name = "user"

    class EmailToken(Base):
        token_hash = CharField(max_length=64, unique=True)
        purpose = CharField(max_length=32)
        email = CharField(max_length=320, index=True)
        role = CharField(max_length=32, null=True)
        display_name = CharField(max_length=200, default="")
        next_url = CharField(max_length=2000, null=True)
        created_by = IntegerField(null=True, column_name="created_by_id")
        created_at = DateTimeField()
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)

    class MemberInvitation(Base):
        organisation = IntegerField(column_name="organisation_id")
        email = CharField(max_length=320)
        token_hash = CharField(max_length=64, unique=True)
        invited_by = IntegerField(null=True, column_name="invited_by_id")
        created_at = DateTimeField()
        expires_at = DateTimeField()
        accepted_at = DateTimeField(null=True)

    class Link(Base):
        token_hash = CharField(max_length=64, unique=True)
        purpose = CharField(max_length=32)
        subject_kind = CharField(max_length=32, null=True)
        subject_id = IntegerField(null=True)
        holder_email = CharField(max_length=320, null=True, index=True)
        holder_user_id = IntegerField(null=True, index=True)
        payload = TextField(default="{}")
        single_use = BooleanField(default=True)
        created_by_id = IntegerField(null=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        revoked_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("subject_kind", "subject_id", "purpose"), False),)

    db.create_tables([Link])
    users = {user.email: user.id for user in User.select(User.id, User.email)}

    def payload_of(token):
        # What the old columns said, kept where the code now reads it.
        payload = {}
        if token.purpose == "invitation" or token.role is not None:
            payload.update(role=token.role, display_name=token.display_name)
        if token.next_url is not None:
            payload["next_url"] = token.next_url
        return json.dumps(payload, ensure_ascii=False, sort_keys=True)

    # An old token's used_at meant spent or revoked (a newer link, a sign-out everywhere): it is
    # kept as used_at, since which one it was is not known; either way the link no longer works.
    rows = [dict(token_hash=t.token_hash, purpose=t.purpose, holder_email=t.email,
                 holder_user_id=users.get(t.email), payload=payload_of(t),
                 created_by_id=t.created_by, created_at=t.created_at, expires_at=t.expires_at,
                 used_at=t.used_at)
            for t in EmailToken.select().order_by(EmailToken.id)]
    rows += [dict(token_hash=i.token_hash, purpose="member_invitation",
                  subject_kind="organisation", subject_id=i.organisation, holder_email=i.email,
                  holder_user_id=users.get(i.email), payload="{}", created_by_id=i.invited_by,
                  created_at=i.created_at, expires_at=i.expires_at, used_at=i.accepted_at)
             for i in MemberInvitation.select().order_by(MemberInvitation.id)]
    for start in range(0, len(rows), BATCH):
        Link.insert_many([{"single_use": True, "subject_kind": None, "subject_id": None,
                           "revoked_at": None, **row}
                          for row in rows[start:start + BATCH]]).execute()

    db.drop_tables([EmailToken, MemberInvitation])


def down(migrator, db):
    """Back to the two tables, for the links of their four purposes (revoked counts as used)."""

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Organisation(Base):
        class Meta:
            table_name = "organisation"

    class EmailToken(Base):
        token_hash = CharField(max_length=64, unique=True)
        purpose = CharField(max_length=32)
        email = CharField(max_length=320, index=True)
        role = CharField(max_length=32, null=True)
        display_name = CharField(max_length=200, default="")
        next_url = CharField(max_length=2000, null=True)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)

    class MemberInvitation(Base):
        organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
        email = CharField(max_length=320)
        token_hash = CharField(max_length=64, unique=True)
        invited_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        expires_at = DateTimeField()
        accepted_at = DateTimeField(null=True)

    class Link(Base):
        token_hash = CharField(max_length=64)
        purpose = CharField(max_length=32)
        subject_id = IntegerField(null=True)
        holder_email = CharField(max_length=320, null=True)
        payload = TextField()
        created_by_id = IntegerField(null=True)
        created_at = DateTimeField()
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        revoked_at = DateTimeField(null=True)

    db.create_tables([EmailToken, MemberInvitation])
    for link in Link.select().order_by(Link.id):
        ended = link.used_at or link.revoked_at
        if link.purpose in ("sign_in", "password_reset", "invitation"):
            payload = json.loads(link.payload)
            EmailToken.create(token_hash=link.token_hash, purpose=link.purpose,
                              email=link.holder_email, role=payload.get("role"),
                              display_name=payload.get("display_name", ""),
                              next_url=payload.get("next_url"), created_by=link.created_by_id,
                              created_at=link.created_at, expires_at=link.expires_at,
                              used_at=ended)
        elif link.purpose == "member_invitation":
            MemberInvitation.create(organisation=link.subject_id, email=link.holder_email,
                                    token_hash=link.token_hash, invited_by=link.created_by_id,
                                    created_at=link.created_at, expires_at=link.expires_at,
                                    accepted_at=ended)
    db.drop_tables([Link])
