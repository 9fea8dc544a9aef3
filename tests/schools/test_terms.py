"""School terms on the coordinators' calendar page: added, never overlapping, removed."""
import datetime
import html
import re

import pytest

from sanctuary.accounts.models import Role
from sanctuary.schools import services
from sanctuary.schools.models import Term
from tests.factories import make_school, make_user
from tests.support.client import date_fields, post, sign_in, text

D = datetime.date


def plain(page):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def errors_in(page):
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", message))
            for message in re.findall(r'<a href="#[^"]+">(.*?)</a>', summary)]


def term_form(name, first, last):
    return {"term_name": name, **date_fields("first_day", first), **date_fields("last_day", last)}


@pytest.fixture
def coordinator(app):
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


@pytest.fixture
def staff(app, coordinator):
    client = app.test_client()
    sign_in(client, coordinator)
    return client


def test_a_coordinator_adds_terms_and_sees_them_on_the_calendar(staff):
    response = post(staff, "/coordinate/school-sessions/terms",
                    term_form("Spring term 2027", D(2027, 1, 5), D(2027, 3, 26)))
    post(staff, "/coordinate/school-sessions/terms",
         term_form("Autumn term 2026", D(2026, 9, 2), D(2026, 12, 18)))

    page = plain(text(staff.get("/coordinate/school-sessions/calendar")))
    assert response.headers["Location"] == "/coordinate/school-sessions/calendar#terms"
    assert [(t.name, t.starts_on, t.ends_on) for t in Term.select().order_by(Term.starts_on)] == [
        ("Autumn term 2026", D(2026, 9, 2), D(2026, 12, 18)),
        ("Spring term 2027", D(2027, 1, 5), D(2027, 3, 26))]
    assert "Autumn term 2026 is added to the calendar." in page
    assert page.index("Spring term 2027 5 January 2027 26 March 2027") < page.index(
        "Autumn term 2026 2 September 2026 18 December 2026")


def test_a_term_overlapping_another_is_refused_and_what_was_typed_kept(staff, coordinator):
    services.add_term(name="Autumn term 2026", starts_on=D(2026, 9, 2), ends_on=D(2026, 12, 18),
                      by=coordinator)

    overlapping = post(staff, "/coordinate/school-sessions/terms",
                       term_form("Winter", D(2026, 12, 18), D(2027, 1, 20)))
    backwards = post(staff, "/coordinate/school-sessions/terms",
                     term_form("Backwards", D(2027, 3, 1), D(2027, 1, 5)))
    too_long = post(staff, "/coordinate/school-sessions/terms",
                    term_form("", D(2027, 1, 5), D(2027, 12, 20)))

    assert overlapping.status_code == 200
    assert errors_in(text(overlapping)) == [
        "These dates overlap Autumn term 2026. Terms cannot overlap: change the dates, or "
        "remove the other term first."]
    assert 'value="Winter"' in text(overlapping)
    assert errors_in(text(backwards)) == [
        "The last day must be the same as the first or after it"]
    assert errors_in(text(too_long)) == ["Enter the name of the term",
                                         "A term lasts at most 200 days: check the dates"]
    assert Term.select().count() == 1


def test_a_term_is_removed(staff, coordinator):
    term = services.add_term(name="Summer term 2027", starts_on=D(2027, 4, 19),
                             ends_on=D(2027, 7, 21), by=coordinator)

    response = post(staff, f"/coordinate/school-sessions/terms/{term.id}/remove")

    assert response.headers["Location"] == "/coordinate/school-sessions/calendar#terms"
    assert Term.select().count() == 0
    assert "Summer term 2027 is removed." in plain(text(staff.get(
        "/coordinate/school-sessions/calendar")))


def test_only_coordinators_add_or_remove_terms(app, coordinator):
    term = services.add_term(name="Summer term 2027", starts_on=D(2027, 4, 19),
                             ends_on=D(2027, 7, 21), by=coordinator)
    school_member = make_user()
    make_school(member=school_member)
    reviewer = make_user(roles=[Role.REVIEWER], password="r" * 12)
    answers = {}
    for who, person in (("school", school_member), ("reviewer", reviewer)):
        client = app.test_client()
        sign_in(client, person)
        answers[who] = (post(client, "/coordinate/school-sessions/terms",
                             term_form("Mine", D(2027, 9, 1), D(2027, 12, 1))).status_code,
                        post(client, f"/coordinate/school-sessions/terms/{term.id}/remove")
                        .status_code)
    anonymous = post(app.test_client(), f"/coordinate/school-sessions/terms/{term.id}/remove")

    assert answers == {"school": (403, 403), "reviewer": (403, 403)}
    assert anonymous.headers["Location"].startswith("/sign-in")
    assert [t.name for t in Term.select()] == ["Summer term 2027"]
