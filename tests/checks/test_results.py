"""A campaign's results for coordinators: every number on the page, in its charts and in the CSV
file agrees with counts made here from random answers; only accepted reports count; a change is
since the service's previous campaign, or not comparable; nothing says who checked, or when."""
import csv
import datetime
import io
import random
import re

import pytest

from sanctuary.checks import services
from sanctuary.checks.models import CheckReport, CheckSlot, Question
from tests.factories import make_campaign, make_check, make_service
from tests.support.client import fresh, plain, text
from tests.support.outsiders import met_by, outsiders
from tests.support.queries import recorded_queries

D = datetime.date
KEYS = ["asked_id", "asked_address", "paper_form", "interpreter", "asked_status", "poster"]
WORDING = {"asked_id": "Did staff ask you for photo ID?",
           "asked_address": "Did staff ask you for proof of address?",
           "paper_form": "Was a paper registration form available?",
           "interpreter": "Did staff offer or confirm an interpreter?",
           "asked_status": "Did staff ask about your immigration status?",
           "poster": "Was the Safe Surgeries poster on display?"}
# The good answer of each scored question of a new campaign (the poster is recorded only).
GOOD = {"asked_id": "no", "asked_address": "no", "paper_form": "yes", "interpreter": "yes",
        "asked_status": "no"}
ANSWERS = ["yes", "no", "not_sure"]
SEGMENT = re.compile(r'<rect class="chart__segment (chart__segment--[\w-]+)" data-name="(\w+)" '
                     r'data-count="(\d+)" x="([\d.]+)" y="0" width="([\d.]+)" height="10"/>')


def opened(**overrides):
    campaign = make_campaign(**overrides)
    return services.open_campaign(campaign, by=None)


def element(page, id_):
    """The HTML of the element with this id, its closing tag included."""
    start = page.index(f'id="{id_}"')
    start = page.rindex("<", 0, start)
    tag = re.match(r"<(\w+)", page[start:]).group(1)
    depth, at = 0, start
    for found in re.finditer(rf"<(/?){tag}\b[^>]*>", page[start:]):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            at = start + found.end()
            break
    return page[start:at]


def segments(page, id_):
    return [(css, name, int(count), float(x), float(width))
            for css, name, count, x, width in SEGMENT.findall(element(page, id_))]


def pct(count, total):
    return round(100 * count / total)


ANSWER_CSS = [("yes", "chart__segment--yes"), ("no", "chart__segment--no"),
              ("not_sure", "chart__segment--not-sure")]


def expected_segments(counts, css):
    total, before, found = sum(counts), 0, []
    for (name, class_), count in zip(css, counts, strict=True):
        found.append((class_, name, count, round(100 * before / total, 2),
                      round(100 * count / total, 2)))
        before += count
    return found


@pytest.fixture
def checked(app):
    """An open campaign with 40 accepted reports of random answers on six services in three
    wards, two kinds, and 3 sent reports not accepted; (campaign, the accepted ones as
    (service, answers)), drawn with a fixed seed."""
    rng = random.Random(21)
    campaign = opened()
    places = [("Larkspur Lane Surgery", "gp", "Bellingham"), ("Hawthorn Practice", "gp",
              "Catford South"), ("Downham Pharmacy", "pharmacy", "Downham"),
              ("Riverside Surgery", "gp", "Downham"), ("Grove Chemist", "pharmacy", "Bellingham"),
              ("Honor Oak Health", "gp", "Catford South")]
    made = [make_service(name, postcode=f"SE6 {n}AB", kind=kind, ward=ward)
            for n, (name, kind, ward) in enumerate(places, start=1)]
    accepted = []
    for n in range(43):
        service = rng.choice(made)
        answers = {key: rng.choice(ANSWERS) for key in KEYS}
        make_check(campaign, service, answers, alias=f"Checker {n}", accepted=n >= 3,
                   visited_on=D(2027, 3, 1) + datetime.timedelta(days=rng.randrange(30)))
        if n >= 3:
            accepted.append((service, answers))
    return campaign, accepted


def score_of(answers):
    return sum(1 for key, good in GOOD.items() if answers[key] == good)


def test_each_questions_table_and_chart_agree_with_the_answers(staff, checked):
    campaign, accepted = checked

    page = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/results"))

    for key in KEYS:
        counts = [sum(1 for _s, answers in accepted if answers[key] == a) for a in ANSWERS]
        assert plain(element(page, f"answers-row-{key}")) == (
            f"{WORDING[key]} " + " ".join(f"{c} ({pct(c, 40)}%)" for c in counts) + " 40")
        assert segments(page, f"answers-bar-{key}") == expected_segments(counts, ANSWER_CSS)


def test_the_headline_and_the_score_distribution_agree_with_the_answers(staff, checked):
    campaign, accepted = checked
    CheckSlot.create(campaign=campaign, service=make_service("Planned Only", postcode="SE6 9ZZ"),
                     first_day=D(2027, 3, 3), last_day=D(2027, 3, 3))
    CheckSlot.create(campaign=campaign, service=make_service("Withdrawn", postcode="SE6 8ZZ"),
                     first_day=D(2027, 3, 3), last_day=D(2027, 3, 3),
                     withdrawn_at=datetime.datetime(2027, 2, 1))
    scores = [score_of(answers) for _s, answers in accepted]
    checked_services = len({service.id for service, _a in accepted})

    page = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/results"))

    assert plain(element(page, "headline")) == (
        f"{checked_services} of 7 planned services checked. 40 reports accepted.")
    for points in range(6):
        count = scores.count(points)
        assert plain(element(page, f"scores-row-{points}")) == (
            f"{points} out of 5 {count} {pct(count, 40)}%")
        assert segments(page, f"scores-bar-{points}") == [
            ("chart__segment--bar", "bar", count, 0.0, round(100 * count / 40, 2))]


def test_wards_and_kinds_agree_with_the_answers(staff, checked):
    campaign, accepted = checked

    page = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/results"))

    for id_, key_of, names in [
            ("wards", lambda s: s.ward, {"Bellingham": "Bellingham", "Catford South":
                                         "Catford South", "Downham": "Downham"}),
            ("kinds", lambda s: s.kind, {"gp": "GP surgery", "pharmacy": "Pharmacy"})]:
        for index, key in enumerate(names, start=1):
            mine = [(s, a) for s, a in accepted if key_of(s) == key]
            met = sum(1 for _s, a in mine if score_of(a) == 5)
            average = sum(score_of(a) for _s, a in mine) / len(mine)
            assert plain(element(page, f"{id_}-row-{index}")) == (
                f"{names[key]} {len(mine)} {len({s.id for s, _a in mine})} {average:.1f} "
                f"{met} ({pct(met, len(mine))}%)")
            assert segments(page, f"{id_}-bar-{index}") == [
                ("chart__segment--bar", "bar", met, 0.0, round(100 * met / len(mine), 2))]


def test_reports_not_accepted_count_for_nothing_and_wait_for_review(staff, checked):
    campaign, _accepted = checked

    page = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/results"))

    queue = element(page, "review-queue")
    assert "3 sent reports are not accepted yet" in plain(page)
    waiting = CheckReport.select().where(CheckReport.reviewed_at.is_null())
    assert sorted(re.findall(r"Report (\d+):", plain(queue))) == sorted(
        str(report.booking_id) for report in waiting)
    assert sorted(re.findall(r'href="/coordinate/checks/bookings/(\d+)"', queue)) == sorted(
        str(report.booking_id) for report in waiting)
    assert "Checker" not in plain(page)  # no alias: results name no checker


def test_each_service_shows_its_latest_score_and_its_change_since_its_previous_campaign(staff):
    larkspur, hawthorn, grove = (make_service(name, postcode=f"SE6 {n}AB") for n, name in
                                 enumerate(["Larkspur Lane Surgery", "Hawthorn Practice",
                                            "Grove Chemist"], start=1))
    spring = opened(starts_on=D(2027, 3, 1), ends_on=D(2027, 3, 31))
    make_check(spring, larkspur, {"asked_id": "yes"}, visited_on=D(2027, 3, 20))  # 4, latest
    make_check(spring, larkspur, {"asked_id": "yes", "asked_address": "yes"},
               visited_on=D(2027, 3, 2))
    make_check(spring, hawthorn)  # 5
    services.close_campaign(spring, by=None)
    may = opened(starts_on=D(2027, 5, 1), ends_on=D(2027, 5, 31))
    make_check(may, larkspur, {"asked_id": "yes", "asked_address": "yes", "paper_form": "no"},
               accepted=False)  # not accepted: May is not Larkspur's previous campaign
    summer = opened(starts_on=D(2027, 6, 1), ends_on=D(2027, 6, 30))
    make_check(summer, larkspur, {"paper_form": "no", "interpreter": "no"})  # 3: −1
    make_check(summer, hawthorn)  # 5: no change
    make_check(summer, grove, {"paper_form": "no"})  # first check
    services.close_campaign(summer, by=None)
    autumn = make_campaign(starts_on=D(2027, 9, 1), ends_on=D(2027, 9, 30))
    services.set_scored(Question.get(campaign=autumn, key="asked_id"), scored=False, by=None)
    autumn = services.open_campaign(fresh(autumn), by=None)  # its scoring as changed
    make_check(autumn, larkspur)  # 4 of 4: scored differently

    summer_page = text(staff.get(f"/coordinate/checks/campaigns/{summer.id}/results"))
    autumn_page = text(staff.get(f"/coordinate/checks/campaigns/{autumn.id}/results"))

    assert [plain(element(summer_page, f"service-{s.id}")) for s in (grove, hawthorn, larkspur)] \
        == ["Grove Chemist GP surgery Bellingham 4 out of 5 First check",
            "Hawthorn Practice GP surgery Bellingham 5 out of 5 No change",
            "Larkspur Lane Surgery GP surgery Bellingham 3 out of 5 −1"]
    assert plain(element(autumn_page, f"service-{larkspur.id}")) == (
        "Larkspur Lane Surgery GP surgery Bellingham 4 out of 4 "
        "Not comparable: the campaigns scored differently")


def test_a_rise_is_shown_with_a_plus_and_in_the_csv_file(staff):
    service = make_service("Larkspur Lane Surgery", ward="Downham")
    spring = opened(starts_on=D(2027, 3, 1), ends_on=D(2027, 3, 31))
    make_check(spring, service, {"asked_id": "yes", "poster": "no"})
    services.close_campaign(spring, by=None)
    summer = opened(starts_on=D(2027, 6, 1), ends_on=D(2027, 6, 30))
    make_check(summer, service)
    make_check(summer, make_service("Hawthorn Practice", postcode="SE6 4RU", ward=""),
               {"asked_id": "yes", "asked_address": "yes"})

    page = text(staff.get(f"/coordinate/checks/campaigns/{summer.id}/results"))
    response = staff.get(f"/coordinate/checks/campaigns/{summer.id}/results.csv")

    assert "+1" in plain(element(page, f"service-{service.id}"))
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="check-results-{summer.id}.csv"')
    assert list(csv.reader(io.StringIO(text(response).lstrip("\ufeff")))) == [
        ["Service", "Kind", "Ward", "Score", "Out of", "Change"],
        ["Hawthorn Practice", "GP surgery", "", "3", "5", "First check"],
        ["Larkspur Lane Surgery", "GP surgery", "Downham", "5", "5", "1"]]


def test_nothing_on_the_results_or_the_csv_file_says_who_checked_when_or_their_notes(staff):
    campaign = opened()
    service = make_service("Larkspur Lane Surgery")
    for day in (17, 23):
        make_check(campaign, service, {"asked_id": "yes"}, alias="Marigold Quince",
                   visited_on=D(2027, 3, day), notes="The receptionist wore a teal scarf")

    page = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/results"))
    arabic = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/results?lang=ar"))
    file = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/results.csv"))

    assert "Larkspur Lane Surgery" in page and "Larkspur Lane Surgery" in file
    for shown in (page, arabic, file):
        for secret in ("Marigold", "Quince", "teal scarf", "17 March", "23 March", "2027-03-17",
                       "2027-03-23", "17/03", "23/03", "١٧", "٢٣"):
            assert secret not in shown
        assert not re.search(r"\b(17|23)\b", plain(shown))


def test_the_page_reads_right_to_left_in_arabic(staff, checked):
    campaign, _accepted = checked

    page = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/results?lang=ar"))

    assert '<html lang="ar" dir="rtl">' in page
    assert len(segments(page, "answers-bar-asked_id")) == 3
    assert "style=" not in page and "<style" not in page


def test_a_campaign_with_no_accepted_report_says_so_and_its_page_links_to_it(staff):
    campaign = opened()
    make_check(campaign, make_service("Larkspur Lane Surgery"), accepted=False)

    page = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/results"))
    campaign_page = text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}"))

    assert f'href="/coordinate/checks/campaigns/{campaign.id}/results"' in campaign_page
    assert "0 of 1 planned services checked. 0 reports accepted." in plain(page)
    assert "No accepted reports yet" in plain(page)
    assert "<svg" not in page and "results.csv" not in page


def test_the_page_reads_the_same_number_of_queries_however_many_reports(staff):
    campaign = opened()
    larkspur = make_service("Larkspur Lane Surgery")
    earlier = opened(starts_on=D(2026, 9, 1), ends_on=D(2026, 9, 30))
    make_check(earlier, larkspur)
    make_check(campaign, larkspur)
    url = f"/coordinate/checks/campaigns/{campaign.id}/results"

    def counted():
        with recorded_queries() as statements:
            assert staff.get(url).status_code == 200
        return len(statements)

    few = counted()
    for n in range(6):
        service = make_service(f"Practice {n}", postcode=f"SE6 {n}AA", ward="Downham")
        make_check(earlier, service)
        make_check(campaign, service, {"asked_id": "yes"})
        make_check(campaign, service, accepted=False)

    assert counted() == few


def test_only_coordinators_get_in(app):
    campaign = opened()
    make_check(campaign, make_service("Larkspur Lane Surgery"))
    urls = [f"/coordinate/checks/campaigns/{campaign.id}/results",
            f"/coordinate/checks/campaigns/{campaign.id}/results.csv"]
    anonymous, organisation, reviewer = outsiders(app)

    to_sign_in, refused = met_by(urls, anonymous, organisation, reviewer)

    assert to_sign_in == dict.fromkeys(urls, "/sign-in")
    assert refused == dict.fromkeys(urls, (403, 403))
