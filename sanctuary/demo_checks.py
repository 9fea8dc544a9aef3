"""Demo data for secret-shopper checks (called from demo.seed): the register of services from
the demo file (invented names and codes, real Lewisham wards), a live campaign with the
Safe Surgeries questions, its code printed by `make run`, and slots over the coming weeks:
one check booked (its reference printed too, to come back with), one reported this week, one
held by a checker who gave an email address. Aliases only.

Through the services, as a coordinator would do it; made once, when no campaign exists yet."""
import datetime
import uuid

from . import demo_check_results
from .checks import services as checks
from .checks.models import (
    Campaign,
    CampaignState,
    CheckBooking,
    CheckBookingState,
    Question,
    Service,
    ServiceKind,
)
from .checks.models.slots import DAY, WEEK
from .checks.services import (
    bookings as check_bookings,
    reports as check_reports,
    slots as check_slots,
)
from .core.clock import london_today, moved
from .demo_schools import demo_coordinator

LIVE_TITLE = {"en": "GP registration checks, this winter",
              "ar": "فحوص التسجيل لدى الأطباء العامين، هذا الشتاء",
              "uk": "Перевірки реєстрації в сімейних лікарів, цієї зими"}
BRIEFING = {
    "en": "You will ask to register with a GP practice as someone who has just moved to the "
          "area. You need no documents: the NHS says nobody needs proof of address, ID or an "
          "immigration status to register. Do not give anyone's real details. Leave if you feel "
          "unsafe; a check that stops early is still useful.",
    "ar": "ستطلب التسجيل لدى عيادة طبيب عام بصفتك شخصًا انتقل حديثًا إلى المنطقة. لا تحتاج إلى "
          "أي مستندات: تقول هيئة الخدمات الصحية الوطنية إن أحدًا لا يحتاج إلى إثبات عنوان أو هوية "
          "أو وضع هجرة للتسجيل. لا تعطِ التفاصيل الحقيقية لأي شخص. غادر إن شعرت بعدم الأمان؛ "
          "فالفحص الذي يتوقف مبكرًا مفيد أيضًا.",
}
SCRIPT = {
    "en": "“Hello, I have just moved into the area and I would like to register with a doctor "
          "here. What do I need to do?” If asked for documents: “I don't have those with me. "
          "Can I register without them?” If refused, ask: “Could you give me that in writing, "
          "please?”",
}
SLOTS_WEEKS = (1, 2, 3, 4)
BOOKED_ALIAS, REPORTED_ALIAS = "K.", "Sunflower"


def _coming_monday(today):
    return today + datetime.timedelta(days=7 - today.weekday())


def seed():
    if Campaign.select().exists():
        return
    coordinator = demo_coordinator()
    with moved(days=-300):  # the register was made before the past campaigns
        checks.import_demo_services(coordinator)
    demo_check_results.seed(coordinator)
    today = london_today()
    campaign = checks.create_campaign(
        title=LIVE_TITLE, starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=42), briefing=BRIEFING, script=SCRIPT,
        by=coordinator)
    checks.open_campaign(campaign, by=coordinator)
    surgeries = list(Service.select().where(Service.kind == ServiceKind.GP)
                     .order_by(Service.name))
    monday = _coming_monday(today)
    slots = []
    for place, service in enumerate(surgeries[:8]):
        week = SLOTS_WEEKS[place % len(SLOTS_WEEKS)] - 1
        first = monday + datetime.timedelta(weeks=week)
        slots += check_slots.open_slots(campaign, services=[service.id], day=first,
                                        span=WEEK if place % 2 else DAY,
                                        capacity=2 if place == 0 else 1, by=coordinator).slots
    _book(campaign, slots[2], BOOKED_ALIAS, today)
    _book(campaign, slots[0], "Maple", today, email="maple@demo.example.org")
    # This week's check of one more surgery, already reported.
    this_week, = check_slots.open_slots(
        campaign, services=[surgeries[8].id], day=today - datetime.timedelta(days=today.weekday()),
        span=WEEK, capacity=1, by=coordinator).slots
    _report(_book(campaign, this_week, REPORTED_ALIAS, today), today)
    # A draft for the spring, being prepared.
    checks.create_campaign(
        title={"en": f"Pharmacy checks, spring {today.year + 1}"},
        starts_on=datetime.date(today.year + 1, 3, 1),
        ends_on=datetime.date(today.year + 1, 4, 30),
        briefing={"en": "Ask a pharmacist where to register with a GP, and whether they can help "
                        "in your language."},
        script={"en": "“I have just moved here. Where can I register with a doctor?”"},
        by=coordinator)


def _book(campaign, slot, alias, today, email=None):
    return check_bookings.book(campaign, slot_id=slot.id, alias=alias, email=email,
                               language="en", form_key=uuid.uuid4().hex, today=today)


# The surgery asked for proof of address, then registered the checker once the guidance was
# mentioned: four good practices out of five.
FOUND = {"asked_id": "no", "asked_address": "yes", "paper_form": "yes", "interpreter": "yes",
         "asked_status": "no", "poster": "not_sure"}


def _report(booking, today):
    questions = Question.select().where(Question.campaign == booking.slot.campaign_id)
    check_reports.save_report(
        booking, {"visited_on": today, "channel": "in_person", "outcome": "registered",
                  "minutes": 20, "changed_answer": "yes",
                  "notes": "The receptionist first asked for a utility bill, then gave me the "
                           "paper form when I said the NHS does not require one."},
        {q.id: FOUND.get(q.key, "not_sure") for q in questions})
    check_reports.submit_report(booking)


def booked_check():
    """The demo check booked and not yet reported (its reference is printed by `make run`)."""
    return (CheckBooking.select().where((CheckBooking.alias == BOOKED_ALIAS)
                                        & (CheckBooking.state == CheckBookingState.BOOKED))
            .first())


def live_campaign():
    return (Campaign.select().where(Campaign.state == CampaignState.OPEN)
            .order_by(Campaign.id).first())


def closed_campaign():
    """The latest closed demo campaign (its results are printed by `make run`)."""
    return (Campaign.select().where(Campaign.state == CampaignState.CLOSED)
            .order_by(Campaign.id.desc()).first())
