"""Demo data for the Community Forum's speakers (called from demo.seed, after demo_schools):
the coordinators' register (consent recorded, not yet recorded, withdrawn; one speaker removed at
their request), speakers invited to and coming to sessions, and the sessions already held this
term: delivered with and without the school's feedback, one called off late, and a staff
training session the bakery uses as evidence in its award application.

Through the services, as coordinators, schools and speakers would do it; made once, when no
speaker is registered yet."""

from .accounts.queries import find_user
from .awards import services as awards
from .awards.models import Application, Criterion, CriterionTag, Organisation
from .core.clock import london_now, london_today
from .core.db import utcnow
from .demo_schools import (
    DAY,
    DEMO_SCHOOL_CONTACT,
    OTHER_SCHOOLS,
    SCHOOL,
    contact_details,
    demo_coordinator,
    school_named,
)
from .schools import services as schools
from .schools.models import Booking, Speaker
from .schools.queries import is_closed
from .schools.queries_report import all_terms, default_term
from .schools.services.assignments import ASSIGNMENT_TRANSITIONS
from .schools.services.evidence import use_as_evidence
from .schools.services.speaker_register import add_speaker, record_consent, withdraw_consent

BAKERY_NAME = "Catford Community Bakery"
TRAINING_CRITERION = "Everyone understands what seeking sanctuary means"  # business stream


def seed():
    if not Speaker.select().exists():
        _speakers_and_history()


def _past_days(count):
    """Open school days before today, latest first, in the term the report opens on (or, when
    it has just begun, the latest term with a school day gone by); when the term has fewer,
    its earliest repeats."""
    today, found = london_today(), []
    terms = [term for term in all_terms() if term.starts_on < today]  # the latest first
    current = default_term(today, terms)
    for term in ([current] if current else []) + terms:
        day = min(today, term.ends_on + DAY) - DAY
        while len(found) < count and day >= term.starts_on:
            if day.weekday() < 5 and not is_closed(day):
                found.append(day)
            day -= DAY
        if found:
            break
    found = found or [today - DAY]
    return found + [found[-1]] * (count - len(found))


def _speaker(name, *, consent=True, **fields):
    coordinator = demo_coordinator()
    speaker = add_speaker(by=coordinator, name=name, **fields)
    return record_consent(speaker, by=coordinator) if consent else speaker


def _speakers_and_history():
    coordinator = demo_coordinator()
    assembly = Booking.get_or_none(Booking.request_key == "demo-assembly")
    weekday = assembly.session_date.weekday() if assembly else 1
    amal = _speaker("Amal", email="amal@speakers.example.org", phone="07700 900123",
                    formats=["assembly", "workshop"], languages="English, Arabic",
                    topics="Arriving in Lewisham at fourteen; starting school in a new language.",
                    usual_days=[weekday], wants_feedback=True,
                    notes="Prefers morning sessions; comes by bus.")
    dawit = _speaker("Dawit", email="dawit@speakers.example.org", phone="07700 900456",
                     formats=["workshop", "training"], languages="English, Tigrinya, Amharic",
                     topics="The asylum process, and what helped at work.", usual_days=[0, 2])
    _speaker("Olena", consent=False, email="olena@speakers.example.org",
             formats=["assembly"], languages="English, Ukrainian",
             notes="Met at the Refugee Week picnic; will confirm whether she can be contacted.")
    reza = _speaker("Reza", email="reza@speakers.example.org", formats=["workshop"],
                    languages="English, Farsi")
    withdraw_consent(reza, by=coordinator)
    nour = _speaker("Nour", email="nour@speakers.example.org", formats=["assembly"],
                    languages="English, Arabic")
    if assembly is not None and assembly.state == "confirmed" and assembly.start > _now():
        schools.accept(schools.invite(assembly, amal, by=coordinator))  # on her link's page
    training = Booking.get_or_none(Booking.request_key == "demo-training-0")
    if training is not None and training.state == "confirmed" and training.start > _now():
        schools.invite(training, dawit, by=coordinator)
    _held_this_term(amal, nour)


def _now():
    return london_now().replace(tzinfo=None)


def _came(booking, speaker):
    """A speaker came to a session now past: invited as to any confirmed session, and their yes
    recorded as given before the day (services.accept refuses once a session has started)."""
    assignment = schools.invite(booking, speaker, by=demo_coordinator())
    ASSIGNMENT_TRANSITIONS.move(assignment, "accept", by=demo_coordinator(),
                                also={"answered_at": utcnow(), "reminded_at": utcnow()})


def _held(key, by, organisation, day, times, **fields):
    booking = schools.request_booking(by=by, request_key=key, organisation=organisation,
                                      delivery="in_school", **fields)
    return schools.confirm(booking, by=demo_coordinator(), date=day, starts_at=times[0],
                           ends_at=times[1])


def _held_this_term(amal, nour):
    """Sessions already held this term: two delivered (one with the school's feedback, which
    Amal asked to hear), one called off late, and the bakery's staff training, which it uses as
    evidence in its award application."""
    coordinator, days = demo_coordinator(), _past_days(12)
    fatima = find_user(DEMO_SCHOOL_CONTACT[0])
    workshop = _held("demo-past-workshop", fatima, school_named(SCHOOL["name"]), days[9],
                     ("10:00", "11:30"), format="workshop", year_groups="Years 5 and 6",
                     key_stages=["ks2"], audience_size=60,
                     **contact_details(DEMO_SCHOOL_CONTACT[1], DEMO_SCHOOL_CONTACT[0]))
    _came(workshop, amal)
    schools.mark_delivered(workshop, by=coordinator)
    schools.give_feedback(
        workshop, by=fatima, how_it_went="very_well", reached=60, book_again="yes",
        for_speaker="Thank you, Amal: the children are still talking about your story, and "
                    "three of them asked to learn some Arabic.",
        comments="Two classes together worked well in the hall.")
    office, name, person = OTHER_SCHOOLS[0]
    assembly = _held("demo-past-assembly", find_user(office), school_named(name), days[6],
                     ("09:00", "09:30"), format="assembly", year_groups="Years 7 to 9",
                     key_stages=["ks3"], audience_size=200, **contact_details(person, office))
    _came(assembly, nour)
    schools.mark_delivered(assembly, by=coordinator)
    schools.remove_speaker(nour, by=coordinator)  # she asked us to; her name stays in history
    office, name, person = OTHER_SCHOOLS[1]
    called_off = _held("demo-past-cancelled", find_user(office), school_named(name), days[3],
                       ("13:30", "15:00"), format="workshop", year_groups="Years 9 and 10",
                       key_stages=["ks3", "ks4"], audience_size=28,
                       **contact_details(person, office))
    schools.cancel(called_off, by=find_user(office), by_school=True, today=days[3] - DAY,
                   reason="Our hall is needed for mock exams after all. Sorry for the short "
                          "notice.")
    _bakery_training(days[1])


def _bakery_training(day):
    """The bakery's staff had training from us: tagged as staff training, the Learn criterion
    about understanding takes it as evidence."""
    organisation = Organisation.get_or_none(Organisation.name == BAKERY_NAME)
    application = organisation and Application.active_for(organisation)
    if application is None or application.state != "draft":
        return
    criterion = next(c for c in Criterion.in_use(application.stream)
                     if c.title.get("en") == TRAINING_CRITERION)
    criterion = awards.save_criterion(
        criterion, stream=criterion.stream, principle=criterion.principle,
        titles=criterion.title, guidances=criterion.guidance,
        evidence_required=criterion.evidence_required, evidence_hints=criterion.evidence_hint,
        tags=[*criterion.tags, CriterionTag.STAFF_TRAINING.value])
    grace = find_user(organisation.contact_email)
    training = _held("demo-bakery-training", grace, organisation, day, ("14:00", "15:30"),
                     format="training", year_groups="All staff", key_stages=["staff"],
                     audience_size=24, duration_minutes=90,
                     **contact_details(organisation.contact_name, organisation.contact_email))
    schools.mark_delivered(training, by=demo_coordinator())
    schools.give_feedback(training, by=grace, how_it_went="well", reached=22, book_again="yes",
                          comments="Our bakers asked for a second session for the weekend shift.")
    use_as_evidence(training, [criterion.id], by=grace)
