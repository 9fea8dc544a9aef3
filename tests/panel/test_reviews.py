"""Independent reviews, the panel's matrix, agreed verdicts, exports and reminders."""
import csv
import datetime
import io
import re

import pytest

from sanctuary.accounts.models import Role
from sanctuary.awards import services as awards
from sanctuary.awards.models import Answer, ApplicationState
from sanctuary.core.audit import AuditEvent
from sanctuary.core.db import db
from sanctuary.core.outbox import OutboxMessage
from sanctuary.panel import queries, services
from sanctuary.panel.forms import VerdictForm
from sanctuary.panel.models import (
    AgreedVerdict,
    Assignment,
    Review,
    ReviewVerdict,
    Verdict,
)
from tests.factories import (
    criterion_ids,
    make_complete_application,
    make_panel_member,
    make_reviewer,
    make_round,
    make_submitted_application,
    make_submitted_review,
    make_user,
)
from tests.support.client import signed_in_client, text

HX = {"HX-Request": "true"}


@pytest.fixture
def panel_of_two(app):
    application = make_submitted_application()
    return (application, make_panel_member(application, "Ana Reviewer"),
            make_panel_member(application, "Ben Reviewer"))


# ---------------------------------------------------------------------------- one row at a time

def test_a_row_saves_on_its_own_under_htmx(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    first = criterion_ids(application)[0]

    response = client.post(f"/panel/applications/{application.id}/review/{first}",
                           data={f"c{first}-verdict": "partly_met",
                                 f"c{first}-note": "Ask about it",
                                 f"c{first}-feedback": "Good start",
                                 f"c{first}-question": "When?"},
                           headers={**HX, "X-CSRFToken": token})

    assert response.status_code == 200
    assert 'hx-swap-oob="innerHTML"' in response.text and "Saved at" in response.text
    assert "<textarea" not in response.text  # the fields being typed in are never replaced
    saved = ReviewVerdict.get()
    assert (saved.verdict, saved.note, saved.feedback, saved.question) == (
        "partly_met", "Ask about it", "Good start", "When?")


def test_a_reviewer_suggests_strengths_apart_from_areas_to_improve(app, panel_of_two):
    application, ana, ben = panel_of_two
    client, token = signed_in_client(app, ana)
    first = criterion_ids(application)[0]

    client.post(f"/panel/applications/{application.id}/review/{first}",
                data={f"c{first}-verdict": "partly_met", f"c{first}-strengths": "Warm welcome",
                      f"c{first}-feedback": "Train every volunteer"},
                headers={**HX, "X-CSRFToken": token})
    saved = ReviewVerdict.get()
    page = text(client.get(f"/panel/applications/{application.id}"))
    make_submitted_review(application, ben)
    for criterion_id in criterion_ids(application)[1:]:
        services.save_verdict(application, criterion_id, verdict="met", by=ana)
    services.save_overall(application, recommendation="award", summary="Warm", by=ana)
    assert services.submit_review(application, by=ana) == []
    matrix = text(client.get(f"/panel/applications/{application.id}/reviews"))

    assert (saved.strengths, saved.feedback) == ("Warm welcome", "Train every volunteer")
    assert re.search(rf'for="c{first}-strengths">Suggested strengths for the organisation</label>'
                     rf'.*?>\s*Warm welcome</textarea>', page, re.S)
    assert ('<dt>Suggested strengths for the organisation</dt><dd dir="auto">Warm welcome</dd>'
            in matrix)
    assert ('<dt>Suggested areas to improve for the organisation</dt><dd dir="auto">Train every '
            'volunteer</dd>' in matrix)


def test_a_row_saves_without_javascript_and_goes_back_to_it(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    first = criterion_ids(application)[0]

    response = client.post(f"/panel/applications/{application.id}/review/{first}",
                           data={f"c{first}-verdict": "met", "csrf_token": token})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/panel/applications/{application.id}"
                                                 f"#row-{first}")
    assert ReviewVerdict.get().verdict == "met"
    assert "Saved." in text(client.get(f"/panel/applications/{application.id}"))


def test_a_row_that_fails_validation_saves_nothing_and_keeps_the_text(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    first = criterion_ids(application)[0]
    too_long = {f"c{first}-verdict": "met", f"c{first}-note": "Kept words " + "x" * 5000}

    with_htmx = client.post(f"/panel/applications/{application.id}/review/{first}",
                            data=too_long, headers={**HX, "X-CSRFToken": token})
    without = client.post(f"/panel/applications/{application.id}/review/{first}",
                          data={**too_long, "csrf_token": token})

    assert with_htmx.status_code == 200 and "Not saved:" in with_htmx.text
    assert without.status_code == 400
    assert "Kept words" in without.text and "There is a problem" in without.text
    assert not ReviewVerdict.select().exists()


def test_the_overall_part_saves_with_and_without_htmx(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    url = f"/panel/applications/{application.id}/review/overall"

    with_htmx = client.post(url, data={"overall-recommendation": "not_yet",
                                       "overall-summary": "First thoughts"},
                            headers={**HX, "X-CSRFToken": token})
    assert with_htmx.status_code == 200 and "Saved at" in with_htmx.text
    assert Review.get().recommendation == "not_yet"

    without = client.post(url, data={"overall-recommendation": "award",
                                     "overall-summary": "Second thoughts", "csrf_token": token})
    assert without.status_code == 302 and without.headers["Location"].endswith("#overall")
    review = Review.get()
    assert (review.recommendation, review.summary) == ("award", "Second thoughts")


def test_a_row_for_another_applications_criterion_is_not_found(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    community = make_complete_application(kind="charity")
    foreign = next(c for c in criterion_ids(awards.submit_application(community,
                                                                      by=community.created_by))
                   if c not in criterion_ids(application))

    response = client.post(f"/panel/applications/{application.id}/review/{foreign}",
                           data={f"c{foreign}-verdict": "met"},
                           headers={**HX, "X-CSRFToken": token})

    assert response.status_code == 404


# ---------------------------------------------------------------------------- submit and reopen

def test_submitting_an_incomplete_review_lists_what_is_missing_and_keeps_everything(app,
                                                                                    panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    first, second = criterion_ids(application)[:2]

    response = client.post(f"/panel/applications/{application.id}", data={
        "csrf_token": token, "action": "submit", f"c{first}-verdict": "met",
        f"c{second}-note": "Half a thought", "overall-summary": "Not finished"})

    assert response.status_code == 400
    page = text(response)
    assert "Choose a verdict for" in page and "Choose your recommendation" in page
    assert "Half a thought" in page and "Not finished" in page
    assert Review.get().submitted_at is None
    assert ReviewVerdict.get(ReviewVerdict.criterion == first).verdict == "met"


def review_page_edit_id(client, application):
    """The page load's edit id, which every row's save sends (one for the whole page)."""
    page = text(client.get(f"/panel/applications/{application.id}"))
    return re.search(r'name="edit_id" type="hidden" value="([^"]+)"', page).group(1)


def test_a_verdict_saved_from_an_older_copy_on_another_device_is_refused(app, panel_of_two):
    application, ana, _ = panel_of_two
    laptop, laptop_token = signed_in_client(app, ana)
    phone, token = signed_in_client(app, ana)
    first = criterion_ids(application)[0]
    url = f"/panel/applications/{application.id}/review/{first}"
    phone_edit = review_page_edit_id(phone, application)
    laptop_edit = review_page_edit_id(laptop, application)
    laptop.post(url, data={f"c{first}-verdict": "met", f"c{first}-note": "Newer, on the laptop",
                           f"c{first}-version": "0", "edit_id": laptop_edit},
                headers={**HX, "X-CSRFToken": laptop_token})

    refused = phone.post(url, data={f"c{first}-verdict": "not_yet_met",
                                    f"c{first}-note": "Older, on the phone",
                                    f"c{first}-version": "0", "edit_id": phone_edit},
                         headers={**HX, "X-CSRFToken": token})

    page = text(refused)
    assert "Not saved: changed elsewhere" in page and "Newer, on the laptop" in page
    assert f'name="c{first}-overwrite" value="1"' in page
    assert ReviewVerdict.get().note == "Newer, on the laptop"
    kept = phone.post(url, data={f"c{first}-verdict": "not_yet_met",
                                 f"c{first}-note": "Older, on the phone", f"c{first}-version": "0",
                                 f"c{first}-overwrite": "1", "edit_id": phone_edit},
                      headers={**HX, "X-CSRFToken": token})
    assert "Saved at" in text(kept)
    assert (ReviewVerdict.get().note, ReviewVerdict.get().version) == ("Older, on the phone", 2)


def test_a_newer_verdict_save_from_the_same_page_is_not_a_conflict(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    first = criterion_ids(application)[0]
    url = f"/panel/applications/{application.id}/review/{first}"
    edit_id = review_page_edit_id(client, application)
    for note in ("typed first", "typed last"):  # the second sent before the first's answer came
        response = client.post(url, data={f"c{first}-note": note, f"c{first}-version": "0",
                                          "edit_id": edit_id},
                               headers={**HX, "X-CSRFToken": token})
        assert "Saved at" in text(response)

    assert (ReviewVerdict.get().note, ReviewVerdict.get().version) == ("typed last", 2)


def test_without_javascript_a_verdict_conflict_keeps_what_was_typed(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    first = criterion_ids(application)[0]
    services.save_verdict(application, first, verdict="met", note="Saved elsewhere", by=ana)

    response = client.post(f"/panel/applications/{application.id}", data={
        "csrf_token": token, f"c{first}-note": "Typed here", f"c{first}-version": "0",
        "edit_id": "this-page", "action": "save"})

    page = text(response)
    assert response.status_code == 409
    assert "Typed here</textarea>" in page and "Saved elsewhere" in page
    assert f'name="c{first}-overwrite" value="1"' in page
    assert ReviewVerdict.get().note == "Saved elsewhere"


def test_a_submitted_review_is_locked_until_reopened(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    make_submitted_review(application, ana, [])
    first = criterion_ids(application)[0]
    url = f"/panel/applications/{application.id}/review/{first}"

    locked = client.post(url, data={f"c{first}-verdict": "not_yet_met"},
                         headers={**HX, "X-CSRFToken": token})
    locked_without = client.post(url, data={f"c{first}-verdict": "not_yet_met",
                                            "csrf_token": token})
    assert locked.status_code == 409 and locked.headers["X-Sanctuary-Alert"] == "1"
    assert locked_without.status_code == 302
    assert ReviewVerdict.get(ReviewVerdict.criterion == first).verdict == "met"
    assert "Reopen my review" in text(client.get(f"/panel/applications/{application.id}"))

    client.post(f"/panel/applications/{application.id}/review/reopen",
                data={"reopen-csrf_token": token})
    version = ReviewVerdict.get(ReviewVerdict.criterion == first).version
    again = client.post(url, data={f"c{first}-verdict": "not_yet_met",
                                   f"c{first}-version": version},
                        headers={**HX, "X-CSRFToken": token})

    assert again.status_code == 200
    assert ReviewVerdict.get(ReviewVerdict.criterion == first).verdict == "not_yet_met"
    assert [e.kind for e in AuditEvent.select().where(AuditEvent.about_id == ana.id)
            .order_by(AuditEvent.id)] == ["assigned", "no_conflict", "review_submitted",
                                          "review_reopened"]


def test_submitting_twice_records_one_submission(app, panel_of_two):
    application, ana, _ = panel_of_two
    make_submitted_review(application, ana, [])
    assert services.submit_review(application, by=ana) == []
    assert AuditEvent.select().where(AuditEvent.kind == "review_submitted").count() == 1


def test_once_the_round_is_decided_a_review_cannot_be_reopened(app, panel_of_two):
    application, ana, _ = panel_of_two
    make_submitted_review(application, ana, [])
    awards.change_state(application, ApplicationState.AWARDED, by=None)

    with pytest.raises(services.ReviewLocked):
        services.reopen_review(application, by=ana)
    client, _ = signed_in_client(app, ana)
    assert "Reopen my review" not in text(client.get(f"/panel/applications/{application.id}"))


def test_the_review_page_without_javascript_saves_every_row(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, token = signed_in_client(app, ana)
    ids = criterion_ids(application)
    form = {"csrf_token": token, "action": "submit", "overall-recommendation": "further_evidence",
            "overall-summary": "Needs a little more"}
    form.update({f"c{cid}-verdict": "partly_met" for cid in ids})

    response = client.post(f"/panel/applications/{application.id}", data=form)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/panel/applications/{application.id}/reviews")
    assert ReviewVerdict.select().where(ReviewVerdict.verdict == "partly_met").count() == len(ids)
    assert Review.get().submitted_at is not None


# ---------------------------------------------------------------------------- who sees what

def test_a_reviewer_sees_no_other_review_before_submitting_their_own(app, panel_of_two):
    application, ana, ben = panel_of_two
    make_submitted_review(application, ana, [], note="Ana private thought")
    client, _ = signed_in_client(app, ben)

    before_page = text(client.get(f"/panel/applications/{application.id}"))
    before_matrix = client.get(f"/panel/applications/{application.id}/reviews")
    assert "Ana private thought" not in before_page and "Ana Reviewer" not in before_page
    assert before_matrix.status_code == 403

    make_submitted_review(application, ben, ["not_yet_met"])
    after = client.get(f"/panel/applications/{application.id}/reviews")
    assert after.status_code == 200 and "Ana private thought" in text(after)


def test_a_review_in_progress_is_shown_to_nobody_else(app, panel_of_two):
    application, ana, ben = panel_of_two
    make_submitted_review(application, ana, [])
    services.save_verdict(application, criterion_ids(application)[0], by=ben,
                          verdict="not_yet_met", note="Ben draft words")
    coordinator, _ = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    ana_client, _ = signed_in_client(app, ana)

    for client in (coordinator, ana_client):
        page = text(client.get(f"/panel/applications/{application.id}/reviews"))
        assert "Ben draft words" not in page and "Still to come" in page


def test_no_reviewer_sees_a_colleagues_lived_experience(app):
    """Every page a fellow reviewer can reach is the same whether the flag is recorded or not."""
    application = make_submitted_application()
    lived = make_panel_member(application, "Lived Colleague", lived=True)
    other = make_panel_member(application, "Other Colleague")
    make_submitted_review(application, lived, [])
    make_submitted_review(application, other, [])
    client, _ = signed_in_client(app, other)
    urls = [f"/panel/applications/{application.id}",
            f"/panel/applications/{application.id}/reviews",
            "/panel/assignments", "/panel/profile"]

    def pages():
        return [re.sub(r'(name="csrf-token" content|value)="[^"]*"', "", text(client.get(url)))
                for url in urls]

    with_flag = pages()
    services.withdraw_lived_experience(by=lived)
    without_flag = pages()

    assert "Lived Colleague" in with_flag[1]
    assert with_flag == without_flag


def test_the_review_page_jumps_to_each_criterion_and_counts_those_judged(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, _ = signed_in_client(app, ana)
    ids = criterion_ids(application)
    services.save_verdict(application, ids[0], verdict="met", by=ana)
    services.save_verdict(application, ids[1], verdict=None, note="a note, no verdict yet", by=ana)

    page = text(client.get(f"/panel/applications/{application.id}"))

    jump = page[page.index('<nav class="jump-list"'):page.index("</nav>", page.index("jump-list"))]
    assert [f'href="#row-{cid}"' in jump for cid in ids] == [True] * len(ids)
    assert f"1 of {len(ids)} judged" in jump
    assert 'data-progress-template="{done} of {total} judged"' in jump
    assert jump.count("hidden>Judged</span>") == len(ids) - 1
    assert page.index("jump-list") < page.index(f'id="row-{ids[0]}"')


def test_the_review_page_is_under_25_kb_and_says_each_hint_once(app, panel_of_two):
    application, ana, _ = panel_of_two
    client, _ = signed_in_client(app, ana)
    ids = criterion_ids(application)
    # Answers as long as real ones (the demo's run to 80-120 characters), half the rows judged.
    Answer.update(doing_now="Our manager is our sanctuary contact; she did the awareness course "
                            "in May, and two volunteers did it in June.",
                  next_steps="Two more staff will do the course before the summer.").where(
        Answer.application == application).execute()
    for criterion_id in ids[:4]:
        services.save_verdict(application, criterion_id, verdict="met", note="Clear", by=ana)

    response = client.get(f"/panel/applications/{application.id}")

    page = text(response)
    assert len(ids) == 7
    assert len(response.get_data()) < 25_000
    hints = [verdict.hint for verdict in Verdict] + [
        field.description for field in VerdictForm(prefix="c0")
        if field.description]
    assert len(hints) == 8
    assert [page.count(str(hint)) for hint in hints] == [1] * 8


# ---------------------------------------------------------------------------- the matrix

def test_the_matrix_counts_verdicts_and_flags_disagreement(app):
    application = make_submitted_application()
    people = [make_panel_member(application, name) for name in ("One", "Two", "Three")]
    make_submitted_review(application, people[0], ["met", "met", "cant_judge"],
                          recommendation="award")
    make_submitted_review(application, people[1], ["not_yet_met", "partly_met", "met"],
                    recommendation="further_evidence")
    make_submitted_review(application, people[2], ["partly_met", "met", "cant_judge"],
                    recommendation="award")

    matrix = queries.panel_matrix(application)
    first, second, third = matrix.lines[:3]

    assert [first.counts[v] for v in ("met", "partly_met", "not_yet_met")] == [1, 1, 1]
    assert first.disagreement and not second.disagreement and not third.disagreement
    assert sum(third.counts.values()) == 1 and third.cant_judge == 2  # Can't judge is not counted
    assert matrix.recommendations == {"award": 2, "further_evidence": 1}
    assert matrix.disagreements == 1


def test_the_matrix_counts_in_words_that_fit_the_number(app):
    application = make_submitted_application()
    people = [make_panel_member(application, name) for name in ("One", "Two", "Three")]
    make_submitted_review(application, people[0], ["met"])
    make_submitted_review(application, people[1], ["not_yet_met"])
    client, _ = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    page = text(client.get(f"/panel/applications/{application.id}/reviews"))

    assert "Reviewers disagree on 1 criterion</span>" in page
    assert "2 of 3 reviews submitted. Still to come: <bdi>Three</bdi></p>" in page


def test_the_agreed_verdicts_form_jumps_to_each_criterion_and_counts_those_agreed(app):
    application = make_submitted_application()
    people = [make_panel_member(application, name) for name in ("One", "Two")]
    for person in people:
        make_submitted_review(application, person, ["met", "partly_met"])
    ids = criterion_ids(application)
    services.record_agreed(application, {ids[0]: ("met", "")}, by=None)
    client, _ = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    page = text(client.get(f"/panel/applications/{application.id}/reviews"))

    jump = page[page.index('<nav class="jump-list"'):]
    assert f"1 of {len(ids)} agreed" in jump
    assert [f'href="#g{cid}-verdict"' in jump for cid in ids] == [True] * len(ids)
    # On a narrow screen each cell says which column it is in (the stylesheet shows it).
    assert '<td data-label="Two">' in page and '<td data-label="Agreed">' in page


def test_a_reviewer_removed_from_the_panel_drops_out_of_the_matrix(app, panel_of_two):
    application, ana, ben = panel_of_two
    make_submitted_review(application, ana, ["not_yet_met"])
    make_submitted_review(application, ben, ["met"])
    services.remove_from_panel(application, ana, by=None)

    matrix = queries.panel_matrix(application)

    assert [r.reviewer_id for r in matrix.reviews] == [ben.id]
    assert not matrix.lines[0].disagreement


def test_the_coordinator_records_agreed_verdicts_and_the_originals_stay(app, panel_of_two):
    application, ana, ben = panel_of_two
    make_submitted_review(application, ana, ["met"])
    make_submitted_review(application, ben, ["not_yet_met"])
    client, token = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12,
                                             display_name="Coordinator Cleo"))
    first, second = criterion_ids(application)[:2]
    page = text(client.get(f"/panel/applications/{application.id}/reviews"))
    assert "Disagreement" in page

    response = client.post(f"/coordinate/applications/{application.id}/agreed", data={
        "agreed-csrf_token": token, f"g{first}-verdict": "partly_met",
        f"g{first}-note": "Agreed at the meeting", f"g{second}-verdict": "met"})
    client.post(f"/coordinate/applications/{application.id}/agreed", data={
        "agreed-csrf_token": token, f"g{first}-verdict": "partly_met",
        f"g{first}-note": "Agreed at the meeting", f"g{second}-verdict": "met"})  # a retry

    assert response.status_code == 302
    agreed = {a.criterion_id: a for a in AgreedVerdict.select()}
    assert (agreed[first].verdict, agreed[first].note) == ("partly_met", "Agreed at the meeting")
    assert {v.verdict for v in ReviewVerdict.select().where(ReviewVerdict.criterion == first)} == {
        "met", "not_yet_met"}
    assert AuditEvent.select().where(AuditEvent.kind == "agreed").count() == 2
    trail = text(client.get(f"/coordinate/applications/{application.id}/panel"))
    assert "Recorded the panel's agreed verdict" in trail and "Coordinator Cleo" in trail


def test_only_coordinators_record_agreed_verdicts(app, panel_of_two):
    application, ana, _ = panel_of_two
    make_submitted_review(application, ana, [])
    client, token = signed_in_client(app, ana)
    first = criterion_ids(application)[0]

    response = client.post(f"/coordinate/applications/{application.id}/agreed",
                           data={"agreed-csrf_token": token, f"g{first}-verdict": "met"})

    assert response.status_code == 403 and not AgreedVerdict.select().exists()


# ---------------------------------------------------------------------------- dashboards

def test_the_reviewers_list_shows_where_they_are(app):
    declared, to_declare, submitted = (make_submitted_application() for _ in range(3))
    person = make_reviewer("Busy Reviewer")
    for application in (declared, to_declare, submitted):
        services.assign(application, person, by=None)
    services.declare(declared, has_conflict=False, by=person)
    services.save_verdict(declared, criterion_ids(declared)[0], verdict="met", by=person)
    services.declare(submitted, has_conflict=False, by=person)
    make_submitted_review(submitted, person, [])
    client, _ = signed_in_client(app, person)

    page = text(client.get("/panel/assignments"))

    assert f"1 of {len(criterion_ids(declared))} criteria judged" in page
    assert "Declare any conflict of interest" in page and "Submitted" in page


def test_the_coordinators_list_runs_the_same_queries_for_1_and_50_applications(app):
    make_round()
    client, _ = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    def queries_for_list():
        statements = []
        db.connection().set_trace_callback(statements.append)
        page = client.get("/coordinate/applications")
        assert page.status_code == 200
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    first = make_submitted_application()
    make_submitted_review(first, make_panel_member(first, "Counting Reviewer"), [])
    with_one = queries_for_list()
    for _ in range(49):
        application = make_complete_application()
        awards.submit_application(application, by=application.created_by)
    with_fifty = queries_for_list()

    assert with_one == with_fifty
    assert "1 of 1 submitted" in text(client.get("/coordinate/applications"))


def test_the_csv_exports_count_verdicts_and_defuse_formulas(app, panel_of_two):
    application, ana, ben = panel_of_two
    make_submitted_review(application, ana, ["not_yet_met", "cant_judge"], note="=HYPERLINK(\"x\")")
    make_submitted_review(application, ben, [], recommendation="not_yet")
    client, _ = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    total = len(criterion_ids(application))

    listing = client.get("/coordinate/applications.csv")
    rows = list(csv.reader(io.StringIO(listing.text.lstrip("\ufeff"))))
    everything = client.get("/coordinate/reviews.csv").text

    assert listing.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in listing.headers["Content-Disposition"]
    assert rows[0][:6] == ["reference", "organisation", "stream", "state", "submitted",
                           "reviewers"]
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["met"] == str(2 * total - 2) and values["not_yet_met"] == "1"
    assert values["cant_judge"] == "1"
    assert (values["recommend award"], values["recommend not_yet"]) == ("1", "1")
    assert "'=HYPERLINK" in everything and everything.count(application.reference) == 2 * total


def test_reviewers_cannot_export(app, panel_of_two):
    _, ana, _ = panel_of_two
    client, _ = signed_in_client(app, ana)
    assert client.get("/coordinate/applications.csv").status_code == 403
    assert client.get("/coordinate/reviews.csv").status_code == 403


# ---------------------------------------------------------------------------- reminders

def test_send_reminders_goes_once_for_each_overdue_review(app, panel_of_two):
    application, ana, ben = panel_of_two
    late = make_submitted_application()
    cara = make_panel_member(late, "Cara Reviewer")
    Assignment.update(due_on=datetime.date(2020, 1, 1)).where(
        Assignment.application.in_([application.id, late.id])).execute()
    make_submitted_review(application, ben, [])  # submitted: no reminder

    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])

    assert first.exit_code == 0 and "Overdue reviews: 2" in first.output
    assert "Overdue reviews: 0" in second.output
    reminded = sorted(m.recipient for m in OutboxMessage.select()
                      if "overdue" in m.subject)
    assert reminded == sorted([ana.email, cara.email])


def test_no_reminder_before_the_due_date(app, panel_of_two):
    assert services.send_review_reminders(datetime.date.today()) == 0


def test_reviews_and_their_counts_work_on_every_database(any_app):
    """The upserts, the grouped counts and the exports, on SQLite and PostgreSQL."""
    application = make_submitted_application()
    ana, ben = (make_panel_member(application, "Ana Anywhere"),
                make_panel_member(application, "Ben Anywhere"))
    first = criterion_ids(application)[0]
    services.save_verdict(application, first, verdict="met", note="first", by=ana)
    services.save_verdict(application, first, verdict="not_yet_met", note="second", by=ana)
    make_submitted_review(application, ana, ["not_yet_met"])
    make_submitted_review(application, ben, ["met"], recommendation="further_evidence")
    for _ in range(2):
        services.record_agreed(application, {first: ("partly_met", "")}, by=None)

    counts, recommended = queries.verdict_counts_for([application])[application.id]
    assert ReviewVerdict.get(ReviewVerdict.criterion == first, ReviewVerdict.review ==
                             queries.review_of(application, ana)).note == ""
    assert counts["not_yet_met"] == 1 and counts["met"] == 2 * len(criterion_ids(application)) - 1
    assert recommended == {"award": 1, "further_evidence": 1}
    assert queries.progress_for([application]) == {application.id: (2, 2)}
    assert (queries.criteria_counts([application])
            == {application.id: len(criterion_ids(application))})
    assert queries.panel_matrix(application).lines[0].disagreement
    assert AgreedVerdict.select().count() == 1
    client, _ = signed_in_client(any_app, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    assert client.get("/coordinate/applications.csv").status_code == 200
    assert client.get("/coordinate/reviews.csv").text.count(application.reference) == 2 * len(
        criterion_ids(application))


def test_an_agreed_note_too_long_is_refused_and_kept(app, panel_of_two):
    application, ana, _ = panel_of_two
    make_submitted_review(application, ana, [])
    client, token = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    first = criterion_ids(application)[0]

    response = client.post(f"/coordinate/applications/{application.id}/agreed", data={
        "agreed-csrf_token": token, f"g{first}-verdict": "met",
        f"g{first}-note": "Kept note " + "x" * 5000})

    assert response.status_code == 400
    assert "There is a problem" in response.text and "Kept note" in response.text
    assert not AgreedVerdict.select().exists()
