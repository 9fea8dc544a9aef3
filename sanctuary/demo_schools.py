"""Demo data for school sessions (called from demo.seed): published slots and the schools'
requests; the school year's terms; the Community Forum's speakers; sessions already held this
term, with feedback, a late cancellation and a staff training session used as award evidence;
a full slot with a waiting list; and a session days away that no speaker has accepted yet.

Everything goes through the services, as a person would do it. Each part is made once, when
what it creates is missing: running it twice adds nothing."""
import datetime

from .accounts.models import Role
from .accounts.queries import find_user
from .accounts.services import create_user
from .awards.models import Organisation
from .core.clock import london_today
from .core.jobs import send_reminder
from .schools import services as schools
from .schools.models import Booking, Slot, Term, WaitingEntry
from .schools.queries import is_closed
from .schools.services.assignments import NO_SPEAKER_YET

DEMO_SCHOOL_CONTACT = ("school@demo.example.org", "Fatima Begum")
SCHOOL = dict(name="Hilly Fields Primary School", urn="100999", address="Adelaide Avenue\nLondon",
              postcode="SE4 1LE")
OTHER_SCHOOLS = (
    ("office@ladywell-green.example.org", "Ladywell Green Academy", "Priya Shah"),
    ("office@river-way.example.org", "River Way School", "Kwame Boateng"),
)
# Two schools queued for a full slot: the first has been offered the place that freed.
WAITING_SCHOOLS = (
    ("office@elmgrove.example.org", "Elmgrove Primary School", "Aisha Karimi"),
    ("office@rushey-meadow.example.org", "Rushey Meadow School", "Tom Whitfield"),
)
DAY = datetime.timedelta(days=1)


def seed():
    if not Slot.select().exists():
        _school_sessions()
    if not Term.select().exists():
        _terms()
    if not WaitingEntry.select().exists():
        _waiting_list()
    if not Booking.select().where(Booking.request_key == "demo-soon").exists():
        _soon_without_speaker()


def demo_coordinator():
    return find_user("coordinator@demo.example.org")


def _member(email, name):
    return find_user(email) or create_user(email, roles=[Role.APPLICANT], display_name=name)


def school_named(name):
    return Organisation.get(Organisation.name == name)


def contact_details(person, email, **more):
    return dict(contact_name=person, contact_email=email, contact_phone="020 7946 0400",
                supervisor_name=person, language="en", **more)


def _school_days(count, *, weekdays):
    """The next `count` open school days (on `weekdays`) from next week on."""
    day = london_today() + datetime.timedelta(days=7 - london_today().weekday())
    found = []
    while len(found) < count:
        if day.weekday() in weekdays and not is_closed(day):
            found.append(day)
        day += DAY
    return found


def _school_sessions():
    """Eight weeks of published slots (Tuesday and Thursday mornings in school, a Wednesday
    online assembly, one staff-training evening with room for three, two of them confirmed), a
    Christmas and a half term blocked, and the demo school's requested and confirmed sessions."""
    coordinator = demo_coordinator()
    today = london_today()
    christmas = today.year if today < datetime.date(today.year, 12, 21) else today.year + 1
    schools.block_days(starts_on=datetime.date(christmas, 12, 21),
                       ends_on=datetime.date(christmas + 1, 1, 1), kind="school_holiday",
                       note="Christmas holidays", by=coordinator)
    half_term = today.year + (1 if today.month > 2 else 0)
    schools.block_days(starts_on=datetime.date(half_term, 2, 15),
                       ends_on=datetime.date(half_term, 2, 19), kind="school_holiday",
                       note="February half term", by=coordinator)
    mornings = [schools.publish_slot(date=day, starts_at="10:00", ends_at="11:30",
                                     formats=["assembly", "workshop"], delivery="in_school",
                                     capacity=1, by=coordinator)
                for day in _school_days(16, weekdays={1, 3})]
    for day in _school_days(4, weekdays={2}):
        schools.publish_slot(date=day, starts_at="09:00", ends_at="09:30", formats=["assembly"],
                             delivery="online", capacity=2, by=coordinator)
    training = schools.publish_slot(date=_school_days(3, weekdays={2})[-1], starts_at="15:45",
                                    ends_at="17:15", formats=["training"], delivery="in_school",
                                    capacity=3, by=coordinator)
    email, name = DEMO_SCHOOL_CONTACT
    contact = _member(email, name)
    details = dict(contact_name=name, contact_role="Deputy head", contact_email=email,
                   contact_phone="020 7946 0321", supervisor_name="Mr Daniel Reid",
                   supervisor_phone="020 7946 0322", language="en", year_groups="Years 5 and 6",
                   accessibility="The hall is on the ground floor, with step-free access.",
                   home_languages="Arabic, Somali, Ukrainian, Tigrinya")
    confirmed = schools.request_booking(by=contact, request_key="demo-assembly",
                                        new_school=SCHOOL, format="assembly",
                                        delivery="in_school", slot=mornings[1],
                                        audience_size=180, key_stages=["ks1", "ks2"], **details)
    schools.confirm(confirmed, by=coordinator, slot=mornings[1])
    schools.request_booking(by=contact, request_key="demo-workshop",
                            organisation=confirmed.organisation, format="workshop",
                            delivery="in_school", slot=mornings[4], audience_size=30,
                            key_stages=["ks2"], **details)
    for n, (office, school_name, person) in enumerate(OTHER_SCHOOLS):
        booking = schools.request_booking(
            by=_member(office, person), request_key=f"demo-training-{n}",
            new_school=dict(name=school_name), format="training", delivery="in_school",
            slot=training, audience_size=25, year_groups="All teaching staff",
            key_stages=["staff"], **contact_details(person, office))
        schools.confirm(booking, by=coordinator, slot=training)


def _terms():
    """This school year's three terms (a year runs from September; the dates are 2026-27's,
    moved to the year it is): the termly report counts by them. In a year's first week last
    summer's term is kept too, so that the sessions already held fall in a term."""
    today = london_today()
    year = today.year if today.month >= 9 else today.year - 1
    terms = [(f"Autumn {year}", datetime.date(year, 9, 2), datetime.date(year, 12, 18)),
             (f"Spring {year + 1}", datetime.date(year + 1, 1, 5), datetime.date(year + 1, 3, 26)),
             (f"Summer {year + 1}", datetime.date(year + 1, 4, 12), datetime.date(year + 1, 7, 21))]
    if today < datetime.date(year, 9, 9):
        terms.insert(0, (f"Summer {year}", datetime.date(year, 4, 12), datetime.date(year, 7, 21)))
    for name, starts_on, ends_on in terms:
        schools.add_term(name=name, starts_on=starts_on, ends_on=ends_on, by=demo_coordinator())


def _waiting_list():
    """A Monday afternoon workshop slot with one place, taken by River Way; Elmgrove and Rushey
    Meadow join its waiting list; then coordinators make room for two, and Elmgrove is offered
    the new place (held for it for two days) while Rushey Meadow waits, number 2."""
    coordinator = demo_coordinator()
    slot = schools.publish_slot(date=_school_days(2, weekdays={0})[-1], starts_at="13:30",
                                ends_at="14:30", formats=["workshop"], delivery="in_school",
                                capacity=1, by=coordinator)
    office, name, person = OTHER_SCHOOLS[1]
    first = schools.request_booking(
        by=find_user(office), request_key="demo-waiting-0", organisation=school_named(name),
        format="workshop", delivery="in_school", slot=slot, audience_size=30,
        year_groups="Year 8", key_stages=["ks3"], **contact_details(person, office))
    schools.confirm(first, by=coordinator, slot=slot)
    for n, (office, name, person) in enumerate(WAITING_SCHOOLS, start=1):
        member = _member(office, person)
        booking = schools.request_booking(
            by=member, request_key=f"demo-waiting-{n}", new_school=dict(name=name),
            format="workshop", delivery="in_school", slot=slot, audience_size=30,
            year_groups="Year 4", key_stages=["ks2"], **contact_details(person, office))
        schools.join(booking, slot, by=member)
    schools.update_slot(slot, date=slot.date, starts_at=slot.starts_at, ends_at=slot.ends_at,
                        formats=slot.formats, delivery=slot.delivery, capacity=2, by=coordinator)


def _soon_without_speaker():
    """A workshop at Ladywell Green within five days that no speaker has accepted yet: the
    dashboard counts it, and coordinators are alerted by email."""
    today, coordinator = london_today(), demo_coordinator()
    days = [today + n * DAY for n in range(1, 6)]
    day = next((d for d in days if d.weekday() < 5 and not is_closed(d)), None)
    office, name, person = OTHER_SCHOOLS[0]
    booking = schools.request_booking(
        by=find_user(office), request_key="demo-soon", organisation=school_named(name),
        format="workshop", delivery="in_school", audience_size=30, year_groups="Year 7",
        key_stages=["ks3"], proposed_dates=[(day or days[0]).isoformat()],
        **contact_details(person, office))
    if day is not None:
        slot = schools.publish_slot(date=day, starts_at="13:30", ends_at="15:00",
                                    formats=["workshop"], delivery="in_school", capacity=1,
                                    by=coordinator)
        schools.confirm(booking, by=coordinator, slot=slot)
    else:  # a holiday week: a time of its own
        schools.confirm(booking, by=coordinator, date=days[0], starts_at="13:30",
                        ends_at="15:00")
    send_reminder(NO_SPEAKER_YET, today)
