"""Scheduled work that features register: reminders, retention rules, and frequent jobs.

A feature connects a receiver to `reminders`, `retention_rules` or `frequent_jobs` (core.hooks
signals) in its init_app, answering the `Reminder`s, `RetentionRule`s or `FrequentJob`s it has.
`flask send-reminders` runs every reminder, `flask purge-expired` every retention rule (and the
privacy notice lists the rules), and `flask send-outbox --watch` (every `FREQUENT_JOBS_SECONDS`)
or `flask run-jobs` (from cron) every frequent job; none of them names a feature.

A reminder is claimed once with a conditional UPDATE before its email is queued, in the same
transaction: running it twice, or on several hosts at once, sends nothing twice, and a missed day
is caught up on the next run.
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from .db import db, utcnow
from .hooks import hooks

# receiver(app) -> [Reminder]: what a feature reminds people of.
reminders = hooks.signal("reminders")
# receiver(app) -> [RetentionRule]: what a feature deletes once it is no longer needed.
retention_rules = hooks.signal("retention-rules")
# receiver(app) -> [FrequentJob]: what a feature does every few minutes (offers that run out).
frequent_jobs = hooks.signal("frequent-jobs")


@dataclass(frozen=True)
class Reminder:
    """`due(today)` gives the rows a reminder is due for; `claim` the columns set (to now) to
    claim it, the first of which must still be empty (later ones are earlier reminders that
    would now come too late); `send(row)` queues its email."""

    name: str
    due: Callable
    claim: tuple
    send: Callable


@dataclass(frozen=True)
class RetentionRule:
    """`purge(cutoff)` deletes (or empties) what is older than `cutoff` = now - `period`, and
    returns how many rows it changed. `notice` says it on the privacy notice, in people's words
    (translated, with the period in it)."""

    name: str
    period: datetime.timedelta
    purge: Callable
    notice: object = field(default="", compare=False)


@dataclass(frozen=True)
class FrequentJob:
    """`run(now)` does what is due at `now` (naive UTC) and returns how many things it did. It
    runs in a transaction of its own, on any number of hosts at once: its own conditional
    UPDATEs (a row moved only from the state it was read in) make a second run find nothing."""

    name: str
    run: Callable


def _answers(signal, app):
    return [item for _receiver, given in signal.send(app) for item in given or ()]


def registered_reminders(app):
    return _answers(reminders, app)


def registered_rules(app):
    return _answers(retention_rules, app)


def registered_frequent_jobs(app):
    return _answers(frequent_jobs, app)


def send_reminder(reminder, today):
    """Claim and send each reminder that is due; return how many were sent."""
    sent = 0
    for row in reminder.due(today):
        model = type(row)
        with db.atomic():
            claimed = (model.update({column: utcnow() for column in reminder.claim})
                       .where((model.id == row.id) & reminder.claim[0].is_null()).execute())
            if claimed:
                reminder.send(row)
                sent += 1
    return sent


def send_reminders(app, today):
    """{reminder name: how many sent} for every registered reminder."""
    return {reminder.name: send_reminder(reminder, today) for reminder in registered_reminders(app)}


def purge_expired(app, now=None):
    """{rule name: rows removed or emptied} for every registered retention rule. A second run
    removes nothing more."""
    now = now or utcnow()
    removed = {}
    for rule in registered_rules(app):
        with db.atomic():
            removed[rule.name] = rule.purge(now - rule.period)
    return removed


def run_frequent(app, now=None):
    """{job name: how many things it did} for every registered frequent job, each in its own
    transaction. A job that fails is logged and given as None; the others still run."""
    now = now or utcnow()
    done = {}
    for job in registered_frequent_jobs(app):
        try:
            with db.atomic():
                done[job.name] = job.run(now)
        except Exception:  # one feature's failure never stops another's work
            app.logger.exception("The frequent job %r failed", job.name)
            done[job.name] = None
    return done
