"""The app served for real (gunicorn on 127.0.0.1) for the browser tests, with a resettable
database."""
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .mail import link_in, wait_for_email
from .ports import free_port
from .scripts import run_script

ROOT = Path(__file__).resolve().parents[2]


# Someone who can see every page: the browser tests sign in as them.
STAFF_EMAIL = "coordinator@browser.example.org"
STAFF_PASSWORD = "browser-tests-password"
# A member of the school of bookings 1, 2 and 4 and of the organisation of booking 3: the walk
# signs in as them (with a link) for the pages only a school's own people see.
SCHOOL_EMAIL = "school@browser.example.org"


# Organisation 1 (with the staff user as a member) and its draft application 1, an open round,
# a submitted application 2 of theirs, and an application 3 of another organisation with the staff
# user on its panel, so that every organisation, application and panel page can be walked; and a
# school's booking 1 in slot 1, and a blocked period 1, for the school sessions' pages.
ORGANISATION_SCRIPT = f"""
from sanctuary import create_app
from sanctuary.accounts.queries import find_user
from sanctuary.awards.services import (create_organisation, open_round, start_application,
                                       submit_application)
from tests.factories import make_complete_application
with create_app().app_context():
    user = find_user({STAFF_EMAIL!r})
    organisation = create_organisation(by=user, name="Browser Test Bakery", kind="business",
                                       size_band="1-9", contact_name="Browser Coordinator",
                                       contact_email={STAFF_EMAIL!r})
    start_application(organisation, by=user)
    open_round("Browser test round")
    submitted = make_complete_application(user)
    submit_application(submitted, by=user)
    # Application 3, of someone else's organisation, with the staff user on its panel.
    from sanctuary.panel.services import assign, declare
    other = make_complete_application()
    other = submit_application(other, by=other.created_by)
    assign(other, user, by=user)
    declare(other, has_conflict=False, by=user)
    # School sessions: slot 1, booking 1 of another school (requested in slot 1), period 1.
    import datetime
    from sanctuary.core.clock import london_today
    from sanctuary.schools.services import block_days
    from tests.factories import make_booking, make_slot, make_user
    # Its own address: the factories' numbered ones restart in every process a test runs.
    school_member = make_user(email={SCHOOL_EMAIL!r}, display_name="Browser School Member")
    requested = make_booking(slot=make_slot(), member=school_member)
    block_days(starts_on=london_today() + datetime.timedelta(days=60),
               ends_on=london_today() + datetime.timedelta(days=64), kind="school_holiday",
               note="Half term", by=user)
    # Booking 2, confirmed in slot 2 (so full), with speaker 1 coming; speaker 2 may be invited.
    from sanctuary.schools import services as schools
    from sanctuary.schools.models import Booking
    from tests.factories import make_speaker
    full = make_slot(days_ahead=40)
    confirmed = schools.confirm(make_booking(school=requested.organisation, slot=full),
                                by=user, slot=full)
    coming = make_speaker(name="Amal Haddad", email="amal@speakers.example.org")
    make_speaker(name="Yusuf Karimi", email="yusuf@speakers.example.org")
    schools.accept(schools.invite(confirmed, coming, by=user), by=None)
    # Booking 3: staff training delivered to the school member's other organisation, whose
    # draft application has a criterion tagged as staff training: its feedback and evidence.
    from sanctuary.awards.models import CriterionTag
    draft = make_complete_application(school_member)
    from sanctuary.awards.models import Criterion
    tagged = [c for c in Criterion.in_use(draft.stream) if c.principle == "learn"][1]
    tagged.tags = [CriterionTag.STAFF_TRAINING.value]
    tagged.save()
    training_slot = make_slot(days_ahead=50, formats=["training"], starts_at="14:00",
                              ends_at="15:30")
    training = make_booking(school=draft.organisation, member=school_member, slot=training_slot,
                            format="training", audience_size=20)
    schools.confirm(training, by=user, slot=training_slot)
    schools.mark_delivered(Booking.get_by_id(training.id), by=user, today=training_slot.date)
    # Booking 4: the school's request for the full slot 2, on its waiting list.
    schools.join(make_booking(school=requested.organisation, slot=full), full)
    # Term 1: this term, so the termly report has figures.
    schools.add_term(name="Browser term", starts_on=london_today() - datetime.timedelta(days=30),
                     ends_on=london_today() + datetime.timedelta(days=90), by=user)
    # Checks: service 1 with the register's demo file, campaign 1 open (question 1 its first),
    # with its script in Arabic beside English, and its slots 1 and 2; upload 1, with a bad
    # row, waiting for preview.
    from sanctuary.checks import services as checks
    from sanctuary.core import imports
    checks.import_demo_services(user)
    campaign = checks.create_campaign(
        title={{"en": "Browser checks"}}, starts_on=london_today(),
        ends_on=london_today() + datetime.timedelta(days=30),
        briefing={{"en": "Ask to register."}},
        script={{"en": "I have just moved here.", "ar": "انتقلت إلى هنا للتو."}}, by=user)
    checks.open_campaign(campaign, by=user)
    # Slot 1 (service 1, in two days, a place held by "Sunflower") and slot 2 (a week window).
    from sanctuary.checks.models import CheckBooking
    from sanctuary.checks.services import slots as check_slots
    first, = check_slots.open_slots(campaign, services=[1], span="day", capacity=2, by=user,
                                   day=london_today() + datetime.timedelta(days=2)).slots
    check_slots.open_slots(campaign, services=[2], span="week", capacity=1, by=user,
                           day=london_today() + datetime.timedelta(days=9))
    CheckBooking.create(slot=first, alias="Sunflower", reference="KFK-7CM-CH2")
    imports.receive(checks.SERVICES_IMPORT, filename="bad.csv", by=user, data=(
        b"Kind,Name,Address,Postcode,Ward,ODS code,Safe Surgeries\\n"
        b"GP surgery,New Practice,1 Road,SE6 4RU,Catford South,,yes\\n"
        b"GP surgery,Nowhere Practice,2 Road,not a postcode,Atlantis,,\\n"))
    # Campaign 2, closed, with six accepted reports (four on service 1, two on service 2), the
    # result of service 1 published and a letter recorded for it.
    from tests.factories import make_check
    from sanctuary.checks.models import Service
    from sanctuary.checks.services import follow_up
    results = checks.create_campaign(
        title={{"en": "Browser results"}}, starts_on=london_today() - datetime.timedelta(days=40),
        ends_on=london_today() - datetime.timedelta(days=10), briefing={{}}, script={{}},
        by=user)
    checks.open_campaign(results, by=user)
    for number, (service_id, asked_id) in enumerate(
            [(1, "no"), (1, "no"), (1, "yes"), (1, "no"), (2, "yes"), (2, "no")]):
        make_check(results, Service.get_by_id(service_id), {{"asked_id": asked_id}},
                   alias=f"Checker {{number}}", visited_on=results.starts_on)
    checks.close_campaign(results, by=user)
    follow_up.publish(Service.get_by_id(1), results, by=user)
    follow_up.record_follow_up(Service.get_by_id(1), kind="letter", campaign=results, by=user,
                               done_on=london_today() - datetime.timedelta(days=5))
"""


# Method, path (no query), status and the body's bytes as sent (compressed or not).
ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %(B)s"


def _copy_database(source_path, target_path):
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(target_path, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


class LiveServer:
    def __init__(self, workdir, migrated_db, smtp_port):
        self.workdir = Path(workdir)
        self.template_db = self.workdir / "template.db"
        shutil.copyfile(migrated_db, self.template_db)
        self.db_path = self.workdir / "live.db"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.smtp_port = smtp_port
        self.process = None

    def reset_database(self):
        """Put the template's contents into the live database with SQLite's backup API, which
        takes the proper locks: the server may still hold a connection (an email being sent
        after a response, an autosave in flight), so the file is never swapped underneath it."""
        _copy_database(self.template_db, self.db_path)
        shutil.rmtree(self.workdir / "instance" / "dev-mailbox", ignore_errors=True)

    def keep_as_template(self):
        """Make the live database as it is now (a sign-in just made, say) what every reset gives."""
        _copy_database(self.db_path, self.template_db)

    def flask(self, *args, input=None):
        """Run a `flask` command against the live server's template database."""
        env = {**self.env, "DATABASE_URL": f"sqlite:///{self.template_db}"}
        return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT,
                              env=env, input=input, capture_output=True, text=True, check=True)

    def python(self, script):
        """Run Python with the app, against the live server's template database."""
        env = {**self.env, "DATABASE_URL": f"sqlite:///{self.template_db}"}
        return run_script(script, env=env, cwd=ROOT)

    def run_python(self, body):
        """Run Python against the live database itself (not the template), inside the app."""
        script = ("from sanctuary import create_app\nwith create_app().app_context():\n"
                  + "".join(f"    {line}\n" for line in body.splitlines()))
        env = {**self.env, "DATABASE_URL": f"sqlite:///{self.db_path}"}
        return run_script(script, env=env, cwd=ROOT)

    def start(self):
        self.env = {
            **os.environ,
            "SANCTUARY_ENV": "development",
            "SANCTUARY_INSTANCE_PATH": str(self.workdir / "instance"),
            "SECRET_KEY": "browser-tests",
            "DATABASE_URL": f"sqlite:///{self.db_path}",
            "PUBLIC_BASE_URL": self.url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(self.smtp_port),
            "QUICK_EXIT_URL": "https://www.bbc.co.uk/weather",
            "PASSWORD_HASH_PROFILE": "cheapest",
            # One server for the whole session signs in many times; the limits have view tests.
            **{f"RATELIMIT_{kind}_PER_{who}": "10000 per hour"
               for kind in ("SIGN_IN", "PASSWORD") for who in ("ADDRESS", "CLIENT")},
            **{f"RATELIMIT_{kind}_{who}": "10000 per hour"
               for kind in ("RESIDENT", "CODE_GUESSES") for who in ("PER_CLIENT", "ALL_CLIENTS")},
        }
        self.flask("create-user", STAFF_EMAIL, "--role", "coordinator", "--role", "admin",
                   "--role", "reviewer", "--name", "Browser Coordinator",
                   "--password", STAFF_PASSWORD)
        self.python(ORGANISATION_SCRIPT)
        self.reset_database()
        self.log = open(self.workdir / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.access_log = self.workdir / "access.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--threads", "4", "--log-level", "warning",
             # Every request the server answered, for tests that count what a page asks for.
             "--access-logfile", str(self.access_log), "--access-logformat", ACCESS_LOG_FORMAT,
             "app:app"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"The live server exited: {(self.workdir / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("The live server did not start within 30 seconds")

    def requests(self):
        """Every request answered so far, oldest first: (method, path, status, body bytes)."""
        if not self.access_log.exists():
            return []
        return [(method, path, int(status), int(size) if size.isdigit() else 0)
                for method, path, status, size in (line.split(" ") for line in
                                                   self.access_log.read_text().splitlines())]

    def log_tail(self, lines=40):
        self.log.flush()
        return "\n".join((self.workdir / "server.log").read_text().splitlines()[-lines:])

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.log.close()


def sign_in_as_staff(page, email=STAFF_EMAIL, password=STAFF_PASSWORD):
    """Sign in through the real staff form, as a person would."""
    page.goto("/staff/sign-in?lang=en")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")


def sign_in_with_link(page, smtp, email):
    """Sign in with a link from a real email, as a member of the public would."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    page.goto(link_in(wait_for_email(smtp, email, subject_contains="link to sign in")))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")


def fill_date(scope, legend, date):
    """Type a date into a date input's day, month and year boxes, found by its legend."""
    group = scope.get_by_role("group", name=legend)
    for part, value in (("Day", date.day), ("Month", date.month), ("Year", date.year)):
        group.get_by_label(part, exact=True).fill(str(value))
