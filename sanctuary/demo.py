"""Demo data for `make run`: enough for someone trying the app to see every feature working."""
import datetime

from flask import current_app

from . import demo_checks, demo_schools, demo_speakers
from .accounts.models import Role
from .accounts.queries import find_user
from .accounts.services import create_user
from .awards import services as awards
from .awards.models import Criterion, Organisation, Round
from .awards.queries import award_of
from .core.clock import london_today
from .core.db import db
from .core.outbox import send_due
from .decisions import services as decisions
from .demo_schools import DEMO_SCHOOL_CONTACT, SCHOOL, WAITING_SCHOOLS
from .panel.services import (
    assign,
    declare,
    record_reviewer,
    save_overall,
    save_verdict,
    set_pause,
    submit_review,
)

# Demo sign-ins, printed by `make run`. Never used outside development.
DEMO_PASSWORD = "sanctuary-demo"
DEMO_STAFF = (
    ("coordinator@demo.example.org", "Amina Yusuf", [Role.COORDINATOR, Role.ADMIN]),
    ("reviewer.one@demo.example.org", "Daniel Okafor", [Role.REVIEWER]),
    ("reviewer.two@demo.example.org", "Maryam Rahimi", [Role.REVIEWER]),
    ("reviewer.three@demo.example.org", "Leila Haddad", [Role.REVIEWER]),
    ("reviewer.four@demo.example.org", "Olena Kovalenko", [Role.REVIEWER]),
)
# Maryam and Olena agreed that we record their lived experience of seeking sanctuary (for panel
# composition). Olena sits on no panel yet: the panel pages offer her, with what is recorded.
DEMO_REVIEWER_PROFILES = {
    "reviewer.one@demo.example.org": dict(languages=["en", "pl"], consent=False,
                                          lived_experience=False),
    "reviewer.two@demo.example.org": dict(languages=["en", "fa", "ar"], consent=True,
                                          lived_experience=True),
    "reviewer.three@demo.example.org": dict(languages=["en", "ar", "fr"], consent=False,
                                            lived_experience=False),
    "reviewer.four@demo.example.org": dict(languages=["en", "uk"], consent=True,
                                           lived_experience=True),
}
DEMO_APPLICANTS = (
    ("applicant@demo.example.org", "Grace Mensah"),
    ("choir@demo.example.org", "Tomasz Nowak"),
    ("library@demo.example.org", "Samira Haddad"),
    ("cafe@demo.example.org", "Joseph Adeyemi"),
)
BAKERY = dict(name="Catford Community Bakery", kind="business", size_band="10-49",
              address="12 Rushey Green\nLondon", postcode="SE6 4JD",
              website="https://bakery.example.org", contact_name="Grace Mensah",
              contact_role="Owner", contact_email="applicant@demo.example.org", language="en")
CHOIR = dict(name="Brockley Community Choir", kind="charity", size_band="volunteers",
             address="Brockley Road\nLondon", postcode="SE4 2RR", website="",
             contact_name="Tomasz Nowak", contact_role="Chair",
             contact_email="choir@demo.example.org", language="en")
LIBRARY = dict(name="Deptford Library Friends", kind="charity", size_band="volunteers",
               address="Deptford High Street\nLondon", postcode="SE8 4RJ",
               website="https://library.example.org", contact_name="Samira Haddad",
               contact_role="Coordinator", contact_email="library@demo.example.org", language="ar")
CAFE = dict(name="Ladywell Corner Café", kind="business", size_band="1-9",
            address="Ladywell Road\nLondon", postcode="SE13 7UW", website="",
            contact_name="Joseph Adeyemi", contact_role="Owner",
            contact_email="cafe@demo.example.org", language="en")
DEMO_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")
ANSWERS = {
    "learn": ("Our manager is our sanctuary contact; she did the Sanctuary awareness course in "
              "May.", "Two more staff will do the course.", "Keep a list of who has been trained."),
    "embed": ("We offer interpreting by phone and a quiet room.",
              "Offer two paid work placements a year.", ""),
    "share": ("Our website has a page about the pledge.",
              "Host an open day during Refugee Week.", ""),
}


def seed():
    """Create what is missing; return lines to print. Running it twice changes nothing."""
    with db.atomic():
        for email, name, roles in DEMO_STAFF:
            if find_user(email) is None:
                create_user(email, roles=roles, display_name=name, password=DEMO_PASSWORD)
                if Role.REVIEWER in roles:
                    record_reviewer(find_user(email), **DEMO_REVIEWER_PROFILES[email])
        for email, name in DEMO_APPLICANTS:
            if find_user(email) is None:
                create_user(email, roles=[Role.APPLICANT], display_name=name)
        if not Round.select().exists():
            today = london_today()
            current = awards.open_round(f"{today.year}–{today.year + 1}",
                                        closes_on=today + datetime.timedelta(days=365))
            # The next one is planned already: the rounds page shows both rounds' dates.
            awards.plan_round(f"{today.year + 1}–{today.year + 2}",
                              opens_on=current.closes_on + datetime.timedelta(days=1))
        if not Organisation.select().where(Organisation.name == BAKERY["name"]).exists():
            _half_done_draft(find_user("applicant@demo.example.org"))
        if not Organisation.select().where(Organisation.name == CHOIR["name"]).exists():
            _under_review(_submitted(find_user("choir@demo.example.org"), CHOIR))
        if not Organisation.select().where(Organisation.name == LIBRARY["name"]).exists():
            _decided(_submitted(find_user("library@demo.example.org"), LIBRARY), "awarded")
        if not Organisation.select().where(Organisation.name == CAFE["name"]).exists():
            _decided(_submitted(find_user("cafe@demo.example.org"), CAFE), "further_evidence")
            # Leila is away for six weeks once those panels are formed: the pool and the panel
            # pages say until when.
            set_pause(london_today() + datetime.timedelta(weeks=6),
                      by=find_user("reviewer.three@demo.example.org"))
        demo_schools.seed()
        demo_speakers.seed()  # after the terms and sessions it builds on
        demo_checks.seed()
    send_due()
    return _sign_ins()


def _answer(application, criterion, member, *, complete):
    doing, next_steps, _ = ANSWERS[criterion.principle]
    awards.save_answer(application, criterion, doing_now=doing,
                       next_steps=next_steps if complete else "",
                       target_date=(london_today() + datetime.timedelta(days=180)
                                    if complete else None),
                       version=0, by=member)


def _half_done_draft(member):
    """The bakery: pledge signed, Learn done, Embed started, Share not yet."""
    organisation = awards.create_organisation(by=member, **BAKERY)
    awards.sign_pledge(organisation, by=member, public=True)
    application = awards.start_application(organisation, by=member)
    criteria = Criterion.in_use(application.stream)
    for criterion in criteria:
        if criterion.principle == "learn":
            _answer(application, criterion, member, complete=True)
            if criterion.evidence_required:
                awards.add_evidence(application, criterion, filename="training-record.pdf",
                                    data=DEMO_PDF, by=member)
    first_embed = next(c for c in criteria if c.principle == "embed")
    _answer(application, first_embed, member, complete=False)


def _submitted(member, details):
    """A complete application, submitted in the open round."""
    organisation = awards.create_organisation(by=member, **details)
    awards.sign_pledge(organisation, by=member, public=True)
    application = awards.start_application(organisation, by=member)
    for criterion in Criterion.in_use(application.stream):
        _answer(application, criterion, member, complete=True)
        if criterion.evidence_required:
            awards.add_evidence(application, criterion, filename="evidence.pdf", data=DEMO_PDF,
                                by=member)
    return awards.submit_application(application, by=member)


def _under_review(application):
    """The choir's panel: Maryam has submitted her review, Daniel is half way through his, and
    Leila has not opened the application yet."""
    coordinator = find_user("coordinator@demo.example.org")
    maryam, daniel, leila = (find_user(f"reviewer.{n}@demo.example.org")
                             for n in ("two", "one", "three"))
    for reviewer in (maryam, daniel, leila):
        assign(application, reviewer, by=coordinator)
    criteria = Criterion.in_use(application.stream)
    declare(application, has_conflict=False, by=maryam)
    for n, criterion in enumerate(criteria):
        third = n == 2
        save_verdict(
            application, criterion.id, by=maryam, verdict="partly_met" if third else "met",
            note="The choir's welcome evenings are well attended." if n == 0 else "",
            strengths="Singers seeking sanctuary are welcomed warmly at every rehearsal."
            if third else "",
            feedback="Say how singers seeking sanctuary help decide what the choir does."
            if third else "",
            question="How do new singers hear about the choir?" if third else "")
    save_overall(application, by=maryam, recommendation="award",
                 summary="A warm, practical application with real commitments.")
    submit_review(application, by=maryam)
    declare(application, has_conflict=False, by=daniel)
    for criterion in criteria[:3]:
        save_verdict(application, criterion.id, verdict="met", by=daniel)


def _decided(application, outcome):
    """A panel of three who all submitted, and a decision sent: the library is awarded (and
    listed), the café is asked for further evidence on one criterion."""
    coordinator = find_user("coordinator@demo.example.org")
    people = [find_user(f"reviewer.{n}@demo.example.org") for n in ("two", "one", "three")]
    criteria = Criterion.in_use(application.stream)
    for person in people:
        assign(application, person, by=coordinator)
        declare(application, has_conflict=False, by=person)
        for n, criterion in enumerate(criteria):
            weak = outcome == "further_evidence" and n == 3
            save_verdict(
                application, criterion.id, by=person, verdict="partly_met" if weak else "met",
                feedback="Show how people seeking sanctuary shape your plans." if weak else "")
        save_overall(
            application, by=person,
            recommendation=outcome if outcome == "further_evidence" else "award",
            summary="Clear, honest and practical.")
        submit_review(application, by=person)
    weak_criterion = criteria[3]
    decisions.save_draft(
        application, by=coordinator, outcome=outcome,
        message=("Thank you for a thoughtful application. The panel was impressed by how "
                 "welcome is part of everyday work." if outcome == "awarded" else
                 "Thank you: the panel liked much of what you do, and would like to see a "
                 "little more before deciding."),
        rationale="All three reviewers agreed.",
        evidence_request=("" if outcome == "awarded" else
                          "Notes or minutes showing how people seeking sanctuary were involved "
                          "in planning, and what changed because of it."),
        evidence_due=(None if outcome == "awarded"
                      else london_today() + datetime.timedelta(days=30)),
        feedback={weak_criterion.id: {
            "strengths": "A warm welcome and a clear plan.",
            "improvements": "Show how people seeking sanctuary help decide what you do.",
            "questions": "", "needs_evidence": outcome == "further_evidence"}})
    decisions.send_decision(application, by=coordinator)
    award = award_of(application)
    if award is not None:
        awards.set_listed(award, True, by=coordinator)


def _sign_ins():
    base = current_app.config["PUBLIC_BASE_URL"]
    lines = ["Demo data is loaded.", f"  Site: {base}/", "",
             f"Staff sign in at {base}/staff/sign-in (password: {DEMO_PASSWORD}):"]
    for email, name, roles in DEMO_STAFF:
        lines.append(f"  {email:<36} {name} ({', '.join(r.value for r in roles)})")
    lines += ["", f"Applicants sign in with a link: ask for one at {base}/sign-in for"]
    lines.append(f"  {'applicant@demo.example.org':<36} Grace Mensah, {BAKERY['name']} "
                 "(a draft, half done; "
                 "a staff training session as evidence)")
    lines.append(f"  {'choir@demo.example.org':<36} Tomasz Nowak, {CHOIR['name']} "
                 "(under review by a panel of three)")
    lines.append(f"  {'library@demo.example.org':<36} Samira Haddad, {LIBRARY['name']} "
                 "(awarded: certificate and logo)")
    lines.append(f"  {'cafe@demo.example.org':<36} Joseph Adeyemi, {CAFE['name']} "
                 "(further evidence requested)")
    lines.append(f"  {DEMO_SCHOOL_CONTACT[0]:<36} {DEMO_SCHOOL_CONTACT[1]}, {SCHOOL['name']} "
                 "(a session confirmed, another requested, feedback given on a past one)")
    office, school, person = WAITING_SCHOOLS[0]
    lines.append(f"  {office:<36} {person}, {school} "
                 "(a place offered from a slot's waiting list)")
    if current_app.config["SANCTUARY_ENV"] == "development":
        lines.append(f"then open it from the development outbox: {base}/dev/outbox")
    if (campaign := demo_checks.live_campaign()) is not None:
        lines += ["", f"Secret-shopper checks: the live campaign's code is {campaign.code} "
                  f"(coordinators see it at {base}/coordinate/checks/campaigns/{campaign.id},"
                  f" its slots at {base}/coordinate/checks/campaigns/{campaign.id}/slots)",
                  f"  residents book a check with it at {base}/checks"]
        if (booking := demo_checks.booked_check()) is not None:
            lines.append(f"  and come back to one at {base}/checks/return with its reference "
                         f"{booking.reference}")
    if (closed := demo_checks.closed_campaign()) is not None:
        lines += [f"  results of the closed autumn campaign: "
                  f"{base}/coordinate/checks/campaigns/{closed.id}/results",
                  f"  residents' public results: {base}/checks/results"]
    return lines
