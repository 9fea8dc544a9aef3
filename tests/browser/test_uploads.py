"""Evidence uploads through a real browser and a real server."""
import http.client

from playwright.sync_api import expect

from tests.support import files
from tests.support.axe import axe_violations

EVIDENCE_PAGE = "/applications/1/criteria/1/evidence"


def test_a_pdf_is_uploaded_and_listed(staff_page, tmp_path):
    pdf = tmp_path / "Training record.pdf"
    pdf.write_bytes(files.PDF)
    staff_page.goto(EVIDENCE_PAGE)

    staff_page.get_by_label("Choose a file").set_input_files(str(pdf))
    staff_page.get_by_role("button", name="Upload").click()

    expect(staff_page.get_by_text("Training record.pdf has been added.")).to_be_visible()
    expect(staff_page.get_by_role("link", name="Training record.pdf")).to_be_visible()
    assert axe_violations(staff_page) == []


def test_an_exe_renamed_pdf_is_refused_with_a_message(staff_page, tmp_path, console):
    console.allow(r"status of 422")
    fake = tmp_path / "report.pdf"
    fake.write_bytes(files.EXE)
    staff_page.goto(EVIDENCE_PAGE)

    staff_page.get_by_label("Choose a file").set_input_files(str(fake))
    staff_page.get_by_role("button", name="Upload").click()

    expect(staff_page.get_by_role("link", name="This type of file cannot be used.",
                                  exact=False)).to_be_visible()
    assert axe_violations(staff_page) == []


def test_the_browser_warns_about_an_oversized_file_before_sending(staff_page, tmp_path):
    big = tmp_path / "big.pdf"
    big.write_bytes(files.large_pdf(11))
    staff_page.goto(EVIDENCE_PAGE)
    requests = []
    staff_page.on("request",
                  lambda request: request.method == "POST" and requests.append(request.url))

    staff_page.get_by_label("Choose a file").set_input_files(str(big))
    staff_page.get_by_role("button", name="Upload").click()

    expect(staff_page.locator("#file-error")).to_have_text(
        "The file is larger than 10 MB. Choose a smaller file.", use_inner_text=True)
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
