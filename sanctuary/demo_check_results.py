"""Demo data for what comes of the checks (called from demo_checks.seed): two closed campaigns
made as they would have been, with the clock moved back — last spring's, eight GP surgeries
checked once each, and this autumn's, 24 accepted reports: five each at two surgeries and at
the council's help desk, two at a pharmacy (a group under 5, hidden on the public page with
the help desk beside it), one at each other surgery. One autumn report was queried and
answered before it was accepted; Quillfield Family Practice's result is published; a letter and
a meeting are recorded for Larkspur Lane Surgery.

Answers follow a seeded pattern close to a real local survey of GP sites (about a third asked
for ID, two fifths for proof of address)."""
import datetime
import random
import uuid

from .checks import services as checks
from .checks.models import Question, Service
from .checks.models.slots import WEEK
from .checks.services import (
    bookings as check_bookings,
    follow_up,
    reports as check_reports,
    review,
    slots as check_slots,
)
from .core.clock import london_today, moved

SPRING = {"en": "GP registration checks, last spring",
          "ar": "فحوص التسجيل لدى الأطباء العامين، الربيع الماضي",
          "uk": "Перевірки реєстрації в сімейних лікарів, минулої весни"}
AUTUMN = {"en": "GP, pharmacy and help desk checks, this autumn",
          "ar": "فحوص الأطباء العامين والصيدليات ومكتب المساعدة، هذا الخريف",
          "uk": "Перевірки сімейних лікарів, аптек і довідкового бюро, цієї осені"}
BRIEFING = {"en": "Ask to register, or ask where to register, as someone new to the area. "
                  "You need no documents."}
SCRIPT = {"en": "“Hello, I have just moved here. How do I register with a doctor?”"}
# How often each answer showed a bad practice: ID asked, address asked, no paper form, no
# interpreter offered, status asked.
BAD_SHARE = {"asked_id": 0.37, "asked_address": 0.4, "paper_form": 0.3, "interpreter": 0.35,
             "asked_status": 0.1}
AUTUMN_VISITS = (("Quillfield Family Practice", 5), ("Hollybush Vale Medical Practice", 5),
                 ("Lewisham Residents' Help Desk (demo)", 5), ("Fennimore's Pharmacy", 2))
ALIASES = ("Robin", "Heron", "Wren", "Linnet", "Swift", "Kestrel", "Lark", "Finch")
PUBLISHED = "Quillfield Family Practice"
FOLLOWED_UP = "Larkspur Lane Surgery"
QUERY = {"question": "Did anyone at the desk say why they asked what they asked?",
         "answer": "The receptionist said they usually ask for a bill, then gave me the paper "
                   "form anyway."}


def seed(coordinator):
    """The two closed campaigns, their accepted reports, a publication and follow-up."""
    today = london_today()
    surgeries = list(Service.select().where(Service.kind == "gp").order_by(Service.name))
    by_name = {service.name: service for service in Service.select()}
    pick = random.Random(21)
    _campaign(coordinator, SPRING, today - datetime.timedelta(days=240),
              [(service, 1) for service in surgeries[:8]], pick)
    others = [s for s in surgeries if s.name not in dict(AUTUMN_VISITS)][:7]
    autumn, reports = _campaign(
        coordinator, AUTUMN, today - datetime.timedelta(days=100),
        [(by_name[name], count) for name, count in AUTUMN_VISITS] + [(s, 1) for s in others],
        pick, query=True)
    with moved(days=-60):
        follow_up.publish(by_name[PUBLISHED], autumn, by=coordinator)
        larkspur = by_name[FOLLOWED_UP]
        follow_up.record_follow_up(larkspur, kind="letter", campaign=autumn, by=coordinator,
                                   done_on=london_today() - datetime.timedelta(days=2))
        follow_up.record_follow_up(larkspur, kind="meeting", campaign=autumn, by=coordinator,
                                   done_on=london_today(),
                                   note="The practice manager will brief reception staff.")
    return autumn, reports


def _answers(questions, pick):
    return {q.id: (("yes" if q.good == "no" else "no") if pick.random() < BAD_SHARE[q.key]
                   else q.good) if q.key in BAD_SHARE else pick.choice(("yes", "no", "not_sure"))
            for q in questions}


def _campaign(coordinator, title, starts_on, visits, pick, *, query=False):
    """A campaign of four weeks from `starts_on`, checked as `visits` says ((service, reports)),
    every report accepted, then closed: made on its own dates."""
    with moved(days=(starts_on - london_today()).days - 14):
        campaign = checks.create_campaign(
            title=title, starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=27),
            briefing=BRIEFING, script=SCRIPT, by=coordinator)
        checks.open_campaign(campaign, by=coordinator)
        questions = list(Question.select().where(Question.campaign == campaign))
        slots = [(check_slots.open_slots(campaign, services=[service.id], day=starts_on,
                                         span=WEEK, capacity=count, by=coordinator).slots[0],
                  count) for service, count in visits]
    reports = []
    with moved(days=(starts_on - london_today()).days):
        day = london_today()
        for slot, count in slots:
            for number in range(count):
                booking = check_bookings.book(
                    campaign, slot_id=slot.id, alias=ALIASES[(len(reports) + number) % 8],
                    email=None, language="en", form_key=uuid.uuid4().hex, today=day)
                check_reports.save_report(
                    booking, {"visited_on": day, "channel": "in_person",
                              "outcome": "registered", "minutes": 15, "changed_answer": None,
                              "notes": ""}, _answers(questions, pick))
                check_reports.submit_report(booking)
                reports.append(check_reports.report_of(booking))
    if query:
        with moved(days=(starts_on - london_today()).days + 8):
            review.ask(reports[0], QUERY["question"], by=coordinator)
        with moved(days=(starts_on - london_today()).days + 9, hours=3):
            review.answer(reports[0].booking, QUERY["answer"])
    with moved(days=(starts_on - london_today()).days + 10):
        for report in reports:
            review.accept(report, by=coordinator)
    with moved(days=(starts_on - london_today()).days + 28):
        checks.close_campaign(campaign, by=coordinator)
    return campaign, reports
