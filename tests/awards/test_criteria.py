import datetime

from sanctuary.accounts.models import Role
from sanctuary.awards.models import Criterion, PledgeText, Principle, Stream, StreamAssignment
from sanctuary.core.db import db
from tests.factories import make_criterion, make_user
from tests.support.client import post, sign_in, text


def coordinator_client(client):
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    return client




def titles(stream, principle):
    return [c.title["en"] for c in Criterion.in_use(stream) if c.principle == principle]


def test_default_streams_and_criteria_exist_in_three_languages(app):
    business, community = Stream.ordered()

    assert (business.key, community.key) == ("business", "community")
    assert Stream.for_kind("business") == business
    assert Stream.for_kind("faith") == community
    for stream in (business, community):
        criteria = Criterion.in_use(stream)
        assert [c.principle for c in criteria][:1] == ["learn"]
        assert {p for c in criteria for p in [c.principle]} == {"learn", "embed", "share"}
        assert all(set(c.title) == {"en", "ar", "uk"} == set(c.guidance) for c in criteria)


def test_coordinator_adds_a_criterion_in_several_languages(client):
    coordinator_client(client)
    stream = Stream.get(Stream.key == "business")

    response = post(client, f"/coordinate/streams/{stream.id}/criteria/new", {
        "principle": "share", "evidence_required": "y",
        "title_en": "Speak at a local event", "guidance_en": "Tell other businesses.",
        "title_ar": "تحدّث في فعالية محلية", "guidance_ar": "",
        "title_uk": "", "guidance_uk": ""}, follow_redirects=True)

    assert "The criterion has been added." in text(response)
    [added] = [c for c in Criterion.select() if c.title.get("en") == "Speak at a local event"]
    assert added.title == {"en": "Speak at a local event", "ar": "تحدّث في فعالية محلية"}
    assert added.evidence_required
    assert titles(stream, "share")[-1] == "Speak at a local event"


def test_english_is_required_and_the_rest_is_kept(client):
    coordinator_client(client)
    stream = Stream.get(Stream.key == "business")

    response = post(client, f"/coordinate/streams/{stream.id}/criteria/new", {
        "principle": "learn", "title_en": "", "guidance_en": "", "title_ar": "عنوان"})

    assert '<a href="#title_en">Enter the English text</a>' in text(response)
    assert 'value="عنوان"' in text(response)
    assert [c for c in Criterion.select() if c.title.get("ar") == "عنوان"] == []


def test_coordinator_rewords_reorders_retires_and_restores(client):
    coordinator_client(client)
    stream = Stream.get(Stream.key == "business")
    first, second = [c for c in Criterion.in_use(stream) if c.principle == "learn"][:2]
    first_title, second_title = first.title["en"], second.title["en"]

    post(client, f"/coordinate/criteria/{second.id}/up")
    assert titles(stream, "learn")[:2] == [second_title, first_title]

    post(client, f"/coordinate/criteria/{first.id}/edit", {
        "principle": "learn", "title_en": "Reworded", "guidance_en": "New guidance",
        "title_ar": first.title["ar"], "guidance_ar": first.guidance["ar"],
        "title_uk": "", "guidance_uk": ""})
    assert Criterion.get_by_id(first.id).title == {"en": "Reworded", "ar": first.title["ar"]}

    post(client, f"/coordinate/criteria/{first.id}/retire")
    assert "Reworded" not in titles(stream, "learn")
    post(client, f"/coordinate/criteria/{first.id}/restore")
    assert "Reworded" in titles(stream, "learn")


def test_the_list_shows_the_readers_language_or_marks_english(client):
    coordinator_client(client)
    stream = Stream.get(Stream.key == "community")
    make_criterion(stream, title={"en": "English only"}, guidance={"en": "x"})

    page = text(client.get("/coordinate/criteria?lang=uk"))

    assert '<strong lang="en">English only</strong> <span class="tag tag--grey">' in page
    assert '<strong lang="uk">' in page


def test_coordinator_chooses_the_stream_of_each_kind(client):
    coordinator_client(client)
    business = Stream.get(Stream.key == "business")
    data = {f"kind_{a.kind}": str(a.stream_id) for a in StreamAssignment.select()}

    post(client, "/coordinate/streams", {**data, "kind_health": str(business.id)})

    assert Stream.for_kind("health") == business


def test_coordinator_rewords_the_pledge_as_a_new_version(client):
    coordinator_client(client)
    before = PledgeText.current()

    post(client, "/coordinate/pledge", {"text_en": "A new pledge.", "text_ar": "", "text_uk": ""})

    assert PledgeText.current().id != before.id
    assert PledgeText.current().text == {"en": "A new pledge."}


def test_reviewers_and_applicants_cannot_change_criteria(app):
    stream = Stream.get(Stream.key == "business")
    criterion = Criterion.in_use(stream)[0]
    for user in (make_user(roles=[Role.REVIEWER], password="r" * 12), make_user()):
        client = app.test_client()
        sign_in(client, user)
        assert client.get("/coordinate/criteria").status_code == 403
        assert post(client, f"/coordinate/criteria/{criterion.id}/retire").status_code == 403
        assert post(client, "/coordinate/pledge", {"text_en": "x"}).status_code == 403
    assert Criterion.get_by_id(criterion.id).retired_at is None


def test_principles_are_learn_embed_share():
    assert [p.value for p in Principle] == ["learn", "embed", "share"]


def test_default_criteria_that_need_evidence_say_what_kind_in_three_languages(app):
    required = [c for c in Criterion.select() if c.evidence_required]

    assert [c.stream.key for c in required].count("community") == 4
    assert all(set(c.evidence_hint) == {"en", "ar", "uk"} for c in required)
    assert [c.evidence_hint for c in Criterion.select() if not c.evidence_required] == [{}] * 7


def test_coordinator_writes_the_kind_of_evidence_in_several_languages(client):
    coordinator_client(client)
    stream = Stream.get(Stream.key == "community")

    post(client, f"/coordinate/streams/{stream.id}/criteria/new", {
        "principle": "embed", "evidence_required": "y",
        "title_en": "Volunteers seeking sanctuary", "guidance_en": "Tell us how.",
        "evidence_hint_en": "A volunteer rota", "evidence_hint_uk": "Графік волонтерів",
        "evidence_hint_ar": ""})
    [added] = [c for c in Criterion.select() if c.title["en"] == "Volunteers seeking sanctuary"]
    edit_page = text(client.get(f"/coordinate/criteria/{added.id}/edit"))
    post(client, f"/coordinate/criteria/{added.id}/edit", {
        "principle": "embed", "evidence_required": "y",
        "title_en": "Volunteers seeking sanctuary", "guidance_en": "Tell us how.",
        "evidence_hint_en": "A volunteer rota or a thank-you letter", "evidence_hint_uk": "",
        "evidence_hint_ar": "جدول المتطوعين"})

    assert added.evidence_hint == {"en": "A volunteer rota", "uk": "Графік волонтерів"}
    assert ('<label class="field__label" for="evidence_hint_uk">Kind of evidence (optional)'
            '</label>') in edit_page
    assert 'id="evidence_hint_uk" lang="uk" maxlength="5000" name="evidence_hint_uk" type="text" ' \
        'value="Графік волонтерів">' in edit_page
    assert Criterion.get_by_id(added.id).evidence_hint == {
        "en": "A volunteer rota or a thank-you letter", "ar": "جدول المتطوعين"}


def test_the_kind_of_evidence_is_optional_and_kept_when_the_form_has_a_mistake(client):
    coordinator_client(client)
    stream = Stream.get(Stream.key == "business")
    criterion = Criterion.in_use(stream)[0]

    refused = post(client, f"/coordinate/criteria/{criterion.id}/edit", {
        "principle": "learn", "title_en": "", "guidance_en": "Still here",
        "evidence_hint_en": "A certificate", "evidence_hint_ar": "شهادة"})
    added = post(client, f"/coordinate/streams/{stream.id}/criteria/new", {
        "principle": "share", "title_en": "No hint", "guidance_en": "Fine without one."})

    page = text(refused)
    assert '<a href="#title_en">Enter the English text</a>' in page
    assert 'value="A certificate"' in page and 'value="شهادة"' in page
    assert Criterion.get_by_id(criterion.id).evidence_hint == criterion.evidence_hint
    assert added.status_code == 302
    assert [c.evidence_hint for c in Criterion.select() if c.title["en"] == "No hint"] == [{}]


def test_anyone_can_read_every_streams_criteria_and_what_evidence_they_ask_for(client):
    business = Stream.get(Stream.key == "business")
    retired = make_criterion(business, title={"en": "Retired one"},
                             retired_at=datetime.datetime(2026, 1, 1))

    page = text(client.get("/award-criteria"))

    assert "<h1>What the Sanctuary Award asks</h1>" in page
    assert ("<p>For: Charity or community group, Faith group, School, college or university, "
            "Public service, Library, arts or culture, Health service, Something else</p>") in page
    for criterion in Criterion.select().where(Criterion.retired_at.is_null()):
        assert f'<strong lang="en">{criterion.title["en"]}</strong>' in page
    assert retired.title["en"] not in page
    assert page.count('class="tag">Evidence required</span> What to attach:') == 7
    assert '<a href="/sign-in?next=/organisations/new">' in page


def test_the_criteria_page_runs_the_same_queries_however_many_criteria_there_are(client):
    def selects():
        statements = []
        db.connection().set_trace_callback(statements.append)
        assert client.get("/award-criteria").status_code == 200
        db.connection().set_trace_callback(None)
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    before = selects()
    for stream in Stream.select():
        for n in range(10):
            make_criterion(stream, principle=("learn", "embed", "share")[n % 3])

    assert selects() == before == 3
