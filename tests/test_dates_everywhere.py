"""No page, email or fragment of the demo writes a date the US way or the ISO way: every date is
Babel's, in London time and the reader's language (ISO stays only in CSV, for machines)."""
import html
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from sanctuary.accounts.models import User
from tests.support.client import sign_in
from tests.support.mail import delivered_mail

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
NOT_OURS = {
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    # Babel's Arabic puts a right-to-left mark after each number ("01\u200f/12\u200f/2026").
    "numbers and slashes": re.compile(r"\b\d{1,2}\u200f?/\d{1,2}\u200f?/\d{2,4}\b"),
    "month first": re.compile(rf"\b(?:{MONTHS})\.? \d{{1,2}}, \d{{4}}\b"),
    "12-hour clock": re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s?[AP]M\b"),
}
# Where the crawl does not go: files and exports (CSV keeps ISO dates, for machines), signing
# out, other languages' copies of the same pages, and the agenda's other weeks (each links to
# the next, for ever).
SKIP = re.compile(r"\.(csv|pdf|svg|png)$|/evidence/\d+($|/)|/static/|/sign-out|[?&]lang="
                  r"|/agenda\?week=")


def visible_text(page):
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<title>.*?</title>", " ", page, flags=re.S) + " " + " ".join(
        re.findall(r"<title>(.*?)</title>", page, flags=re.S))
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def problems_in(where, words):
    return [f"{where}: {kind} {found!r}" for kind, pattern in NOT_OURS.items()
            for found in pattern.findall(words)]


def crawl(client, start, skip=()):
    """Every page a signed-in person reaches by following links from `start`, but those in
    `skip`: {path: visible text}."""
    seen, pages, queue = set(start) | set(skip), {}, deque(start)
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        pages[path] = visible_text(page)
        for link in re.findall(r'href="([^"#]+)', page):
            parts = urlsplit(urljoin(path, html.unescape(link)))
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc or target in seen or SKIP.search(target):
                continue
            seen.add(target)
            queue.append(target)
    return pages


@pytest.fixture
def demo(make_demo_app):
    return make_demo_app()


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_no_page_of_the_demo_writes_a_date_in_us_or_iso_form(demo, language):
    found, walked = [], 0
    for index, person in enumerate(list(User.select().order_by(User.id))):
        client = demo.test_client()
        sign_in(client, person)
        client.get(f"/?lang={language}")  # remembered in a cookie for every page after
        assert f'<html lang="{language}"' in client.get("/dashboard").get_data(as_text=True)
        # The development outbox lists every email, the same for everyone: the first person
        # walks it (and the links in its emails); it was a fifth of the walk's time.
        outbox = ["/dev/outbox"]
        pages = crawl(client, ["/", "/dashboard"] + (outbox if index == 0 else []),
                      skip=outbox if index else [])
        walked += len(pages)
        for path, words in pages.items():
            found += problems_in(f"{person.email} {path}", words)

    assert found == []
    assert walked > 60  # the crawl reached the demo's pages, not only the home page


def test_no_email_of_the_demo_writes_a_date_in_us_or_iso_form(demo):
    messages = delivered_mail(demo)
    found = [problem for message in messages
             for problem in problems_in(message["Subject"], " ".join(
                 [message["Subject"], message.get_body(("plain",)).get_content(),
                  visible_text(message.get_body(("html",)).get_content())]))]

    assert found == []
    assert len(messages) > 5
