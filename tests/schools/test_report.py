"""The coordinators' termly report: its figures, counted here from the rows the test makes, on
the page and in the CSV export; and nobody else sees it."""
import csv
import datetime
import html
import io
import re

import pytest

from sanctuary.accounts.models import Role
from sanctuary.core.clock import london_today, moved
from sanctuary.schools import services
from tests.factories import make_booking, make_school, make_user
from tests.support.client import sign_in, text

DAY = datetime.timedelta(days=1)
FIGURES = ["Requested", "Confirmed", "Delivered", "Cancelled", "Of which late",
           "Pupils or staff reached", "Delivered, no feedback yet"]


def cells(row):
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def tables(page):
    """{caption: [[cell, ...] for each body row]} of the page's tables."""
    found = {}
    for table in re.findall(r"<table.*?</table>", page, re.S):
        caption = cells(re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S).group(0)
                        .replace("caption", "td"))[0]
        body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
        found[caption] = [cells(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return found


@pytest.fixture
def coordinator(app):
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


@pytest.fixture
def staff(app, coordinator):
    client = app.test_client()
    sign_in(client, coordinator)
    return client


def on(days, coordinator, **overrides):
    """A booking requested now and confirmed `days` from today, at ten."""
    day = london_today() + days * DAY
    booking = make_booking(proposed=[day], **overrides)
    return services.confirm(booking, by=coordinator, date=day, starts_at="10:00",
                            ends_at="11:00")


@pytest.fixture
def term(coordinator):
    """This term (a month ago to two months ahead) with its sessions, and the term before. Each
    line says what the booking counts as in this term."""
    today = london_today()
    services.add_term(name="Earlier term", starts_on=today - 200 * DAY,
                      ends_on=today - 31 * DAY, by=coordinator)
    current = services.add_term(name="This term", starts_on=today - 30 * DAY,
                                ends_on=today + 60 * DAY, by=coordinator)
    make_booking()  # requested (a workshop for key stage 2, as all below unless said)
    on(10, coordinator, format="assembly", key_stages=["ks1", "ks2"])  # requested, confirmed
    reached = on(5, coordinator, key_stages=["ks3"])  # requested, delivered, 25 reached
    silent = on(5, coordinator, format="training", key_stages=["staff"])  # requested, delivered
    services.cancel(on(1, coordinator), by=coordinator, reason="Snow",  # requested, late
                    by_school=True)
    services.cancel(on(30, coordinator, format="assembly"), by=coordinator,  # requested,
                    reason="Trip", by_school=True)  # cancelled in time
    with moved(days=-40):
        before = make_booking(proposed=[today + 12 * DAY])  # confirmed: asked for before
    services.confirm(before, by=coordinator, date=today + 12 * DAY, starts_at="10:00",
                     ends_at="11:00")
    on(70, coordinator, key_stages=["ks4"])  # requested: held after the term
    make_booking(key_stages=[])  # requested, for nobody said (from before key stages)
    services.cancel(make_booking(), by=coordinator, reason="No longer",  # requested: no date
                    by_school=True)
    with moved(days=6):
        services.mark_delivered(reached, by=coordinator)
        services.mark_delivered(silent, by=coordinator)
        services.give_feedback(reached, by=reached.requested_by, how_it_went="well",
                               reached=25, book_again="yes")
    return current


TOTALS = [9, 2, 2, 2, 1, 25, 1]
BY_FORMAT = {"Assembly": [2, 1, 0, 1, 0, 0, 0],
             "Classroom workshop": [6, 1, 1, 1, 1, 25, 0],
             "Staff or governor training": [1, 0, 1, 0, 0, 0, 1]}
BY_KEY_STAGE = {"Early years (nursery and reception)": [0] * 7,
                "Key stage 1 (years 1 and 2)": [1, 1, 0, 0, 0, 0, 0],
                "Key stage 2 (years 3 to 6)": [5, 2, 0, 2, 1, 0, 0],
                "Key stage 3 (years 7 to 9)": [1, 0, 1, 0, 0, 25, 0],
                "Key stage 4 (years 10 and 11)": [1, 0, 0, 0, 0, 0, 0],
                "Sixth form (years 12 and 13)": [0] * 7,
                "Staff or governors": [1, 0, 1, 0, 0, 0, 1],
                "Not given": [1, 0, 0, 0, 0, 0, 0]}


def as_text(rows):
    return {name: [str(n) for n in numbers] for name, numbers in rows.items()}


def test_the_report_shows_this_term_s_figures_in_all_by_format_and_by_key_stage(staff, term):
    page = text(staff.get("/coordinate/school-sessions/report"))

    shown = tables(page)
    assert [row[:2] for row in shown["All sessions, This term"]] == [
        [label, str(number)] for label, number in zip(FIGURES, TOTALS, strict=True)]
    assert {row[0]: row[1:] for row in shown["By format, This term"]} == as_text(BY_FORMAT)
    assert {row[0]: row[1:] for row in shown["By key stage, This term"]} == as_text(
        BY_KEY_STAGE)
    assert "Requests made during the term, whatever became of them." in page
    assert "counted under each of them" in page
    assert f'<option value="{term.id}" selected>This term</option>' in page
    assert f'href="/coordinate/school-sessions/report.csv?term={term.id}"' in page


def test_the_csv_has_the_same_figures(staff, term):
    response = staff.get(f"/coordinate/school-sessions/report.csv?term={term.id}")

    lines = list(csv.reader(io.StringIO(text(response).lstrip("\ufeff"))))
    assert response.mimetype == "text/csv"
    assert lines[0] == ["breakdown", "group", "requested", "confirmed", "delivered",
                        "cancelled", "of which late", "reached", "delivered without feedback"]
    assert lines[1] == ["all sessions", "This term", *map(str, TOTALS)]
    assert {line[1]: line[2:] for line in lines[2:5]} == as_text(BY_FORMAT)
    assert {line[0] for line in lines[2:5]} == {"format"}
    assert {line[1]: line[2:] for line in lines[5:]} == as_text(BY_KEY_STAGE)
    assert {line[0] for line in lines[5:]} == {"key stage"}


def test_another_term_is_chosen_and_with_no_terms_the_page_says_how_to_add_them(
        staff, term, coordinator):
    from sanctuary.schools.models import Term

    earlier = Term.get(Term.name == "Earlier term")
    page = text(staff.get(f"/coordinate/school-sessions/report?term={earlier.id}"))
    assert tables(page)["All sessions, Earlier term"][0][:2] == ["Requested", "1"]

    for each in Term.select():
        services.remove_term(each, by=coordinator)
    empty = text(staff.get("/coordinate/school-sessions/report"))
    assert "There are no terms yet." in empty and "<table" not in empty


def test_only_coordinators_see_the_report(app, term):
    school_member = make_user()
    make_school(member=school_member)
    reviewer = make_user(roles=[Role.REVIEWER], password="r" * 12)
    urls = ["/coordinate/school-sessions/report", "/coordinate/school-sessions/report.csv"]
    refused = {}
    for who, person in (("school", school_member), ("reviewer", reviewer)):
        client = app.test_client()
        sign_in(client, person)
        refused[who] = [client.get(url).status_code for url in urls]
    anonymous = [app.test_client().get(url).headers.get("Location", "").split("?")[0]
                 for url in urls]

    assert refused == {"school": [403, 403], "reviewer": [403, 403]}
    assert anonymous == ["/sign-in", "/sign-in"]
