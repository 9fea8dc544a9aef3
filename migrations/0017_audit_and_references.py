"""One audit table (core.audit) for every feature: each application's timeline (the states it
entered, which its own people see) and each panel's trail (staff only) move into it, keeping
what each row said, and their two tables go. Reference counters (core.references) are counted per
prefix: the award's, SA, keeps its numbers."""
import datetime
import json

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField

BATCH = 500
# The panel's kinds of event when this migration was written.
PANEL_KINDS = ("assigned", "removed", "no_conflict", "conflict", "review_submitted",
               "review_reopened", "agreed", "decision_sent_early")


def _models(db):
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

    class ApplicationEvent(Base):
        application = ForeignKeyField(Application, on_delete="CASCADE")
        state = CharField(max_length=32)
        at = DateTimeField(default=datetime.datetime.utcnow)
        by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    class PanelEvent(Base):
        application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")
        kind = CharField(max_length=32)
        at = DateTimeField(default=datetime.datetime.utcnow)
        by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        subject = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        detail = TextField(default="")

    class AuditEvent(Base):
        subject_kind = CharField(max_length=32)
        subject_id = IntegerField()
        kind = CharField(max_length=64)
        by_id = IntegerField(null=True)
        about_id = IntegerField(null=True)
        at = DateTimeField(default=datetime.datetime.utcnow)
        detail = TextField(default="{}")
        visibility = CharField(max_length=16, default="staff")

        class Meta:
            indexes = ((("subject_kind", "subject_id", "at"), False),)

    return ApplicationEvent, PanelEvent, AuditEvent


def _json(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _panel_detail(kind, detail):
    """The old text detail as the new JSON one: a decision sent early counted "2/3"; any other
    event's text was its note."""
    if kind == "decision_sent_early":
        submitted, _, panel = detail.partition("/")
        counts = {"submitted": submitted, "panel": panel}
        return {k: int(v) if v.isdigit() else v for k, v in counts.items()}
    return {"note": detail} if detail else {}


def _insert(model, rows):
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start:start + BATCH]).execute()


def up(migrator, db):
    ApplicationEvent, PanelEvent, AuditEvent = _models(db)
    db.create_tables([AuditEvent])
    moved = [((e.at, 0, e.id), dict(
        subject_kind="application", subject_id=e.application_id, kind=f"application.{e.state}",
        by_id=e.by_id, about_id=None, at=e.at, detail="{}", visibility="subject"))
        for e in ApplicationEvent.select()]
    moved += [((e.at, 1, e.id), dict(
        subject_kind="application", subject_id=e.application_id, kind=e.kind, by_id=e.by_id,
        about_id=e.subject_id, at=e.at, detail=_json(_panel_detail(e.kind, e.detail)),
        visibility="staff"))
        for e in PanelEvent.select()]
    # In the order they happened, so that events at the same moment keep their order.
    _insert(AuditEvent, [row for _, row in sorted(moved, key=lambda pair: pair[0])])
    db.drop_tables([ApplicationEvent, PanelEvent])

    migrator.migrate(
        migrator.add_column("reference_counter", "prefix", CharField(max_length=8, default="SA")),
        migrator.drop_index("reference_counter", "reference_counter_year"),
        migrator.add_index("reference_counter", ("prefix", "year"), unique=True))


def down(migrator, db):
    ApplicationEvent, PanelEvent, AuditEvent = _models(db)
    db.execute_sql("DELETE FROM reference_counter WHERE prefix <> 'SA'")
    migrator.migrate(
        migrator.drop_index("reference_counter", "reference_counter_prefix_year"),
        migrator.drop_column("reference_counter", "prefix"),
        migrator.add_index("reference_counter", ("year",), unique=True))

    db.create_tables([ApplicationEvent, PanelEvent])
    on_applications = AuditEvent.select().where(AuditEvent.subject_kind == "application").order_by(
        AuditEvent.at, AuditEvent.id)
    states, panel = [], []
    for e in on_applications:
        if e.kind.startswith("application."):
            states.append(dict(application=e.subject_id, state=e.kind.removeprefix("application."),
                               at=e.at, by=e.by_id))
        elif e.kind in PANEL_KINDS:
            detail = json.loads(e.detail)
            text = (f"{detail['submitted']}/{detail['panel']}" if e.kind == "decision_sent_early"
                    else detail.get("note", ""))
            panel.append(dict(application=e.subject_id, kind=e.kind, at=e.at, by=e.by_id,
                              subject=e.about_id, detail=text))
    _insert(ApplicationEvent, states)
    _insert(PanelEvent, panel)
    db.drop_tables([AuditEvent])
