"""Evidence uploads through a real browser and a real server."""
import http.client

from tests.support import files
from tests.support.axe import axe_violations
from tests.support.live import sign_in_as_staff

EVIDENCE_PAGE = "/applications/1/criteria/1/evidence"


def test_a_pdf_is_uploaded_and_listed(page, tmp_path):
    pdf = tmp_path / "Training record.pdf"
    pdf.write_bytes(files.PDF)
    sign_in_as_staff(page)
    page.goto(EVIDENCE_PAGE)

    page.get_by_label("Choose a file").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload").click()

    assert page.get_by_text("Training record.pdf has been added.").is_visible()
    assert page.get_by_role("link", name="Training record.pdf").is_visible()
    assert axe_violations(page) == []


def test_an_exe_renamed_pdf_is_refused_with_a_message(page, tmp_path, console):
    console.allow(r"status of 422")
    fake = tmp_path / "report.pdf"
    fake.write_bytes(files.EXE)
    sign_in_as_staff(page)
    page.goto(EVIDENCE_PAGE)

    page.get_by_label("Choose a file").set_input_files(str(fake))
    page.get_by_role("button", name="Upload").click()

    assert page.get_by_role("link", name="This type of file cannot be used.", exact=False).is_visible()
    assert axe_violations(page) == []


def test_the_browser_warns_about_an_oversized_file_before_sending(page, tmp_path):
    big = tmp_path / "big.pdf"
    big.write_bytes(files.large_pdf(11))
    sign_in_as_staff(page)
    page.goto(EVIDENCE_PAGE)
    requests = []
    page.on("request", lambda request: request.method == "POST" and requests.append(request.url))

    page.get_by_label("Choose a file").set_input_files(str(big))
    page.get_by_role("button", name="Upload").click()

    assert page.locator("#file-error").inner_text() == "The file is larger than 10 MB. Choose a smaller file."
    assert requests == []


def test_a_request_over_the_server_limit_gets_a_page_not_a_reset(live_server):
    body = b"x" * (26 * 1024 * 1024)  # over MAX_REQUEST_MB (25)
    connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=30)
    connection.request("POST", EVIDENCE_PAGE, body=body,
                       headers={"Content-Type": "multipart/form-data; boundary=x"})

    response = connection.getresponse()

    assert response.status == 413
    assert "The file is too large" in response.read().decode()
    connection.close()
