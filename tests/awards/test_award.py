"""Awards: the certificate and logo, the directory of holders, renewing and starting again, and
the reminders before an award ends."""
import datetime
import os
import re
import subprocess
import sys
import unicodedata

from flask_babel import force_locale, gettext

from sanctuary.awards import services as awards
from sanctuary.awards.models import (
    Application,
    ApplicationState,
    Award,
    Round,
)
from sanctuary.awards.queries import RENEWAL_WINDOW_DAYS
from sanctuary.core.clock import london_today, moved
from sanctuary.core.outbox import OutboxMessage
from sanctuary.panel.queries import panel_matrix
from tests.factories import (
    add_required_evidence,
    criterion_ids,
    make_decision,
    make_reviewed_application,
    make_user,
)
from tests.support.client import signed_in_client, text
from tests.support.files import pdf_text_and_fonts, shipped_fonts

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))




def test_the_certificate_names_the_organisation_and_expiry_in_english_and_arabic(app):
    application = make_decision(make_reviewed_application("ar"), "awarded")
    application.organisation.name = "جمعية الترحيب"
    application.organisation.save()
    client, _ = signed_in_client(app, application.created_by)

    response = client.get(f"/applications/{application.id}/certificate.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages, extracted, fonts = pdf_text_and_fonts(response.data)
    award = Award.get()
    assert pages == 1
    assert "This certifies that" in extracted and application.reference in extracted
    assert unicodedata.normalize("NFKC", "جمعية الترحيب") in extracted or all(
        word in extracted for word in ("جمعية", "الترحيب"))
    assert str(award.expires_on.year) in extracted and str(award.expires_on.day) in extracted
    with force_locale("ar"):
        arabic = unicodedata.normalize("NFKC", gettext("Sanctuary Award"))
    assert arabic != "Sanctuary Award"
    assert all(word in extracted for word in arabic.split()), (arabic, extracted)
    assert fonts and fonts <= shipped_fonts()


def test_the_certificate_needs_no_installed_font(app, tmp_path):
    """With fontconfig pointed at an empty configuration, the certificate still renders every
    script with the shipped fonts."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                      f'<fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>')
    script = (
        "import datetime, sys\n"
        "from sanctuary import create_app\n"
        "from sanctuary.awards.models import Application, Organisation\n"
        "from sanctuary.awards.documents import certificate_pdf\n"
        "from sanctuary.awards.models import Award\n"
        "app = create_app()\n"
        "with app.test_request_context():\n"
        "    award = Award(organisation=Organisation(name='Café ላዕሊ தமிழ் لويشام', language='ar'),"
        " application=Application(reference='SA-2026-0001'),"
        " awarded_on=datetime.date(2026, 1, 2), expires_on=datetime.date(2029, 1, 2))\n"
        "    sys.stdout.buffer.write(certificate_pdf(award, second_language='ar'))\n")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "SANCTUARY_ENV": "development",
           "SANCTUARY_INSTANCE_PATH": str(tmp_path)}
    pdf = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True).stdout

    _, extracted, fonts = pdf_text_and_fonts(pdf)
    assert ("Café" in extracted and "தமிழ்" in extracted.replace(" ", "")) or "தமி" in extracted
    assert fonts <= shipped_fonts() and {name for name, _ in fonts} >= {
        "NotoSans-Regular", "NotoNaskhArabic-Regular", "NotoSansEthiopic-Bold",
        "NotoSansTamil-Bold"}


def test_the_logo_comes_as_svg_and_png_with_the_award_year(app):
    application = make_decision(make_reviewed_application(), "awarded")
    client, _ = signed_in_client(app, application.created_by)
    year = Award.get().awarded_on.year

    svg = client.get(f"/applications/{application.id}/logo.svg")
    png = client.get(f"/applications/{application.id}/logo.png")

    assert svg.mimetype == "image/svg+xml" and f"Sanctuary Award {year}" in svg.text
    assert "<text" not in svg.text  # letters are paths: no font needed to show it
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")


def test_only_the_organisation_gets_its_certificate_and_logo(app):
    application = make_decision(make_reviewed_application(), "awarded")
    outsider, _ = signed_in_client(app, make_user())
    reviewer, _ = signed_in_client(app, panel_matrix(application).reviews[0].reviewer)
    for client in (outsider, reviewer):
        for url in ("certificate.pdf", "logo.svg", "logo.png"):
            assert client.get(f"/applications/{application.id}/{url}").status_code == 403


def test_the_directory_lists_holders_who_agree_and_they_can_leave(app):
    application = make_decision(make_reviewed_application(), "awarded")
    client, token = signed_in_client(app, application.created_by)
    name = application.organisation.name

    assert name not in text(client.get("/award-holders"))
    client.post(f"/applications/{application.id}/listing",
                data={"listing-csrf_token": token, "listed": "1"})
    assert name in text(client.get("/award-holders"))
    client.post(f"/applications/{application.id}/listing",
                data={"listing-csrf_token": token, "listed": "0"})
    assert name not in text(client.get("/award-holders"))


def award_part(client, application):
    """The Sanctuary Award part of the organisation's page."""
    page = text(client.get(f"/organisations/{application.organisation_id}"))
    return page[page.index("<h2>Sanctuary Award</h2>"):page.index("<h2>Details</h2>")]


def long_date(day):
    return f"{day.day} {day:%B} {day.year}"


def test_the_organisation_page_shows_its_current_award_with_certificate_logo_and_renewal(app):
    application = make_decision(make_reviewed_application(), "awarded")
    award = Award.get()
    client, _ = signed_in_client(app, application.created_by)

    part = award_part(client, application)

    assert "Your current award" in part
    assert (f"Awarded on {long_date(award.awarded_on)}. Valid until "
            f"{long_date(award.expires_on)}.") in part
    renew_from = award.expires_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)
    assert f"You can renew it from {long_date(renew_from)}, three months before it ends." in part
    assert re.findall(r'<a href="([^"]+)">', part) == [
        f"/applications/{application.id}/certificate.pdf",
        f"/applications/{application.id}/logo.svg", f"/applications/{application.id}/logo.png",
        f"/applications/{application.id}"]
    assert (f'The application that won it (<bdi class="ref">{application.reference}</bdi>)'
            in part)
    assert "Earlier applications" not in part


def test_in_its_last_three_months_the_organisation_page_offers_to_renew_then_shows_the_renewal(
        app):
    application = make_decision(make_reviewed_application(), "awarded")
    days_left = (Award.get().expires_on - london_today()).days
    member = application.created_by

    with moved(days=days_left - 30):
        client, _ = signed_in_client(app, member)
        due = award_part(client, application)
        renewal = awards.start_again(application, by=member)
        renewing = award_part(client, application)
    with moved(days=days_left + 1):
        awards.withdraw_application(renewal, by=member)
        client, _ = signed_in_client(app, member)  # the earlier session has ended by now
        ended = award_part(client, application)

    assert ("Your award ends within three months: it is time to renew it.\n"
            f'  <a href="/applications/{application.id}">Renew your award</a>') in due
    assert "Your current award" in renewing and "time to renew" not in renewing
    assert f'href="/applications/{renewal.id}">Continue your application</a>' in renewing
    assert "Your current award" not in ended
    assert (f'<a href="/applications/{application.id}"><bdi class="ref">{application.reference}'
            '</bdi></a>: Awarded' in ended)


def test_renewal_reminders_go_once_catch_up_and_stop_after_a_renewal_is_sent(app):
    application = make_decision(make_reviewed_application(), "awarded")
    award = Award.get()
    days_left = (award.expires_on - london_today()).days

    with moved(days=days_left - 100):
        assert awards.send_renewal_reminders(london_today()) == 0
    with moved(days=days_left - 88):  # the 90th day was missed: it still goes, once
        assert awards.send_renewal_reminders(london_today()) == 1
        assert awards.send_renewal_reminders(london_today()) == 0
    with moved(days=days_left - 60):
        renewal = add_required_evidence(awards.start_again(application, by=application.created_by),
                                application.created_by)
        awards.submit_application(renewal, by=application.created_by)
    with moved(days=days_left - 29):
        assert awards.send_renewal_reminders(london_today()) == 0
    assert OutboxMessage.select().where(OutboxMessage.subject == "Renew your Sanctuary Award") \
        .count() == 2  # the member and the named contact


def test_a_renewal_is_prefilled_sent_outside_a_round_and_keeps_the_award_listed(app):
    application = make_decision(make_reviewed_application(), "awarded")
    award = Award.get()
    awards.set_listed(award, True, by=None)
    for round_ in Round.select():
        round_.is_open = False
        round_.save()
    days_left = (award.expires_on - london_today()).days
    member = application.created_by

    with moved(days=days_left - 30):
        client, token = signed_in_client(app, member)
        client.get("/")
        status = text(client.get(f"/applications/{application.id}"))
        assert "Renew your award" in status
        response = client.post(f"/applications/{application.id}/start-again",
                               data={"again-csrf_token": token})
        renewal = Application.get(Application.renewal_of == application)
        assert response.headers["Location"].endswith(f"/applications/{renewal.id}")
        earlier = {a.criterion_id: a.doing_now for a in application.answers}
        assert {a.criterion_id: a.doing_now for a in renewal.answers} == earlier
        add_required_evidence(renewal, member)
        check = text(client.get(f"/applications/{renewal.id}/check"))
        assert "whether or not a round is open" in check and "Submit the application" in check
        sent = client.post(f"/applications/{renewal.id}/submit", data={"csrf_token": token})
        assert sent.status_code == 302  # no round is open
        assert Application.get_by_id(renewal.id).state == ApplicationState.SUBMITTED
    with moved(days=days_left + 20):  # expired, but its renewal is being assessed
        assert application.organisation.name in text(client.get("/award-holders"))
        awards.withdraw_application(Application.get_by_id(renewal.id), by=member)
        assert application.organisation.name not in text(client.get("/award-holders"))


def test_after_not_yet_the_organisation_starts_again_from_its_answers(app):
    application = make_decision(make_reviewed_application(), "not_awarded")
    member = application.created_by

    again = awards.start_again(application, by=member)
    twice = awards.start_again(application, by=member)

    assert again.id == twice.id and again.state == ApplicationState.DRAFT
    assert again.renewal_of_id == application.id
    assert len(list(again.answers)) == len(criterion_ids(application))


def test_the_organisation_page_leads_to_the_award_and_not_to_a_fresh_start(app):
    application = make_decision(make_reviewed_application(), "awarded")
    client, _ = signed_in_client(app, application.created_by)

    page = text(client.get(f"/organisations/{application.organisation_id}"))

    assert f'href="/applications/{application.id}"' in page
    assert "Start your application" not in page
