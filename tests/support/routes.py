"""The routes the walking checks visit, read from app.url_map so that no new route escapes them."""
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}

# Arguments for routes with variables; a route with variables that is missing here fails the walk.
SAMPLE_ARGS = {
    "accounts.use_link": {"token": "no-such-token"},
    "accounts.reset_password": {"token": "no-such-token"},
    "accounts.accept_invitation": {"token": "no-such-token"},
    "admin.retry": {"message_id": 1},
    "awards.join": {"token": "no-such-token"},
    # Organisation 1 exists in the browser tests' database, with their staff user as a member.
    "awards.organisation": {"organisation_id": 1},
    "awards.edit_organisation": {"organisation_id": 1},
    "awards.members": {"organisation_id": 1},
    "awards.remove_member": {"organisation_id": 1, "membership_id": 1},
    "awards.pledge": {"organisation_id": 1},
    "awards.new_criterion": {"stream_id": 1},
    "awards.edit_criterion": {"criterion_id": 1},
    "awards.change_criterion": {"criterion_id": 1, "action": "up"},
    "awards.start_application": {"organisation_id": 1},
    "awards.application": {"application_id": 1},
    "awards.section": {"application_id": 1, "principle": "learn"},
    "awards.save_answer": {"application_id": 1, "criterion_id": 1},
    "awards.evidence": {"application_id": 1, "criterion_id": 1},
    "awards.remove_evidence": {"evidence_id": 1},
    "awards.remove_recorded": {"record_id": 1},
    "awards.download_evidence": {"evidence_id": 1},
    "awards.preview_evidence": {"evidence_id": 1},
    "awards.check": {"application_id": 1},
    "awards.submit": {"application_id": 1},
    "awards.submitted": {"application_id": 2},
    "awards.withdraw": {"application_id": 2},
    "awards.review_application": {"application_id": 2},
    "awards.change_round": {"round_id": 1, "action": "open"},
    "panel.edit_reviewer": {"user_id": 1},  # the browser tests' staff user is a reviewer
    "panel.manage": {"application_id": 2},
    "panel.remove": {"application_id": 2, "reviewer_id": 1},
    "panel.review": {"application_id": 3},
    "panel.save_verdict": {"application_id": 3, "criterion_id": 1},
    "panel.save_overall": {"application_id": 3},
    "panel.reopen": {"application_id": 3},
    "panel.matrix": {"application_id": 3},
    "panel.agree": {"application_id": 3},
    "decisions.decide": {"application_id": 3},
    "decisions.preview": {"application_id": 3},
    "decisions.send": {"application_id": 3},
    "decisions.extend": {"application_id": 3},
    "decisions.send_back": {"application_id": 2},
    "awards.certificate": {"application_id": 2},
    "awards.logo": {"application_id": 2, "kind": "svg"},
    "awards.listing": {"application_id": 2},
    "awards.start_again": {"application_id": 2},
    "schools.booking": {"booking_id": 1},
    "schools.coordinate_booking": {"booking_id": 1},
    "schools.manage": {"token": "no-such-token"},
    "schools.manage_cancel": {"token": "no-such-token"},
    "schools.manage_change": {"token": "no-such-token"},
    "schools.manage_offer": {"token": "no-such-token"},
    "schools.speaking": {"token": "no-such-token"},
    "schools.speaking_accept": {"token": "no-such-token"},
    "schools.speaking_decline": {"token": "no-such-token"},
    "schools.speaking_withdraw": {"token": "no-such-token"},
    "schools.speaking_remove": {"token": "no-such-token"},
    "schools.speaking_erase": {"token": "no-such-token"},
    "schools.answer_offer": {"booking_id": 1},
    "schools.answer_waiting": {"booking_id": 1},
    "schools.manage_waiting": {"token": "no-such-token"},
    "schools.booking_ics": {"booking_id": 1},
    "schools.cancel": {"booking_id": 1},
    # Booking 3 (the browser tests' delivered staff training): its school's own pages.
    "schools.use_as_evidence": {"booking_id": 3},
    "schools.ask_change": {"booking_id": 1},
    "schools.confirm_booking": {"booking_id": 1},
    "schools.offer_booking": {"booking_id": 1},
    "schools.decline_booking": {"booking_id": 1},
    "schools.cancel_booking": {"booking_id": 1},
    "schools.deliver_booking": {"booking_id": 1},
    "schools.edit_slot": {"slot_id": 1},
    "schools.withdraw_slot": {"slot_id": 1},
    "schools.unblock": {"period_id": 1},
    "schools.feedback": {"booking_id": 3},
    "schools.remove_term": {"term_id": 1},
    "checks.campaign": {"campaign_id": 1},
    "checks.edit_campaign": {"campaign_id": 1},
    "checks.move_campaign": {"campaign_id": 1, "move": "open"},
    "checks.change_code": {"campaign_id": 1},
    "checks.add_question": {"campaign_id": 1},
    "checks.reword_question": {"question_id": 1},
    "checks.change_question": {"question_id": 1, "action": "up"},
    "schools.speaker": {"speaker_id": 1},
    "schools.edit_speaker": {"speaker_id": 1},
    "schools.record_speaker_consent": {"speaker_id": 1},
    "schools.withdraw_speaker_consent": {"speaker_id": 1},
    "schools.remove_speaker": {"speaker_id": 1},
    "schools.invite_speaker": {"booking_id": 2},  # booking 2 is confirmed
    "schools.call_off_speaker": {"booking_id": 1, "assignment_id": 1},
    "schools.record_speaker_yes": {"booking_id": 1, "assignment_id": 1},
    "checks.edit_service": {"service_id": 1},
    "checks.retire_service": {"service_id": 1},
    "checks.restore_service": {"service_id": 1},
    "checks.import_services_preview": {"pending_id": 1},
    "checks.slots": {"campaign_id": 1},
    "checks.slots_csv": {"campaign_id": 1},
    "checks.campaign_results": {"campaign_id": 2},
    "checks.campaign_results_csv": {"campaign_id": 2},
    "checks.slot": {"slot_id": 1},
    "checks.withdraw_slot": {"slot_id": 1},
    "checks.booking": {"booking_id": 1},
    "checks.enter_report": {"booking_id": 1},
    "checks.release_booking": {"booking_id": 1},
    "checks.service_results": {"service_id": 1},
    "checks.record_follow_up": {"service_id": 1},
    "checks.publish_result": {"service_id": 1, "campaign_id": 2, "action": "publish"},
    "checks.service_letter": {"service_id": 1, "campaign_id": 2},
    "checks.query_report": {"booking_id": 1},
    "checks.accept_report": {"booking_id": 1},
}

# Pages only a school's own people see (coordinators are refused): walked as a school member.
SCHOOL_ONLY_ENDPOINTS = {"schools.feedback", "schools.use_as_evidence"}

# GET routes that answer something other than an HTML page, and why.
NOT_PAGES = {
    "static": "files",
    "pages.healthz": "JSON for monitoring",
    "awards.download_evidence": "files",
    "awards.preview_evidence": "files",
    "panel.export_applications": "CSV",
    "panel.export_reviews": "CSV",
    "awards.certificate": "PDF",
    "awards.logo": "SVG and PNG",
    "schools.booking_ics": "iCalendar",
    "schools.export": "CSV",
    "schools.report_export": "CSV",
    "checks.slots_csv": "CSV",
    "checks.service_letter": "PDF",
    "checks.campaign_results_csv": "CSV",
    "checks.public_results_csv": "CSV",
}

# Endpoints anyone may use without signing in. Every other endpoint must refuse anonymous visitors.
PUBLIC_ENDPOINTS = {
    "static",
    "pages.home",
    "pages.privacy",
    "pages.healthz",
    "dev.outbox",  # development only: the route does not exist in production
    "dev.clear_outbox",
    "accounts.sign_in",
    "accounts.check_email",
    "accounts.use_link",
    "accounts.sign_out",
    "accounts.staff_sign_in",
    "accounts.request_reset",
    "accounts.reset_sent",
    "accounts.reset_password",
    "accounts.accept_invitation",
    "awards.join",
    "awards.supporters",
    "awards.award_criteria",
    "awards.holders",
    "schools.availability",
    "schools.manage",
    "schools.manage_cancel",  # the manage link is the permission
    "schools.manage_change",
    "schools.manage_offer",
    "schools.manage_waiting",
    "schools.speaking",  # the speaker's link is the permission
    "schools.speaking_accept",
    "schools.speaking_decline",
    "schools.speaking_withdraw",
    "schools.speaking_remove",
    "schools.speaking_erase",
    "checks.resident_start",  # the campaign code, then the reference, is the permission
    "checks.resident_book",
    "checks.resident_booked",
    "checks.resident_return",
    "checks.resident_check",
    "checks.resident_cancel",
    "checks.resident_report",
    "checks.resident_lost",
    "checks.resident_leave",
    "checks.public_results",  # aggregates only, small groups hidden
    "checks.public_results_csv",
    "checks.resident_answer",
}


def _url(app, rule):
    missing = [arg for arg in rule.arguments if arg not in SAMPLE_ARGS.get(rule.endpoint, {})]
    if missing:
        raise AssertionError(f"Add sample arguments for {rule.endpoint} {missing} to SAMPLE_ARGS")
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **SAMPLE_ARGS.get(rule.endpoint, {}))


def rules(app, methods):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.methods & methods),
        key=lambda rule: rule.rule,
    )


def page_urls(app):
    """(endpoint, url) of every HTML page a GET reaches."""
    return [(rule.endpoint, _url(app, rule)) for rule in rules(app, {"GET"})
            if rule.endpoint not in NOT_PAGES]


def get_urls(app):
    return [(rule.endpoint, _url(app, rule)) for rule in rules(app, {"GET"})
            if rule.endpoint != "static"]


def state_changing_routes(app):
    """(endpoint, method, url) of every route that changes something."""
    return [(rule.endpoint, method, _url(app, rule))
            for rule in rules(app, STATE_CHANGING)
            for method in sorted(rule.methods & STATE_CHANGING)]


def private_routes(app):
    return [(rule.endpoint, method, _url(app, rule))
            for rule in rules(app, {"GET"} | STATE_CHANGING)
            if rule.endpoint not in PUBLIC_ENDPOINTS
            for method in sorted(rule.methods & ({"GET"} | STATE_CHANGING))]
