"""People's text: one-line fields, paragraphs and names keep what they may hold and refuse, with a
message naming the field, what would break mail, the database or the page. On SQLite and
PostgreSQL (which refuses NUL outright, where SQLite would store it)."""
from html import escape

from sanctuary.accounts.models import Role, User
from sanctuary.awards.models import Answer, Criterion, Organisation
from sanctuary.awards.services import start_application
from sanctuary.core.outbox import OutboxMessage, queue_email
from sanctuary.core.text import for_header
from tests.factories import make_organisation, make_user
from tests.support.client import post, sign_in, text
from tests.support.mail import delivered_mail

ORGANISATION = {"name": "Lewisham Food Co-op", "kind": "charity", "size_band": "volunteers",
                "address": "1 High Street", "postcode": "SE13 5AB", "website": "",
                "contact_name": "Sam Contact", "contact_role": "", "language": "en",
                "contact_email": "sam@example.org"}
PERSIAN = "خانه\u200cی امید"  # "house of hope": ZWNJ joins the two words as Persian writes them
REVERSED = "Safe\u202eeraC"  # U+202E shows what follows reversed


def register(client, **changes):
    return post(client, "/organisations/new", {**ORGANISATION, **changes})


def signed_in_client(app):
    client = app.test_client()
    sign_in(client, make_user())
    return client


def test_a_persian_name_with_zwnj_is_kept_as_typed(any_app):
    client = signed_in_client(any_app)

    response = register(client, name=PERSIAN, contact_name="مریم\u200cالسادات")

    assert response.status_code == 302
    assert (Organisation.get().name, Organisation.get().contact_name) == (
        PERSIAN, "مریم\u200cالسادات")


def test_a_name_with_a_direction_override_is_refused_and_the_form_kept(any_app):
    client = signed_in_client(any_app)

    response = register(client, name=REVERSED, address="12 Rushey Green")

    page = text(response)
    assert response.status_code == 200
    assert escape("Name of the organisation contains hidden characters or marks that change "
                  "the direction of the text. Type the name again") in page
    assert "12 Rushey Green" in page
    assert Organisation.select().count() == 0


def test_invisible_characters_are_refused_in_person_names(any_app):
    client = signed_in_client(any_app)
    refused = []
    for char in ("\u202a", "\u202d", "\u2066", "\u2069", "\u200b", "\u2060", "\ufeff"):
        response = post(client, "/account", {"display_name": f"Ana{char}Lee", "language": "en"})
        refused.append(response.status_code)

    kept = post(client, "/account", {"display_name": "Ana\u200dLee", "language": "en"})

    assert refused == [200] * 7
    assert kept.status_code == 302
    assert User.select().where(User.display_name.contains("Ana")).get().display_name == (
        "Ana\u200dLee")


def test_a_line_break_in_a_one_line_field_is_refused_naming_the_field(any_app):
    client = signed_in_client(any_app)

    response = register(client, name="Bakery\r\nBcc: everyone@example.org")

    assert response.status_code == 200
    assert ("Name of the organisation must be on one line, with no hidden characters"
            in text(response))
    assert Organisation.select().count() == 0


def test_nul_never_reaches_the_database(any_app):
    client = signed_in_client(any_app)

    for response in (register(client, contact_role="Lead\x00"),
                     post(client, "/account", {"display_name": "Ana\x00", "language": "en"})):
        assert response.status_code == 200
        assert "must be on one line, with no hidden characters" in text(response)
    signed_in = post(client, "/sign-in", {"email": "nul@example.org", "next": "/dash\x00board"})

    assert signed_in.status_code == 302
    assert Organisation.select().count() == 0


def draft_of_a_member(app):
    """A client signed in as a member of an organisation with a draft, and its first criterion."""
    member = make_user()
    application = start_application(make_organisation(member=member), by=member)
    client = app.test_client()
    sign_in(client, member)
    return client, application, Criterion.in_use(application.stream)[0]


def answer(client, application, criterion, doing_now):
    prefix = f"a{criterion.id}"
    return post(client, f"/applications/{application.id}/answers/{criterion.id}", {
        f"{prefix}-doing_now": doing_now, f"{prefix}-next_steps": "",
        f"{prefix}-target_date": "", f"{prefix}-version": "0"}, headers={"HX-Request": "true"})


def test_an_answer_typed_with_crlf_is_saved_with_lf_and_tabs_are_kept(any_app):
    client, application, criterion = draft_of_a_member(any_app)

    response = answer(client, application, criterion, "First line\r\nSecond\rThird\tcolumn")

    assert response.status_code == 200
    assert Answer.get().doing_now == "First line\nSecond\nThird\tcolumn"


def test_an_answer_with_a_control_character_is_not_saved_and_says_so(any_app):
    client, application, criterion = draft_of_a_member(any_app)

    response = answer(client, application, criterion, "We run\x00 a desk\x1b")

    assert response.status_code == 200
    assert "contains hidden characters that cannot be saved" in text(response)
    assert Answer.select().where(Answer.doing_now.contains("desk")).count() == 0


def test_a_subject_from_peoples_text_cannot_carry_a_header(any_app):
    queue_email("to@example.org", "About Bakery\r\nBcc: everyone@example.org", "sign_in_link",
                locale="en", link="http://127.0.0.1/x", minutes=30)

    assert OutboxMessage.get().subject == "About Bakery Bcc: everyone@example.org"
    assert for_header("a\x00b\tc\u2028d  e") == "a b c d e"


def test_the_delivered_message_has_no_injected_header(app):
    from sanctuary.core.outbox import send_due

    queue_email("to@example.org", "Hello\nBcc: evil@example.org", "sign_in_link", locale="en",
                link="http://127.0.0.1/x", minutes=30)
    send_due()

    [delivered] = delivered_mail(app)
    assert delivered["Bcc"] is None
    assert delivered["Subject"] == "Hello Bcc: evil@example.org"


def test_every_form_of_the_app_applies_the_text_rules(app):
    from flask_wtf import FlaskForm

    from sanctuary.core.forms import Form

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in subclasses(FlaskForm) if cls.__module__.startswith("sanctuary.")]

    assert len(ours) > 20
    assert [cls.__qualname__ for cls in ours if not issubclass(cls, Form)] == []


def test_a_search_with_control_characters_lists_rather_than_fails(any_app):
    client = any_app.test_client()
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    response = client.get("/coordinate/applications?q=Bak%00ery%0A")

    assert response.status_code == 200
    assert 'value="Bakery"' in text(response)


def test_no_field_reaches_the_database_longer_than_its_column(any_app):
    client = signed_in_client(any_app)
    too_long = {"name": "n" * 201, "contact_name": "c" * 201, "contact_role": "r" * 201,
                "postcode": "p" * 17, "website": "https://example.org/" + "w" * 290,
                "contact_email": "e" * 310 + "@example.org"}

    response = register(client, **too_long)
    profile = post(client, "/account", {"display_name": "d" * 201, "language": "en"})

    assert (response.status_code, profile.status_code) == (200, 200)
    assert Organisation.select().count() == 0
    for field in too_long:
        assert f'<a href="#{field}">' in text(response), field
