"""What a visit costs, measured in a browser whose cache works as a person's does: the bytes and
requests of a first visit, and a repeat visit that asks for no static file."""
import pytest

FIRST_VISIT_BYTES = 35_000  # 35 KB, as the README says
FIRST_VISIT_REQUESTS = 5


def visit(page, live_server, path):
    """Open `path` and let everything it loads arrive. Returns the requests the browser finished
    and those the server answered (method, path, status, body bytes)."""
    finished = []

    def record(request):
        finished.append(request)

    answered_before = len(live_server.requests())
    page.on("requestfinished", record)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", record)
    return finished, live_server.requests()[answered_before:]


def transferred(requests):
    """Bytes received: each response's headers and its body as sent (compressed)."""
    return sum(sizes["responseHeadersSize"] + sizes["responseBodySize"]
               for sizes in (request.sizes() for request in requests))


@pytest.mark.parametrize("path", ["/", "/sign-in"])
def test_a_first_visit_is_at_most_35_kb_in_at_most_5_requests(visitor_page, live_server, path):
    page = visitor_page()
    finished, answered = visit(page, live_server, path)

    assert answered[0][:3] == ("GET", path, 200)
    assert len(answered) <= FIRST_VISIT_REQUESTS, answered
    assert len(finished) <= FIRST_VISIT_REQUESTS
    assert transferred(finished) <= FIRST_VISIT_BYTES, [
        (request.url, request.sizes()) for request in finished]
    assert {request.url: request.response().headers.get("content-encoding")
            for request in finished if request.resource_type != "image"} == {
        request.url: "br" for request in finished if request.resource_type != "image"}
    # htmx took its settings from app.js, which pages no longer repeat in a meta tag.
    assert page.evaluate("""[htmx.config.includeIndicatorStyles, htmx.config.historyCacheSize,
                             htmx.config.allowEval, htmx.config.allowScriptTags,
                             htmx.config.selfRequestsOnly]""") == [False, 0, False, False, True]


def test_a_repeat_visit_asks_for_no_static_file(visitor_page, live_server, staff_state):
    for state, (first, *later) in ((None, ["/", "/sign-in", "/award-criteria", "/"]),
                                   (staff_state, ["/dashboard", "/account", "/dashboard"])):
        page = visitor_page(storage_state=state)
        _, answered = visit(page, live_server, first)
        assert [url for _, url, _, _ in answered if url.startswith("/static/")] != []

        for path in later:
            _, answered = visit(page, live_server, path)
            assert [(method, url, status) for method, url, status, _ in answered] == [
                ("GET", path, 200)], state is not None
