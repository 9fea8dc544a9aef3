"""Evidence files attached to an application's criteria."""
import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Application(Base):
        class Meta:
            table_name = "application"

    class Criterion(Base):
        class Meta:
            table_name = "criterion"

    class Evidence(Base):
        application = ForeignKeyField(Application, on_delete="CASCADE")
        criterion = ForeignKeyField(Criterion, on_delete="RESTRICT", backref="+")
        storage_key = CharField(max_length=64, unique=True)
        filename = CharField(max_length=255)
        content_type = CharField(max_length=127)
        size = IntegerField()
        uploaded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        uploaded_at = DateTimeField(default=datetime.datetime.utcnow)

    db.create_tables([Evidence])


def down(migrator, db):
    db.execute_sql('DROP TABLE "evidence"')
