"""A checker saving their report at the moment a coordinator accepts it: the save waits for the
acceptance and is then refused, so nothing changes in a report once it counts in the results."""
import threading

import pytest

from sanctuary.checks import services
from sanctuary.checks.models import CheckBooking, CheckReport, ReportAnswer
from sanctuary.checks.services import reports, review
from sanctuary.core.db import db, utcnow
from tests.factories import make_campaign, make_check, make_service


def test_a_save_while_the_report_is_being_accepted_waits_and_is_refused(make_app,
                                                                         any_database_url):
    app = make_app(any_database_url)
    campaign = make_campaign()
    services.open_campaign(campaign, by=None)
    report = make_check(campaign, make_service("Larkspur Lane Surgery"), accepted=False)
    booking = CheckBooking.get_by_id(report.booking_id)
    answers_before = sorted(ReportAnswer.select(ReportAnswer.question, ReportAnswer.answer)
                            .where(ReportAnswer.report == report).tuples())
    locked, release = threading.Event(), threading.Event()

    def accept():  # as review.accept does, holding the row until told to commit
        with app.app_context():
            db.connect(reuse_if_open=True)
            try:
                with db.atomic():
                    review._locked_report(report.id)
                    CheckReport.update(reviewed_at=utcnow()).where(
                        CheckReport.id == report.id).execute()
                    locked.set()
                    release.wait(10)
            finally:
                db.close()

    accepting = threading.Thread(target=accept)
    accepting.start()
    assert locked.wait(10)
    threading.Timer(0.5, release.set).start()
    try:
        with pytest.raises(reports.ReportRefused):
            reports.save_report(booking, {"visited_on": campaign.starts_on, "channel": "phone",
                                          "outcome": "refused", "notes": "Changed my mind."},
                                {q: "not_sure" for q, _answer in answers_before})
    finally:
        release.set()
        accepting.join(10)

    kept = CheckReport.get_by_id(report.id)
    assert (kept.channel, kept.outcome, kept.notes) == ("in_person", "registered", "")
    assert sorted(ReportAnswer.select(ReportAnswer.question, ReportAnswer.answer)
                  .where(ReportAnswer.report == report).tuples()) == answers_before
