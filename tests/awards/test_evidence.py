import io

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from sanctuary.accounts.models import Role
from sanctuary.awards import services
from sanctuary.awards.models import Answer, Criterion, Evidence, Membership
from tests.factories import make_membership, make_organisation, make_user
from tests.support import files
from tests.support.client import csrf_token, sign_in, text


def setup_application(client=None):
    member = make_user()
    organisation = make_organisation(member=member, kind="business")
    application = services.start_application(organisation, by=member)
    criterion = Criterion.in_use(application.stream)[0]
    if client is not None:
        sign_in(client, member)
    return member, application, criterion


def upload(client, application, criterion, data, name):
    url = f"/applications/{application.id}/criteria/{criterion.id}/evidence"
    # Encoded here, in memory: the test client would spool a large body to a file it never closes.
    stream, _, boundary = stream_encode_multipart(
        {"csrf_token": csrf_token(client, url), "file": FileStorage(io.BytesIO(data), name)},
        use_tempfile=False)
    return client.post(url, data=stream.read(),
                       content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize(("data", "name", "stored_as"), [
    (files.PDF, "policy.pdf", "policy.pdf"),
    (files.docx(), "Training record.docx", "Training record.docx"),
    (files.odt(), "minutes.odt", "minutes.odt"),
    (files.xlsx(), "attendance.xlsx", "attendance.xlsx"),
    (files.ods(), "attendance.ods", "attendance.ods"),
    (files.png(), "event.png", "event.png"),
    (files.PDF, "misnamed.docx", "misnamed.pdf"),  # the content decides, not the name
])
def test_accepted_files_are_kept(client, data, name, stored_as):
    _, application, criterion = setup_application(client)

    response = upload(client, application, criterion, data, name)

    assert response.status_code == 302
    item = Evidence.get()
    assert (item.filename, item.size) == (stored_as, len(data))


@pytest.mark.parametrize(("language", "size", "hint"), [
    ("en", "(1 kB)", "up to 10 MB."),
    ("ar", "(1 كيلوبايت)", "10 م.ب"),
    ("uk", "(1 кБ)", "10 МБ"),
])
def test_file_sizes_are_written_in_the_readers_language(client, language, size, hint):
    member, application, criterion = setup_application(client)
    services.add_evidence(application, criterion, filename="policy.pdf", data=files.PDF,
                          by=member)

    page = text(client.get(f"/applications/{application.id}/criteria/{criterion.id}/evidence"
                           f"?lang={language}"))

    assert f'><bdi>policy.pdf</bdi></a>\n    <span class="evidence-files__size">{size}</span>' \
        in page
    assert hint in page  # the limit, from the configuration, in the same units


@pytest.mark.parametrize(("data", "name", "message"), [
    (files.EXE, "report.pdf", "This type of file cannot be used."),
    (files.plain_zip(), "report.docx", "This type of file cannot be used."),
    (files.large_pdf(11), "big.pdf", "The file is larger than 10 MB."),
], ids=["exe-as-pdf", "zip-as-docx", "11-mb"])
def test_refused_files_get_a_clear_message_and_answers_are_kept(client, data, name, message):
    member, application, criterion = setup_application(client)
    services.save_answer(application, criterion, doing_now="Typed earlier", next_steps="",
                         target_date=None, version=0, by=member)

    response = upload(client, application, criterion, data, name)

    assert response.status_code == 422
    assert message in text(response)
    assert '<a href="#file">' in text(response)
    assert Evidence.select().count() == 0
    assert Answer.get().doing_now == "Typed earlier"


def test_an_application_has_a_total_limit(make_app, sqlite_url):
    app = make_app(sqlite_url, MAX_APPLICATION_FILES_BYTES=len(files.PDF) * 2)
    client = app.test_client()
    _, application, criterion = setup_application(client)

    upload(client, application, criterion, files.PDF, "one.pdf")
    upload(client, application, criterion, files.PDF, "two.pdf")
    refused = upload(client, application, criterion, files.PDF, "three.pdf")

    assert refused.status_code == 422
    assert "Remove a file, or use a smaller one." in text(refused)
    assert Evidence.select().count() == 2


def test_a_request_over_the_limit_gets_a_clear_page(make_app, sqlite_url):
    app = make_app(sqlite_url, MAX_CONTENT_LENGTH=1024 * 1024)
    client = app.test_client()
    _, application, criterion = setup_application(client)

    response = upload(client, application, criterion, files.large_pdf(2), "huge.pdf")

    assert response.status_code == 413
    assert "<h1>The file is too large</h1>" in text(response)


def test_files_download_as_attachments_for_members_and_coordinators(app):
    member, application, criterion = setup_application()
    item = services.add_evidence(application, criterion, filename="policy.pdf", data=files.PDF,
                                 by=member)
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)

    for user in (member, coordinator):
        client = app.test_client()
        sign_in(client, user)
        response = client.get(f"/evidence/{item.id}")
        assert response.status_code == 200
        assert response.data == files.PDF
        assert response.headers["Content-Disposition"] == "attachment; filename=policy.pdf"
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"


def test_others_cannot_download_evidence(app):
    member, application, criterion = setup_application()
    item = services.add_evidence(application, criterion, filename="policy.pdf", data=files.PDF,
                                 by=member)
    other_org_member = make_user()
    make_organisation(member=other_org_member)
    removed = make_user()
    make_membership(application.organisation, removed)
    removed_client = app.test_client()
    sign_in(removed_client, removed)
    assert removed_client.get(f"/evidence/{item.id}").status_code == 200
    services.remove_member(Membership.get(Membership.user == removed), by=member)

    outsider = app.test_client()
    sign_in(outsider, other_org_member)
    reviewer = app.test_client()
    sign_in(reviewer, make_user(roles=[Role.REVIEWER], password="r" * 12))

    assert outsider.get(f"/evidence/{item.id}").status_code == 403
    assert removed_client.get(f"/evidence/{item.id}").status_code == 403
    assert removed_client.get(f"/applications/{application.id}").status_code == 403
    assert reviewer.get(f"/evidence/{item.id}").status_code == 403  # until assigned (panel issue)
    assert app.test_client().get(f"/evidence/{item.id}").status_code == 302
    assert outsider.get(f"/applications/{application.id}").status_code == 403


def test_images_have_an_inline_preview_and_documents_do_not(client):
    member, application, criterion = setup_application(client)
    image = services.add_evidence(application, criterion, filename="event.png",
                                  data=files.png(), by=member)
    pdf = services.add_evidence(application, criterion, filename="p.pdf", data=files.PDF,
                                by=member)

    preview = client.get(f"/evidence/{image.id}/preview")

    assert preview.status_code == 200
    assert "attachment" not in preview.headers.get("Content-Disposition", "")
    assert client.get(f"/evidence/{pdf.id}/preview").status_code == 404


def test_a_member_removes_a_file(client):
    member, application, criterion = setup_application(client)
    item = services.add_evidence(application, criterion, filename="p.pdf", data=files.PDF,
                                 by=member)
    url = f"/applications/{application.id}/criteria/{criterion.id}/evidence"

    client.post(f"/evidence/{item.id}/remove", data={"csrf_token": csrf_token(client, url)})

    assert Evidence.select().count() == 0


def test_save_and_add_evidence_saves_answers_first(client):
    _, application, _ = setup_application(client)
    learn = [c for c in Criterion.in_use(application.stream) if c.principle == "learn"]
    url = f"/applications/{application.id}/learn"
    data = {"csrf_token": csrf_token(client, url), "evidence": str(learn[0].id),
            f"a{learn[0].id}-doing_now": "Saved on the way", f"a{learn[0].id}-version": "0"}

    response = client.post(url, data=data)

    assert response.headers["Location"] == (
        f"/applications/{application.id}/criteria/{learn[0].id}/evidence")
    assert Answer.get().doing_now == "Saved on the way"
