"""Flask commands: db upgrade, seed-demo, translate, send-outbox, send-reminders, run-jobs,
purge-expired, outbox, create-user."""
import contextlib
import signal
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .accounts import services as accounts
from .accounts.forms import MIN_PASSWORD_LENGTH
from .accounts.models import Role
from .core import jobs, migrate
from .core.db import db
from .core.outbox import queued_and_failed, send_due, watch as outbox_watch

ROOT = Path(__file__).resolve().parent.parent


def init_app(app):
    app.cli.add_command(db_group)
    app.cli.add_command(translate_group)
    app.cli.add_command(seed_demo)
    app.cli.add_command(send_outbox)
    app.cli.add_command(outbox)
    app.cli.add_command(create_user)
    app.cli.add_command(send_reminders)
    app.cli.add_command(purge_expired)
    app.cli.add_command(run_jobs)


db_group = AppGroup("db", help="The database schema.")


@db_group.command("upgrade")
def db_upgrade():
    """Apply every pending migration."""
    with db.connection_context():
        applied = migrate.upgrade()
    click.echo(f"Applied: {', '.join(applied)}" if applied else "The database is up to date.")


@db_group.command("status")
def db_status():
    """List migrations and whether each is applied."""
    with db.connection_context():
        for migration in migrate.status():
            mark = migration.applied.isoformat(" ", "seconds") if migration.applied else "pending"
            click.echo(f"{migration.name}  {mark}")


@click.command("seed-demo")
def seed_demo():
    """Load demo data (safe to run again: it changes nothing the second time)."""
    from .demo import seed

    with db.connection_context():
        for line in seed():
            click.echo(line)


@click.command("create-user")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice([role.value for role in Role]), help="Repeat for several roles.")
@click.option("--name", default="", help="Display name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given (it is read from standard input without a terminal).")
def create_user(email, roles, name, password):
    """Create a person with roles and a password (for the first coordinator or admin)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(f"use at least {MIN_PASSWORD_LENGTH} characters",
                                 param_hint="password")
    with db.connection_context():
        user = accounts.create_user(email, roles=roles, display_name=name, password=password)
    click.echo(f"{user.email}: {', '.join(sorted(r.value for r in user.role_set))}")


@click.command("send-outbox")
@click.option("--limit", default=500, show_default=True, help="Most messages to try in one run.")
@click.option("--watch", is_flag=True,
              help="Keep running, sending what is due every few seconds, until stopped.")
@click.option("--every", default=5.0, show_default=True,
              help="Seconds between looks, with --watch.")
def send_outbox(limit, watch, every):
    """Send queued email that is due (safe to run from cron, or to --watch, on several hosts)."""
    if watch:
        # SIGTERM lets the messages in hand be finished; Ctrl-C stops at once (leases cover it).
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        with contextlib.suppress(KeyboardInterrupt):
            outbox_watch(every=every, should_stop=lambda: bool(stopping))
        return
    with db.connection_context():
        counts = send_due(limit=limit)
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))


@click.command("outbox")
def outbox():
    """List email still queued or refused for good, with the last error."""
    with db.connection_context():
        messages = list(queued_and_failed())
    if not messages:
        click.echo("Nothing queued.")
        return
    for message in messages:
        click.echo(
            f"#{message.id}  {message.state:<6}  tries: {message.attempts}"
            f"  to: {message.recipient or '-'}  subject: {message.subject or '-'}"
        )
        if message.last_error:
            click.echo(f"    last error: {message.last_error}")


translate_group = AppGroup("translate", help="Translation catalogues (pybabel underneath).")
POT = ROOT / "translations" / "messages.pot"


def _pybabel(*args):
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def _extract():
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "_ln:1,2", "--no-location",
             "--sort-output", "--add-comments", "i18n:", "-o", str(POT), ".")


@translate_group.command("extract")
def translate_extract():
    """Collect every translatable string into translations/messages.pot."""
    _extract()


@translate_group.command("update")
def translate_update():
    """Extract, then merge new strings into every language's messages.po."""
    _extract()
    _pybabel("update", "-i", str(POT), "-d", "translations", "--no-wrap", "--ignore-obsolete")


@translate_group.command("init")
@click.argument("language")
def translate_init(language):
    """Start a new language's catalogue (then add it to LANGUAGES)."""
    _extract()
    _pybabel("init", "-i", str(POT), "-d", "translations", "-l", language, "--no-wrap")


@translate_group.command("compile")
def translate_compile():
    """Build the .mo files the app reads."""
    _pybabel("compile", "-d", "translations", "--statistics")


@click.command("send-reminders")
def send_reminders():
    """Email every reminder that is due, of every feature (core.jobs): reviews past their due
    date, further evidence past its date, awards 90 and 30 days before they end. Safe to run daily
    from cron, twice, or on several hosts: each reminder is claimed before it is queued."""
    from .core.clock import london_today

    with db.connection_context():
        sent = jobs.send_reminders(current_app, london_today())
        counts = send_due()
    click.echo(". ".join(f"{name}: {count}" for name, count in sent.items()) + ". Email: "
               + ", ".join(f"{name}: {count}" for name, count in counts.items()))


@click.command("run-jobs")
def run_jobs():
    """Run every frequent job of every feature (core.jobs: waiting-list offers that ran out, places
    to offer), then send the email they queued. For cron every few minutes where `send-outbox
    --watch` does not run; safe twice at once, or on several hosts. Exits 1 if a job failed."""
    with db.connection_context():
        done = jobs.run_frequent(current_app)
        counts = send_due()
    click.echo(". ".join(f"{name}: {'failed' if count is None else count}"
                         for name, count in done.items()) + ". Email: "
               + ", ".join(f"{name}: {count}" for name, count in counts.items()))
    if None in done.values():
        sys.exit(1)


@click.command("purge-expired")
def purge_expired():
    """Delete what every retention rule (core.jobs) says is no longer needed, and print how many
    rows each removed or emptied. Safe to run daily, twice, or on several hosts."""
    with db.connection_context():
        removed = jobs.purge_expired(current_app)
    for name, count in removed.items():
        click.echo(f"{name}: {count}")
