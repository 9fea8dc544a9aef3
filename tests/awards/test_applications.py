import datetime
import re
import threading

from sanctuary.accounts.models import Role
from sanctuary.awards import services
from sanctuary.awards.models import Answer, Application, Criterion, Membership
from sanctuary.awards.queries import missing_items
from sanctuary.core.audit import AuditEvent
from sanctuary.core.db import db
from tests.factories import make_criterion, make_membership, make_organisation, make_user
from tests.support.client import date_fields, post, sign_in, text
from tests.support.files import PDF


def member_with_application(client=None):
    member = make_user()
    organisation = make_organisation(member=member, kind="business")
    application = services.start_application(organisation, by=member)
    if client is not None:
        sign_in(client, member)
    return member, application


def learn_criteria(application):
    return [c for c in Criterion.in_use(application.stream) if c.principle == "learn"]


HTMX = {"HX-Request": "true"}


def fill_in(application, criteria, member):
    for criterion in criteria:
        services.save_answer(application, criterion, doing_now="We do this",
                             next_steps="We will do more", target_date=datetime.date(2027, 6, 30),
                             version=0, by=member)


def task(page, key):
    """A task list row: its name, hint and status, as the page says them."""
    start = page.index(f'id="status-{key}"')
    row = page[page.rindex('<li class="task-list__item">', 0, start):page.index("</li>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def answer_of(page, criterion):
    start = page.index(f'<section class="answer" id="answer-{criterion.id}"')
    return page[start:page.index("</section>", start)]


def test_starting_an_application_uses_the_organisations_stream(client):
    member = make_user()
    organisation = make_organisation(member=member, kind="faith")
    sign_in(client, member)

    response = post(client, f"/organisations/{organisation.id}/applications")

    application = Application.get()
    assert response.headers["Location"] == f"/applications/{application.id}"
    assert application.stream.key == "community"
    assert [e.kind for e in AuditEvent.select()] == ["application.draft"]


def test_a_double_click_starts_one_application(client):
    member = make_user()
    organisation = make_organisation(member=member)
    sign_in(client, member)

    post(client, f"/organisations/{organisation.id}/applications")
    post(client, f"/organisations/{organisation.id}/applications")

    assert Application.select().count() == 1


def test_two_colleagues_starting_at_once_get_one_application(make_app, any_database_url):
    app = make_app(any_database_url)
    organisation = make_organisation()
    member = Membership.get().user
    db.close()
    barrier = threading.Barrier(2)
    started, errors = [], []

    def start():
        try:
            with app.app_context():
                barrier.wait()
                started.append(services.start_application(organisation, by=member).id)
                db.close()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(set(started)) == 1
    assert Application.select().count() == 1


def test_task_list_shows_each_section_and_progress(client):
    _, application = member_with_application(client)

    page = text(client.get(f"/applications/{application.id}"))

    assert "1 of 6 sections completed" in page
    for label in ("About your organisation", "Sign the pledge", "Learn", "Embed", "Share",
                  "Check your answers and submit"):
        assert label in page
    assert page.count("Not started") == 5  # pledge, Learn, Embed, Share, check your answers
    assert f'href="/applications/{application.id}/check"' in page


def test_autosave_answers_with_status_and_version_only(client):
    _, application = member_with_application(client)
    criterion = learn_criteria(application)[0]
    prefix = f"a{criterion.id}"

    response = post(client, f"/applications/{application.id}/answers/{criterion.id}", {
        f"{prefix}-doing_now": "We run a welcome desk", f"{prefix}-next_steps": "",
        f"{prefix}-target_date": "", f"{prefix}-version": "0"}, headers=HTMX)

    page = text(response)
    assert response.status_code == 200
    assert f'<p id="save-status-{criterion.id}" hx-swap-oob="innerHTML">Saved at ' in page
    assert f'id="{prefix}-version" value="1" hx-swap-oob="true"' in page
    assert "textarea" not in page  # the fields being typed in are never sent back
    assert Answer.get().doing_now == "We run a welcome desk"


def test_an_autosave_of_a_half_typed_date_saves_the_rest_keeps_the_date_and_shows_no_error(
        client):
    _, application = member_with_application(client)
    criterion = learn_criteria(application)[0]
    prefix = f"a{criterion.id}"
    url = f"/applications/{application.id}/answers/{criterion.id}"
    post(client, url, {f"{prefix}-doing_now": "A welcome desk", f"{prefix}-version": "0",
                       **date_fields(f"{prefix}-target_date", datetime.date(2027, 3, 27))},
         headers=HTMX)

    # The person changes the date: the day typed, the month and year not yet.
    half = post(client, url, {f"{prefix}-doing_now": "A welcome desk, every Monday",
                              f"{prefix}-target_date-day": "3", f"{prefix}-target_date-month": "",
                              f"{prefix}-target_date-year": "", f"{prefix}-version": "1"},
                headers=HTMX)

    answer = Answer.get()
    assert (answer.doing_now, answer.target_date, answer.version) == (
        "A welcome desk, every Monday", datetime.date(2027, 3, 27), 2)
    [status] = re.findall(r'<p id="save-status-\d+" hx-swap-oob="innerHTML">([^<]*)</p>',
                          text(half))
    assert re.fullmatch(r"Saved at \d\d:\d\d, except the target date, which is not complete yet",
                        status)
    assert "error" not in text(half).lower()
    whole = post(client, url, {f"{prefix}-doing_now": "A welcome desk, every Monday",
                               f"{prefix}-version": "2",
                               **date_fields(f"{prefix}-target_date", datetime.date(2027, 4, 3))},
                 headers=HTMX)
    assert Answer.get().target_date == datetime.date(2027, 4, 3)
    assert "except the target date" not in text(whole)
    post(client, url, {f"{prefix}-doing_now": "A welcome desk, every Monday",
                       f"{prefix}-version": "3", f"{prefix}-target_date-day": "",
                       f"{prefix}-target_date-month": "", f"{prefix}-target_date-year": ""},
         headers=HTMX)
    assert Answer.get().target_date is None  # three empty boxes: no date, on purpose


def test_saving_the_section_with_a_half_typed_date_says_what_is_missing(client):
    _, application = member_with_application(client)
    criterion = learn_criteria(application)[0]
    prefix = f"a{criterion.id}"

    response = post(client, f"/applications/{application.id}/learn", {
        f"{prefix}-doing_now": "Typed", f"{prefix}-target_date-day": "3",
        f"{prefix}-target_date-month": "", f"{prefix}-target_date-year": "",
        f"{prefix}-version": "0"})

    page = text(response)
    assert (f'<li><a href="#{prefix}-target_date-month">Target date for the next steps must '
            'include a month and year</a></li>') in page
    assert f'id="{prefix}-target_date-day" name="{prefix}-target_date-day" type="text" ' \
           'inputmode="numeric" value="3">' in page
    assert Answer.get_or_none(Answer.criterion == criterion) is None


def test_a_stale_save_is_refused_and_both_versions_are_shown(app):
    member, application = member_with_application()
    colleague = make_user()
    make_membership(application.organisation, colleague)
    criterion = learn_criteria(application)[0]
    prefix = f"a{criterion.id}"
    mine, theirs = app.test_client(), app.test_client()
    sign_in(mine, member)
    sign_in(theirs, colleague)
    url = f"/applications/{application.id}/answers/{criterion.id}"
    post(theirs, url, {f"{prefix}-doing_now": "Their words", f"{prefix}-version": "0"},
         headers=HTMX)

    refused = post(mine, url, {f"{prefix}-doing_now": "My words", f"{prefix}-version": "0"},
                   headers=HTMX)

    page = text(refused)
    assert "Not saved: changed elsewhere" in page
    assert "saved a different version at" in page
    assert "Their words" in page
    assert Answer.get().doing_now == "Their words"
    kept = post(mine, url, {f"{prefix}-doing_now": "My words", f"{prefix}-version": "0",
                            f"{prefix}-overwrite": "1"}, headers=HTMX)
    assert "Saved at" in text(kept)
    assert (Answer.get().doing_now, Answer.get().version) == ("My words", 2)


def test_without_javascript_the_section_saves_every_answer(client):
    _, application = member_with_application(client)
    data = {}
    for criterion in learn_criteria(application):
        prefix = f"a{criterion.id}"
        data.update({f"{prefix}-doing_now": f"Doing {criterion.id}",
                     f"{prefix}-next_steps": f"Next {criterion.id}",
                     f"{prefix}-target_date-day": "31", f"{prefix}-target_date-month": "3",
                     f"{prefix}-target_date-year": "2027", f"{prefix}-version": "0"})

    response = post(client, f"/applications/{application.id}/learn", data, follow_redirects=True)

    assert "Your answers have been saved." in text(response)
    assert Answer.select().count() == len(learn_criteria(application))
    assert all(a.target_date == datetime.date(2027, 3, 31) for a in Answer.select())
    assert ('<span class="tag task-list__status tag--grey" id="status-learn">In progress</span>'
            in text(response))  # the business stream's Learn criteria also need files


def test_without_javascript_a_conflict_keeps_the_typed_text(app):
    member, application = member_with_application()
    colleague = make_user()
    make_membership(application.organisation, colleague)
    criterion = learn_criteria(application)[0]
    prefix = f"a{criterion.id}"
    services.save_answer(application, criterion, doing_now="Saved elsewhere", next_steps="",
                         target_date=None, version=0, by=colleague)
    client = app.test_client()
    sign_in(client, member)

    response = post(client, f"/applications/{application.id}/learn",
                    {f"{prefix}-doing_now": "Typed here", f"{prefix}-version": "0"})

    page = text(response)
    assert response.status_code == 200
    assert "Typed here</textarea>" in page
    assert "Saved elsewhere" in page
    assert f'name="{prefix}-overwrite" value="1"' in page


def test_a_bad_date_without_javascript_is_listed_at_the_top_and_keeps_everything(client):
    _, application = member_with_application(client)
    criterion = learn_criteria(application)[0]
    prefix = f"a{criterion.id}"

    response = post(client, f"/applications/{application.id}/learn", {
        f"{prefix}-doing_now": "Kept after the error", f"{prefix}-target_date-day": "31",
        f"{prefix}-target_date-month": "13", f"{prefix}-target_date-year": "2027",
        f"{prefix}-version": "0"})

    page = text(response)
    summary = page.index('class="error-summary"')
    assert summary < page.index("<h1>")  # at the top, where focus goes
    # The summary links to the box that is wrong: the month.
    assert (f'<li><a href="#{prefix}-target_date-month">Target date for the next steps must be '
            'a real date</a></li>') in page[summary:]
    assert (f'<fieldset class="fieldset" id="{prefix}-target_date" '
            f'aria-describedby="{prefix}-target_date-hint {prefix}-target_date-error">') in page
    assert "Kept after the error</textarea>" in page
    assert re.findall(f'<input class="([^"]*)" id="{prefix}-target_date-\\w+" name="[^"]*" '
                      r'type="text" inputmode="numeric" value="(\d*)"', page) == [
        ("field__input date-input__input date-input__input--day", "31"),
        ("field__input date-input__input date-input__input--month date-input__input--error",
         "13"),
        ("field__input date-input__input date-input__input--year", "2027")]
    assert Answer.get_or_none(Answer.criterion == criterion) is None
    assert "<title>Error: " in page
    # Without JavaScript nothing saves as it is typed, so the page does not say so.
    assert '<span data-autosave-note hidden>Your answers save as you type.</span>' in page


def test_outsiders_cannot_see_or_save_answers(app):
    _, application = member_with_application()
    criterion = learn_criteria(application)[0]
    outsider = app.test_client()
    sign_in(outsider, make_user())

    assert outsider.get(f"/applications/{application.id}").status_code == 403
    assert outsider.get(f"/applications/{application.id}/learn").status_code == 403
    response = post(outsider, f"/applications/{application.id}/answers/{criterion.id}",
                    {f"a{criterion.id}-doing_now": "x"}, headers=HTMX)
    assert response.status_code == 403
    assert Answer.select().count() == 0


def test_a_coordinator_can_read_but_not_answer(client):
    _, application = member_with_application()
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    assert client.get(f"/applications/{application.id}").status_code == 200
    assert client.get(f"/applications/{application.id}/learn").status_code == 403


def test_autosave_of_a_criterion_from_another_stream_is_404(client):
    _, application = member_with_application(client)
    other = next(c for c in Criterion.select() if c.stream_id != application.stream_id)

    response = post(client, f"/applications/{application.id}/answers/{other.id}",
                    {f"a{other.id}-doing_now": "x"}, headers=HTMX)

    assert response.status_code == 404


def test_a_newer_save_from_the_same_page_is_not_a_conflict(app):
    member, application = member_with_application()
    criterion = learn_criteria(application)[0]
    services.save_answer(application, criterion, doing_now="autosaved", next_steps="",
                         target_date=None, version=0, by=member, edit_id="page-one")

    answer, saved = services.save_answer(application, criterion, doing_now="typed last",
                                         next_steps="", target_date=None, version=0, by=member,
                                         edit_id="page-one")

    assert saved
    assert (answer.doing_now, answer.version) == ("typed last", 2)


def test_the_same_person_saving_from_an_older_copy_on_another_device_is_a_conflict(app):
    member, application = member_with_application()
    criterion = learn_criteria(application)[0]
    prefix = f"a{criterion.id}"
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, member)
    sign_in(phone, member)
    url = f"/applications/{application.id}/answers/{criterion.id}"
    phone_edit = edit_id_on(phone.get(f"/applications/{application.id}/learn"), prefix)
    laptop_edit = edit_id_on(laptop.get(f"/applications/{application.id}/learn"), prefix)
    assert phone_edit != laptop_edit  # each page load has its own
    post(laptop, url, {f"{prefix}-doing_now": "Newer, from the laptop", f"{prefix}-version": "0",
                       f"{prefix}-edit_id": laptop_edit}, headers=HTMX)

    refused = post(phone, url, {f"{prefix}-doing_now": "Older, from the phone",
                                f"{prefix}-version": "0", f"{prefix}-edit_id": phone_edit},
                   headers=HTMX)

    assert "Not saved: changed elsewhere" in text(refused)
    assert "You saved a different version at" in text(refused)
    assert "Newer, from the laptop" in text(refused)
    assert Answer.get().doing_now == "Newer, from the laptop"


def edit_id_on(page, prefix):
    return re.search(rf'name="{prefix}-edit_id" type="hidden" value="([^"]+)"',
                     text(page)).group(1)


def test_a_section_with_every_box_filled_and_a_file_missing_is_not_completed(client):
    member, application = member_with_application(client)
    with_file, without_file = learn_criteria(application)
    assert with_file.evidence_required and without_file.evidence_required
    fill_in(application, [with_file, without_file], member)
    services.add_evidence(application, with_file, filename="record.pdf", data=PDF, by=member)

    task_list = text(client.get(f"/applications/{application.id}"))
    section = text(client.get(f"/applications/{application.id}/learn"))

    assert task(task_list, "learn") == "Learn 1 file still needed In progress"
    assert "1 of 6 sections completed" in task_list
    assert ('<p class="notice__title">Still needed in this section</p>\n  <p class="still-needed">'
            '\n<span class="still-needed__item">1 file still needed</span></p>') in section
    assert ("No files yet: add at least one to complete this section."
            in answer_of(section, without_file))
    assert "No files yet" not in answer_of(section, with_file)
    # Submitting asks for the same thing, and nothing else about this section.
    assert [(item.criterion_id, item.field) for item in missing_items(application)
            if item.section == "learn"] == [(without_file.id, "evidence")]


def test_adding_the_last_file_completes_the_section(client):
    member, application = member_with_application(client)
    criteria = learn_criteria(application)
    fill_in(application, criteria, member)
    before = text(client.get(f"/applications/{application.id}"))

    for criterion in criteria:
        services.add_evidence(application, criterion, filename="record.pdf", data=PDF, by=member)

    after = text(client.get(f"/applications/{application.id}"))
    section = text(client.get(f"/applications/{application.id}/learn"))
    assert task(before, "learn") == "Learn 2 files still needed In progress"
    assert task(after, "learn") == "Learn Completed"
    assert "This section has everything it needs." in section
    assert "Still needed in this section" not in section


def test_the_task_list_counts_unfinished_answers_and_missing_files_before_anything_is_done(client):
    _, application = member_with_application(client)
    embed = [c for c in Criterion.in_use(application.stream) if c.principle == "embed"]
    share = [c for c in Criterion.in_use(application.stream) if c.principle == "share"]

    page = text(client.get(f"/applications/{application.id}"))

    assert task(page, "embed") == f"Embed {len(embed)} answers to finish Not started"
    assert task(page, "share") == (f"Share {len(share)} answers to finish "
                                   f"{sum(c.evidence_required for c in share)} file still needed "
                                   "Not started")


def test_each_criterion_says_up_front_whether_it_needs_evidence_and_of_what_kind(client):
    _, application = member_with_application(client)
    stream = application.stream
    hinted = make_criterion(stream, principle="embed", evidence_required=True,
                            evidence_hint={"en": "Minutes of a staff meeting",
                                           "ar": "محضر اجتماع للموظفين"})
    optional = make_criterion(stream, principle="embed", evidence_required=False)

    page = text(client.get(f"/applications/{application.id}/embed"))
    in_arabic = text(client.get(f"/applications/{application.id}/embed?lang=ar"))

    hinted_part, optional_part = answer_of(page, hinted), answer_of(page, optional)
    assert hinted_part.index("answer__evidence") < hinted_part.index("answer__guidance")
    assert ('<span class="tag">Evidence required</span> What to attach: \n'
            '<span lang="en">Minutes of a staff meeting</span></p>') in hinted_part
    assert '<span lang="ar">محضر اجتماع للموظفين</span>' in answer_of(in_arabic, hinted)
    assert 'class="tag tag--grey">Evidence optional</span>' in optional_part
    assert "What to attach" not in optional_part
