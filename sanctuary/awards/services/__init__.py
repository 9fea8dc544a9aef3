"""Every write on the award side, one module per topic: organisations (members, the pledge),
criteria (and rounds, the pledge's wording), applications (answers, evidence), submission (states),
award (granting, the directory, renewing) and recorded (evidence other features vouch for).
Import them from here."""
from .applications import (
    add_evidence,
    remove_evidence,
    save_answer,
    start_application,
)
from .award import (
    AWARD_YEARS,
    REMINDER_DAYS,
    RenewalRefused,
    claim_as_renewal,
    grant_award,
    reminders_for,
    send_renewal_reminders,
    set_listed,
    start_again,
    years_later,
)
from .criteria import (
    assign_stream,
    move_criterion,
    open_round,
    plan_round,
    restore_criterion,
    retire_criterion,
    save_criterion,
    set_pledge_text,
    set_round_open,
)
from .organisations import (
    MEMBER_INVITATION_LIFETIME,
    ORGANISATION_FIELDS,
    accept_member_invitation,
    create_organisation,
    invite_member,
    remove_member,
    sign_pledge,
    update_organisation,
)
from .recorded import (
    RecordedRefused,
    attach_recorded,
    can_remove_recorded,
    remove_recorded,
    tagged_criteria,
)
from .submission import (
    SubmissionRefused,
    change_state,
    return_to_review,
    start_next_review_round,
    start_review,
    submit_application,
    withdraw_application,
)

__all__ = [
    "AWARD_YEARS", "MEMBER_INVITATION_LIFETIME", "ORGANISATION_FIELDS", "REMINDER_DAYS",
    "RecordedRefused", "RenewalRefused", "SubmissionRefused",
    "accept_member_invitation", "add_evidence", "assign_stream", "attach_recorded",
    "can_remove_recorded", "change_state", "claim_as_renewal", "create_organisation",
    "grant_award", "invite_member", "move_criterion", "open_round", "plan_round",
    "reminders_for", "remove_evidence", "remove_member", "remove_recorded",
    "restore_criterion", "retire_criterion", "return_to_review", "save_answer", "save_criterion",
    "send_renewal_reminders", "set_listed", "set_pledge_text", "set_round_open", "sign_pledge",
    "start_again", "start_application", "start_next_review_round", "start_review",
    "submit_application", "tagged_criteria", "update_organisation", "withdraw_application",
    "years_later",
]
