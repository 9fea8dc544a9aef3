"""Plain factory functions: make_<model>(**overrides), saved, with sensible defaults."""
import datetime
import itertools

from flask_babel import lazy_gettext as _l

from sanctuary.core.outbox import queue_email

_numbers = itertools.count(1)


def make_outbox_message(**overrides):
    n = next(_numbers)
    fields = {
        "recipient": f"person{n}@example.org",
        "subject": _l("Your link to sign in to Lewisham Borough of Sanctuary"),
        "template": "sign_in_link",
        "locale": "en",
        "link": "http://127.0.0.1:5000/sign-in/link/example",
        "minutes": 30,
        **overrides,
    }
    return queue_email(fields.pop("recipient"), fields.pop("subject"), fields.pop("template"),
                       **fields)


def make_user(*, roles=(), password=None, **overrides):
    from sanctuary.accounts.services import create_user

    n = next(_numbers)
    fields = {"display_name": f"Person {n}", "language": "en", **overrides}
    email = fields.pop("email", f"person{n}@example.org")
    return create_user(email, roles=roles, password=password, **fields)


def make_organisation(*, member=None, **overrides):
    from sanctuary.awards.services import create_organisation

    member = member or make_user()
    fields = {"name": f"Organisation {next(_numbers)}", "kind": "business", "size_band": "1-9",
              "contact_name": "Contact Person", "contact_email": "contact@example.org",
              **overrides}
    return create_organisation(by=member, **fields)


def make_round(**overrides):
    from sanctuary.awards.services import open_round

    return open_round(overrides.pop("name", "Test round"), **overrides)


def make_complete_application(member=None, *, kind="business"):
    """A draft with the pledge signed, every criterion answered and evidence where required."""
    import datetime

    from sanctuary.awards import services
    from sanctuary.awards.models import Criterion
    from tests.support.files import PDF

    member = member or make_user()
    organisation = make_organisation(member=member, kind=kind)
    services.sign_pledge(organisation, by=member, public=False)
    application = services.start_application(organisation, by=member)
    for criterion in Criterion.in_use(application.stream):
        services.save_answer(application, criterion, doing_now=f"Doing {criterion.id}",
                             next_steps=f"Next {criterion.id}",
                             target_date=datetime.date(2027, 6, 30), version=0, by=member)
        if criterion.evidence_required:
            services.add_evidence(application, criterion, filename="proof.pdf", data=PDF,
                                  by=member)
    return application


def make_submitted_application(language="en"):
    """A complete application of a new organisation writing in `language`, submitted in a round."""
    from sanctuary.awards.services import submit_application

    make_round()
    application = make_complete_application()
    application.organisation.language = language
    application.organisation.save()
    return submit_application(application, by=application.created_by)


def make_membership(organisation, user):
    from sanctuary.awards.models import Membership

    return Membership.create(organisation=organisation, user=user)


def make_pledge_text(text):
    """A new wording of the pledge, {language: wording}, which becomes the current one."""
    from sanctuary.awards.models import PledgeText

    return PledgeText.create(text=text)


def make_criterion(stream, **overrides):
    from sanctuary.awards.models import Criterion

    fields = {"principle": "embed", "title": {"en": f"Criterion {next(_numbers)}"},
              "guidance": {"en": "What to tell us"}, "position": 99, **overrides}
    return Criterion.create(stream=stream, **fields)


def make_reviewer(name=None, *, languages=("en",), lived=False, paused_until=None):
    """A person on the reviewer pool (lived experience recorded with their consent)."""
    from sanctuary.accounts.models import Role
    from sanctuary.panel import services

    person = make_user(roles=[Role.REVIEWER], password="r" * 12,
                       **({"display_name": name} if name else {}))
    services.record_reviewer(person, languages=list(languages), consent=lived,
                             lived_experience=lived)
    if paused_until:
        services.set_pause(paused_until, by=person)
    return person


def make_conflict_declaration(application, reviewer, *, has_conflict=True, reason="know"):
    from sanctuary.panel.models import ConflictDeclaration

    return ConflictDeclaration.create(application=application,
                                      organisation=application.organisation, reviewer=reviewer,
                                      has_conflict=has_conflict, reason=reason)


def make_panel_member(application, name=None, *, lived=False):
    """A reviewer assigned to the application who declared no conflict."""
    from sanctuary.panel import services

    person = make_reviewer(name, lived=lived)
    services.assign(application, person, by=None)
    services.declare(application, has_conflict=False, by=person)
    return person


def criterion_ids(application):
    """The application's criteria, in the order the review page shows them."""
    from sanctuary.awards.queries import answer_rows

    return [row.criterion_id for row in answer_rows(application)]


def make_submitted_review(application, person, verdicts=(), *, recommendation="award", note=""):
    """Every criterion judged (the given verdicts first, then Met), a recommendation, submitted."""
    from sanctuary.panel import services

    for n, criterion_id in enumerate(criterion_ids(application)):
        services.save_verdict(application, criterion_id, by=person,
                              verdict=verdicts[n] if n < len(verdicts) else "met", note=note)
    services.save_overall(application, by=person, recommendation=recommendation,
                          summary=f"Summary by {person.display_name}")
    assert services.submit_review(application, by=person) == []


def make_reviewed_application(language="en", *, note="", name="Panel Person"):
    """A submitted application, a panel of three whose reviews are all in."""
    from sanctuary.awards.models import Application
    from sanctuary.panel.services import save_overall, save_verdict, submit_review

    application = make_submitted_application(language)
    for n in range(3):
        person = make_panel_member(application, f"{name} {n}", lived=n == 0)
        for cid in criterion_ids(application):
            save_verdict(application, cid, by=person, verdict="partly_met", note=note,
                         feedback=f"Suggestion {n}", question=f"Question {n}?")
        save_overall(application, recommendation="award", summary="Fine", by=person)
        assert submit_review(application, by=person) == []
    return Application.get_by_id(application.id)


def make_decision(application, outcome, *, rationale="", evidence_on=(), due_in=30,
                  message="Thank you"):
    """A coordinator's decision on the application, drafted and sent; the application after it."""
    import datetime

    from sanctuary.accounts.models import Role
    from sanctuary.awards.models import Application
    from sanctuary.core.clock import london_today
    from sanctuary.decisions import services

    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    services.save_draft(
        application, by=coordinator, outcome=outcome, message=message, rationale=rationale,
        evidence_request="Minutes of a planning meeting" if outcome == "further_evidence" else "",
        evidence_due=london_today() + datetime.timedelta(days=due_in)
        if outcome == "further_evidence" else None,
        feedback={cid: {"strengths": "Warm welcome", "improvements": "", "questions": "",
                        "needs_evidence": cid in evidence_on}
                  for cid in criterion_ids(application)})
    services.send_decision(application, by=coordinator)
    return Application.get_by_id(application.id)


def add_required_evidence(draft, member):
    """A file for each criterion that needs one (a renewal starts from the earlier answers; the
    files are added again)."""
    from sanctuary.awards.models import Criterion
    from sanctuary.awards.services import add_evidence
    from tests.support.files import PDF

    for criterion in Criterion.in_use(draft.stream):
        if criterion.evidence_required:
            add_evidence(draft, criterion, filename="proof.pdf", data=PDF, by=member)
    return draft


# ---------------------------------------------------------------------------- school sessions

def make_school(*, member=None, **overrides):
    """An organisation of kind School, with `member` (a new person if not given) in it."""
    fields = {"name": f"School {next(_numbers)}", "kind": "school", "size_band": "",
              "urn": "100234", "address": "1 School Road", "postcode": "SE13 6AA",
              "contact_name": "Head Teacher", "contact_email": "office@school.example.org",
              **overrides}
    return make_organisation(member=member, **fields)


def make_slot(*, days_ahead=30, **overrides):
    """A published slot `days_ahead` days from today (moved off weekends and closed days)."""
    import datetime

    from sanctuary.core.clock import london_today
    from sanctuary.schools.queries import is_closed
    from sanctuary.schools.services import publish_slot

    date = overrides.pop("date", None)
    if date is None:
        date = london_today() + datetime.timedelta(days=days_ahead)
        while date.weekday() >= 5 or is_closed(date):
            date += datetime.timedelta(days=1)
    fields = {"starts_at": "10:00", "ends_at": "11:30", "formats": ["assembly", "workshop"],
              "delivery": "in_school", "capacity": 1, "by": None, **overrides}
    return publish_slot(date=date, **fields)


def make_booking(*, school=None, member=None, slot=None, proposed=(), **overrides):
    """A requested booking of `school` (a new one if not given), in `slot` or on the `proposed`
    dates (a new slot if neither is given)."""
    from sanctuary.schools.services import request_booking

    if school is None:
        school = make_school(member=member)
    if member is None:
        member = school.active_members()[0].user
    if slot is None and not proposed:
        slot = make_slot()
    fields = {"format": "workshop", "delivery": "in_school", "year_groups": "Year 6",
              "key_stages": ["ks2"], "audience_size": 30, "contact_name": "Class Teacher",
              "contact_role": "Teacher",
              "contact_email": member.email, "contact_phone": "020 7946 0000",
              "supervisor_name": "Deputy Head", "supervisor_phone": "020 7946 0001",
              "language": member.language, "duration_minutes": 60,
              "request_key": f"key-{next(_numbers)}", **overrides}
    return request_booking(by=member, organisation=school, slot=slot,
                           proposed_dates=[day.isoformat() for day in proposed], **fields)


def make_speaker(*, consent=True, **overrides):
    """A Community Forum speaker who agreed to be contacted (unless `consent` is False)."""
    from sanctuary.core.db import utcnow
    from sanctuary.schools.models import Speaker

    n = next(_numbers)
    fields = {"name": f"Speaker {n}", "email": f"speaker{n}@example.org",
              "phone": "07700 900123", "language": "en", "formats": ["assembly", "workshop"],
              "topics": "Arriving in Lewisham", "notes": "Prefers mornings",
              "consent_at": utcnow() if consent else None, **overrides}
    return Speaker.create(**fields)


def make_session(day, starts_at="10:00", ends_at="11:00", *, school=None, by=None, slot=False):
    """A booking confirmed for `day` at `starts_at`-`ends_at`: at a time of its own, or (with
    `slot`) in a slot published for that time."""
    from sanctuary.schools.services import confirm

    if slot:
        published = make_slot(date=day, starts_at=starts_at, ends_at=ends_at)
        return confirm(make_booking(school=school, slot=published), by=by, slot=published)
    booking = make_booking(school=school, proposed=[day])
    return confirm(booking, by=by, date=day, starts_at=starts_at, ends_at=ends_at)


def make_campaign(by=None, **overrides):
    """A draft campaign of checks, 1 to 31 March 2027, with the default questions."""
    from sanctuary.checks import services
    fields = {"title": {"en": "GP surgeries, spring"}, "starts_on": datetime.date(2027, 3, 1),
              "ends_on": datetime.date(2027, 3, 31), "briefing": {"en": "Go in pairs."},
              "script": {"en": "I have just moved into the area.",
                         "ar": "لقد انتقلت للتو إلى المنطقة."}, **overrides}
    return services.create_campaign(**fields, by=by)


def make_service(name, postcode="SE6 2RP", **overrides):
    """A GP surgery in the register of services to check."""
    from sanctuary.checks import services
    return services.add_service(by=None, **{
        "kind": "gp", "name": name, "address": "", "postcode": postcode, "ward": "Bellingham",
        "ods_code": None, "safe_surgery": False, "notes": "", **overrides})


def make_check(campaign, service, answers=None, *, alias="Sunflower", visited_on=None,
               notes="", accepted=True):
    """A checker's sent report on `service` in the open `campaign` (a slot for the service made
    if it has none): `answers` is {question key: "yes" / "no" / "not_sure"}, every question in use
    answered with its good answer unless given. Accepted by a coordinator unless `accepted` is
    false. The campaign must be open (reports cannot be sent in a closed one). The report."""
    from sanctuary.checks.models import (
        CheckBooking,
        CheckReport,
        CheckSlot,
        Question,
    )
    from sanctuary.checks.services import reports
    from sanctuary.core.db import utcnow
    from sanctuary.core.references import new_code

    slot = (CheckSlot.get_or_none((CheckSlot.campaign == campaign) & (CheckSlot.service == service))
            or CheckSlot.create(campaign=campaign, service=service, first_day=campaign.starts_on,
                                last_day=campaign.ends_on, capacity=10))
    booking = CheckBooking.create(slot=slot, alias=alias, reference=new_code(),
                                  briefing_read=True)
    questions = list(Question.select().where((Question.campaign == campaign)
                                             & Question.retired_at.is_null()))
    given = answers or {}
    chosen = {q.id: given.get(q.key, q.good or "not_sure") for q in questions}
    reports.save_report(booking, {"visited_on": visited_on or campaign.starts_on,
                                  "channel": "in_person", "outcome": "registered",
                                  "minutes": 10, "changed_answer": None, "notes": notes},
                        chosen)
    assert reports.submit_report(booking) == []
    if accepted:
        CheckReport.update(reviewed_at=utcnow()).where(CheckReport.booking == booking).execute()
    return CheckReport.get(CheckReport.booking == booking)
