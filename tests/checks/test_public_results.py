"""The public results page and its CSV: aggregates of the latest closed campaign's accepted
reports only, no group under 5 reports shown as a number or a share (nor one that would give it
away), the Safe Surgeries tracker, and only the services a coordinator published, by name."""
import csv
import datetime
import io
import random
import re

import pytest

from sanctuary.checks import services
from sanctuary.checks.models import Publication, Question
from sanctuary.checks.queries.public import public_results, suppressed
from tests.factories import make_campaign, make_check, make_service
from tests.support.client import fresh, plain, text

D = datetime.date
FEWER = "Fewer than 5 reports"  # a whole campaign's figures
# Every hidden cell of a table, small or hidden beside a small one: the same words for both.
NOT_SHOWN = "Not shown, to protect the people who made the checks"
FAILS_ID = {"asked_id": "yes"}  # the one good practice it fails: every other answer is good
SPRING = D(2027, 3, 1), D(2027, 3, 31)


def half_up(part, whole):
    return f"{int(100 * part / whole + 0.5)}%"


def closed_campaign(checks, *, title="GP surgeries, spring", starts_on=SPRING[0],
                    ends_on=SPRING[1], before_open=None):
    """A campaign opened, given `checks` ([(service, answers, make_check keywords)]), closed."""
    campaign = make_campaign(title={"en": title}, starts_on=starts_on, ends_on=ends_on)
    if before_open:
        before_open(campaign)
    services.open_campaign(campaign, by=None)
    campaign = fresh(campaign)
    for service, answers, *extra in checks:
        make_check(campaign, service, answers, **(extra[0] if extra else {}))
    services.close_campaign(campaign, by=None)
    return fresh(campaign)


def surgeries(count, prefix, **fields):
    return [make_service(f"{prefix} {n}", **fields) for n in range(count)]


def table_rows(page, heading_id):
    """The rows of the table labelled by `heading_id`, each a list of its cells' texts."""
    table = page.split(f'aria-labelledby="{heading_id}"', 1)[1].split("</table>", 1)[0]
    return [[plain(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)]


def csv_rows(response):
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(text(response).lstrip("\ufeff"))))


# ---------------------------------------------------------------------------- suppressed

def test_suppressed_examples():
    assert [suppressed(dict(zip("abcd", sizes, strict=False))) for sizes in (
        (7, 6), (7, 6, 3), (4, 1, 9), (2, 2, 9, 10), (3, 8), (3,), ())] == [
        set(), {"b", "c"}, {"a", "b"}, {"a", "b", "c"}, {"a", "b"}, {"a"}, set()]


def test_suppressed_never_leaves_a_hidden_cell_to_be_worked_out():
    chance = random.Random(21)
    for _case in range(400):
        sizes = {f"g{n}": chance.choice([1, 2, 3, 4, 5, 6, 7, 9, 15, 30])
                 for n in range(chance.randint(1, 8))}
        hidden = suppressed(sizes)
        shown = {group: size for group, size in sizes.items() if group not in hidden}
        assert {g for g, size in sizes.items() if size < 5} <= hidden, sizes
        if not hidden:
            continue
        everything = hidden == set(sizes)
        assert len(hidden) >= 2 or everything, sizes
        assert sum(sizes[g] for g in hidden) >= 5 or everything, sizes
        # Total less the cells shown gives only the hidden cells' sum: with two or more of
        # them, each could hold at least two different numbers. (A total under 5 is not shown.)
        rest = sum(sizes.values()) - sum(shown.values())
        if len(hidden) >= 2 and sum(sizes.values()) >= 5:
            assert rest - (len(hidden) - 1) >= 2, sizes
        # The ones hidden beside the small ones are the next smallest.
        beside = [sizes[g] for g in hidden if sizes[g] >= 5]
        assert not beside or not shown or max(beside) <= min(shown.values()), sizes


# ---------------------------------------------------------------------------- the tables

@pytest.fixture
def wards_of_many_sizes(app):
    """Bellingham 7 reports (2 failing the ID question), Catford South 6, Downham 3; by kind
    14 GP surgery reports, 2 pharmacy reports."""
    bellingham = surgeries(7, "Bellingham Surgery", ward="Bellingham")
    catford = [*surgeries(4, "Catford Surgery", ward="Catford South"),
               *surgeries(2, "Catford Pharmacy", ward="Catford South", kind="pharmacy")]
    downham = surgeries(3, "Downham Surgery", ward="Downham")
    checks = [(s, FAILS_ID if n < 2 else None) for n, s in enumerate(bellingham)]
    checks += [(s, None) for s in catford + downham]
    return closed_campaign(checks)


def test_the_page_hides_groups_under_five_and_one_beside_them(client, wards_of_many_sizes):
    page = text(client.get("/checks/results"))

    # Downham (3) is small, Catford South (6) hidden beside it, and nothing tells which is which:
    # told apart, with the 16 reports shown, Downham would be 1 to 4 and Catford South 5 to 8.
    assert table_rows(page, "wards") == [["Bellingham", "7", half_up(5, 7)],
                                         ["Catford South", NOT_SHOWN],
                                         ["Downham", NOT_SHOWN]]
    # GP 14 and pharmacy 2: the pharmacy is hidden, and with it the only other group.
    assert table_rows(page, "kinds") == [["GP surgery", NOT_SHOWN], ["Pharmacy", NOT_SHOWN]]
    assert "Fewer than" not in plain(page)
    assert [row[-1] for row in table_rows(page, "practices")] == [
        half_up(14, 16), "100%", "100%", "100%", "100%"]
    assert "16 reports on 16 services." in plain(page)


def test_the_csv_hides_the_same_cells_with_words(client, wards_of_many_sizes):
    rows = csv_rows(client.get("/checks/results.csv"))

    assert rows[0] == ["Campaign", "Table", "Group", "Reports", "Share of reports that met it"]
    by_ward = [row[2:] for row in rows if row[1] == "Every good practice met, by ward"]
    by_kind = [row[2:] for row in rows if row[1] == "Every good practice met, by kind of service"]
    assert by_ward == [["Bellingham", "7", half_up(5, 7)],
                       ["Catford South", NOT_SHOWN, NOT_SHOWN],
                       ["Downham", NOT_SHOWN, NOT_SHOWN]]
    assert by_kind == [["GP surgery", NOT_SHOWN, NOT_SHOWN], ["Pharmacy", NOT_SHOWN, NOT_SHOWN]]
    practices = [row[2:] for row in rows if row[1] == "Good practice met"]
    assert practices[0] == ["Did staff ask you for photo ID?", "16", half_up(14, 16)]
    assert len(practices) == 5
    assert {row[0] for row in rows[1:]} == {"GP surgeries, spring"}


def test_one_small_kind_hides_the_next_smallest_only(client, app):
    checks = [(s, None) for s in surgeries(9, "Surgery")]
    checks += [(s, FAILS_ID) for s in surgeries(6, "Pharmacy", kind="pharmacy")]
    checks += [(s, None) for s in surgeries(2, "Library", kind="library")]
    closed_campaign(checks)

    page = text(client.get("/checks/results"))

    assert table_rows(page, "kinds") == [["GP surgery", "9", "100%"], ["Pharmacy", NOT_SHOWN],
                                         ["Library", NOT_SHOWN]]
    assert "9 of 9 GP surgeries checked" in plain(page)


def test_a_campaign_under_five_reports_shows_no_shares(client, app):
    closed_campaign([(s, None) for s in surgeries(4, "Surgery")])

    page, rows = text(client.get("/checks/results")), csv_rows(client.get("/checks/results.csv"))

    main = plain(page.split("<main", 1)[1].split("</main>", 1)[0])
    assert "%" not in main
    assert "Fewer than 5 reports were made, so no shares are shown." in main
    assert f"GP surgeries, spring {NOT_SHOWN}" in main  # the tracker
    assert [row[-1] for row in table_rows(page, "practices")] == [FEWER] * 5
    assert table_rows(page, "wards") == [["Bellingham", NOT_SHOWN]]
    assert all("%" not in cell for row in rows for cell in row)
    assert [row[3:] for row in rows[1:]] == [[FEWER, FEWER]] * 5 + [[NOT_SHOWN, NOT_SHOWN]] * 2


# ---------------------------------------------------------------------------- what is never shown

def test_only_published_services_are_named_with_no_checker_detail(client, app):
    named = make_service("Larkspur Lane Surgery")
    hidden = make_service("Quiet Hollow Surgery")
    others = surgeries(4, "Surgery")
    campaign = closed_campaign(
        [(named, {"asked_id": "yes", "paper_form": "not_sure"},
          {"alias": "Marigold Quill", "notes": "Receptionist Zebedee sighed",
           "visited_on": D(2027, 3, 17)}),
         (hidden, None, {"alias": "Juniper Vale", "visited_on": D(2027, 3, 23)}),
         *[(s, None) for s in others]])
    Publication.create(service=named, campaign=campaign)
    later = make_campaign(title={"en": "Still open"}, starts_on=D(2027, 5, 1),
                          ends_on=D(2027, 5, 31))
    services.open_campaign(later, by=None)
    make_check(fresh(later), hidden)
    Publication.create(service=hidden, campaign=later)  # published, but not in this campaign

    page = text(client.get("/checks/results"))
    csv_text = text(client.get("/checks/results.csv"))

    shown = plain(page)
    section = shown.split("Larkspur Lane Surgery ", 1)[1].split("How these results", 1)[0]
    assert section == ("GP surgery, Bellingham Did staff ask you for photo ID? Not met "
                       "Did staff ask you for proof of address? Met "
                       "Was a paper registration form available? Not known "
                       "Did staff offer or confirm an interpreter? Met "
                       "Did staff ask about your immigration status? Met ")
    for secret in ("Quiet Hollow", "Marigold", "Juniper", "Zebedee", "Still open", "17 March",
                   "23 March", "2027-03-17", "17/03/2027", "Sunflower"):
        assert secret not in page and secret not in csv_text, secret
    assert "Larkspur" not in csv_text
    assert "Checks made in March 2027." in shown


def test_open_campaigns_and_reports_not_accepted_do_not_count(client, app):
    checks = [(s, None) for s in surgeries(5, "Surgery")]
    checks += [(s, FAILS_ID, {"accepted": False}) for s in surgeries(3, "Unread Surgery")]
    closed_campaign(checks)
    # A later closed campaign whose reports nobody accepted, and a later open one.
    closed_campaign([(s, FAILS_ID, {"accepted": False}) for s in surgeries(6, "Later")],
                    title="Nothing accepted", starts_on=D(2027, 4, 1), ends_on=D(2027, 4, 30))
    still_open = make_campaign(title={"en": "Still open"}, starts_on=D(2027, 5, 1),
                               ends_on=D(2027, 5, 31))
    services.open_campaign(still_open, by=None)
    for service in surgeries(6, "Open Surgery"):
        make_check(fresh(still_open), service, FAILS_ID)

    page, results = plain(text(client.get("/checks/results"))), public_results()

    assert "5 reports on 5 services." in page
    assert "Nothing accepted" not in page and "Still open" not in page
    assert (results.reports, results.campaign.title) == (5, {"en": "GP surgeries, spring"})
    assert [share.percent for share in results.shares] == [100] * 5


def test_no_closed_campaign_yet_says_no_results_yet(client, app):
    campaign = services.open_campaign(make_campaign(), by=None)
    for service in surgeries(6, "Surgery"):
        make_check(fresh(campaign), service)

    page = plain(text(client.get("/checks/results")))
    rows = csv_rows(client.get("/checks/results.csv"))

    assert "No results yet" in page
    assert "%" not in page
    assert rows == [["Campaign", "Table", "Group", "Reports", "Share of reports that met it"]]


# ---------------------------------------------------------------------------- the tracker

def test_the_tracker_counts_surgeries_meeting_every_good_practice(client, app):
    autumn_checks = [(FAILS_ID if n < 3 else None) for n in range(5)]
    closed_campaign([(s, a) for s, a in zip(surgeries(5, "Autumn"), autumn_checks, strict=True)],
                    title="Autumn", starts_on=D(2026, 9, 1), ends_on=D(2026, 9, 30))
    spring = surgeries(6, "Spring")
    checks = [(spring[0], None, {"visited_on": D(2027, 3, 2)}),
              (spring[0], FAILS_ID, {"visited_on": D(2027, 3, 20)}),  # its latest check
              (spring[1], FAILS_ID, {"visited_on": D(2027, 3, 2)}),
              (spring[1], None, {"visited_on": D(2027, 3, 20)}),  # its latest check
              *[(s, {"asked_address": "yes"} if n == 0 else None)
                for n, s in enumerate(spring[2:])]]
    closed_campaign(checks)
    latest = {0: FAILS_ID, 1: None, 2: {"asked_address": "yes"}, 3: None, 4: None, 5: None}
    met_now = sum(1 for answers in latest.values() if not answers)
    met_before = sum(1 for answers in autumn_checks if not answers)

    page = plain(text(client.get("/checks/results")))

    assert (met_now, met_before) == (4, 2)
    assert "GP surgeries, spring 4 of 6 GP surgeries checked" in page
    assert "Autumn 2 of 5 GP surgeries checked" in page
    assert "2 more surgeries met every good practice than in the campaign before." in page
    assert "Not comparable" not in page


def test_the_tracker_is_not_comparable_when_the_scoring_differs(client, app):
    def stop_scoring_the_interpreter(campaign):
        interpreter = Question.get(campaign=campaign, key="interpreter")
        services.set_scored(interpreter, scored=False, by=None)

    closed_campaign([(s, None) for s in surgeries(5, "Autumn")], title="Autumn",
                    starts_on=D(2026, 9, 1), ends_on=D(2026, 9, 30),
                    before_open=stop_scoring_the_interpreter)
    closed_campaign([(s, FAILS_ID) for s in surgeries(5, "Spring")])

    page = plain(text(client.get("/checks/results")))

    assert "Autumn 5 of 5 GP surgeries checked" in page
    assert "GP surgeries, spring 0 of 5 GP surgeries checked" in page
    assert "Not comparable: the two campaigns scored their checks differently." in page
    assert "fewer surgeries" not in page


def test_the_tracker_hides_fewer_than_five_gp_reports_in_the_same_words(client, app):
    closed_campaign([(s, None) for s in surgeries(4, "Surgery")]
                    + [(s, None) for s in surgeries(6, "Pharmacy", kind="pharmacy")])

    page = plain(text(client.get("/checks/results")))

    assert f"GP surgeries, spring {NOT_SHOWN}" in page
    assert " of 4 GP" not in page


def test_the_tracker_keeps_hidden_the_earlier_campaigns_gp_row_hidden_beside_a_small_kind(
        client, app):
    closed_campaign([(s, None) for s in surgeries(6, "Autumn")]
                    + [(s, None) for s in surgeries(2, "Chemist", kind="pharmacy")],
                    title="Autumn", starts_on=D(2026, 9, 1), ends_on=D(2026, 9, 30))
    closed_campaign([(s, None) for s in surgeries(7, "Spring")])

    page = plain(text(client.get("/checks/results")))

    assert "GP surgeries, spring 7 of 7 GP surgeries checked" in page
    assert f"Autumn {NOT_SHOWN}" in page  # 6 of 6 would show the 2 pharmacy reports
    assert " of 6 GP" not in page
    assert "more surger" not in page


# ---------------------------------------------------------------------------- reaching it

def test_the_home_page_links_to_the_results_the_same_signed_in_or_out(client, staff,
                                                                       wards_of_many_sizes):
    home = text(client.get("/"))
    signed_out, signed_in = client.get("/checks/results"), staff.get("/checks/results")

    assert '<a href="/checks/results">Results of local checks</a>' in home
    assert signed_out.status_code == signed_in.status_code == 200
    assert table_rows(text(signed_out), "wards") == table_rows(text(signed_in), "wards")


def test_public_results_read_alike_on_every_database(any_app):
    closed_campaign([(s, FAILS_ID if n == 0 else None)
                     for n, s in enumerate(surgeries(6, "Surgery"))])

    results = public_results()

    assert (results.reports, results.services) == (6, 6)
    assert [share.percent for share in results.shares] == [83, 100, 100, 100, 100]
    assert [(c.key, c.reports, c.percent) for c in results.wards] == [("Bellingham", 6, 83)]
    assert (results.tracker.now.met, results.tracker.now.checked) == (5, 6)
