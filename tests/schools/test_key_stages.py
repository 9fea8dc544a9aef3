"""Who a session is for: key stages asked on the request form (one at least), kept beside the
year groups, and shown to the school and to coordinators."""
import html
import re

from sanctuary.accounts.models import Role
from sanctuary.schools.models import Booking
from tests.factories import make_booking, make_slot, make_user
from tests.support.client import post, sign_in, text

REQUEST = {"school": "new", "name": "Brockley Primary", "urn": "100123",
           "address": "2 Hill Road", "postcode": "SE4 1AA", "contact_name": "Amina Yusuf",
           "contact_phone": "020 7946 0100", "format": "workshop", "year_groups": "Years 5 and 7",
           "audience_size": "28", "supervisor_name": "Deputy Head",
           "supervisor_phone": "020 7946 0101", "agree": "y",
           "request_key": "0123456789abcdef0123456789abcdef"}


def plain(page):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def errors_in(page):
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    return [html.unescape(message) for message in re.findall(r'<a href="#([^"]+)">([^<]*)</a>',
                                                             summary)]


def test_the_key_stages_chosen_are_kept_in_order_and_shown_on_the_booking(client):
    sign_in(client, make_user())

    response = post(client, "/school-sessions/request",
                    {**REQUEST, "slot": make_slot().id, "key_stages": ["ks3", "ks2"]})

    booking = Booking.get()
    assert response.headers["Location"] == f"/school-sessions/bookings/{booking.id}"
    assert (booking.key_stages, booking.year_groups) == (["ks2", "ks3"], "Years 5 and 7")
    page = plain(text(client.get(response.headers["Location"])))
    assert ("Who it is for Key stage 2 (years 3 to 6) Key stage 3 (years 7 to 9) "
            "Year groups or key stage Years 5 and 7") in page


def test_a_request_for_nobody_in_particular_is_refused_and_keeps_what_was_typed(client):
    sign_in(client, make_user())
    page = text(client.get("/school-sessions/request"))
    assert '<input id="key_stages-0" name="key_stages" type="checkbox" value="eyfs">' in page

    nothing = text(post(client, "/school-sessions/request", {**REQUEST, "slot": make_slot().id}))
    nonsense = text(post(client, "/school-sessions/request",
                         {**REQUEST, "slot": make_slot().id, "key_stages": ["ks9"]}))

    assert errors_in(nothing) == [("key_stages", "Choose who the session is for")]
    assert 'value="Years 5 and 7"' in nothing
    assert [anchor for anchor, _message in errors_in(nonsense)] == ["key_stages"]
    assert Booking.select().count() == 0


def test_coordinators_see_who_the_session_is_for(app):
    booking = make_booking(key_stages=["ks1", "staff"])
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    staff = app.test_client()
    sign_in(staff, coordinator)

    page = plain(text(staff.get(f"/coordinate/school-sessions/{booking.id}")))

    assert "Who it is for Key stage 1 (years 1 and 2) Staff or governors" in page
