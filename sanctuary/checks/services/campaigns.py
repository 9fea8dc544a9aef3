"""Campaigns of checks: created with the default questions, edited, opened and closed, their
code changed; their questions added, reworded (a new version), moved, retired; and scoring."""
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError, fn

from ...core import audit
from ...core.db import db, utcnow
from ...core.references import CodeTypo, InvalidCode, new_code, parse_code
from ..models import (
    CAMPAIGN_TRANSITIONS,
    Answer,
    Campaign,
    CampaignEvent,
    CampaignState,
    Question,
    QuestionWording,
    ScoringRule,  # noqa: F401 - for the services package
    same_scoring,  # noqa: F401
    score,  # noqa: F401
    scoring_rule,
)

# The Safe Surgeries questions every new campaign starts with: (key, good answer, wordings).
# Question wordings are data (coordinators reword them), so their translations are stored here.
DEFAULT_QUESTIONS = (
    ("asked_id", Answer.NO, {
        "en": "Did staff ask you for photo ID?",
        "ar": "هل طلب منك الموظفون هوية تحمل صورة؟",
        "uk": "Чи просили вас працівники показати документ із фото?"}),
    ("asked_address", Answer.NO, {
        "en": "Did staff ask you for proof of address?",
        "ar": "هل طلب منك الموظفون إثباتًا للعنوان؟",
        "uk": "Чи просили вас працівники підтвердити адресу?"}),
    ("paper_form", Answer.YES, {
        "en": "Was a paper registration form available?",
        "ar": "هل كانت استمارة التسجيل الورقية متاحة؟",
        "uk": "Чи була паперова реєстраційна форма?"}),
    ("interpreter", Answer.YES, {
        "en": "Did staff offer or confirm an interpreter?",
        "ar": "هل عرض الموظفون مترجمًا فوريًا أو أكدوا توفره؟",
        "uk": "Чи запропонували або підтвердили працівники послуги перекладача?"}),
    ("asked_status", Answer.NO, {
        "en": "Did staff ask about your immigration status?",
        "ar": "هل سألك الموظفون عن وضعك كمهاجر؟",
        "uk": "Чи питали вас працівники про ваш імміграційний статус?"}),
    ("poster", None, {
        "en": "Was the Safe Surgeries poster on display?",
        "ar": "هل كان ملصق «العيادات الآمنة» معروضًا؟",
        "uk": "Чи був вивішений плакат Safe Surgeries?"}),
)


class CampaignRefused(Exception):
    """The change cannot be made; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


SCORING_FIXED = _l("The scoring is fixed once the campaign is open, so that every check in it is "
                   "scored the same way.")


# ---------------------------------------------------------------------------- campaigns

def _fresh_code():
    code = new_code()
    while Campaign.select().where(Campaign.code == code).exists():
        code = new_code()
    return code


def create_campaign(*, title, starts_on, ends_on, briefing, script, by):
    """A draft campaign with a fresh code and the default questions, each scoring its good
    answer (the poster is recorded, not scored)."""
    for _attempt in range(5):
        try:
            with db.atomic():
                campaign = Campaign.create(
                    title=title, starts_on=starts_on, ends_on=ends_on, briefing=briefing,
                    script=script, code=_fresh_code(), created_by=by,
                    scoring={"points": [[key, str(good)] for key, good, _w in DEFAULT_QUESTIONS
                                        if good is not None]})
                for position, (key, good, wording) in enumerate(DEFAULT_QUESTIONS):
                    question = Question.create(campaign=campaign, key=key, position=position,
                                               good=str(good) if good else None)
                    QuestionWording.create(question=question, version=1, text=wording,
                                           written_by=by)
                CAMPAIGN_TRANSITIONS.record_start(campaign, by=by)
            return campaign
        except IntegrityError:  # another campaign took the code meanwhile: draw again
            continue
    raise RuntimeError("no free campaign code")


def edit_campaign(campaign, *, title, starts_on, ends_on, briefing, script, by):
    with db.atomic():
        Campaign.update(title=title, starts_on=starts_on, ends_on=ends_on, briefing=briefing,
                        script=script).where(Campaign.id == campaign.id).execute()
        audit.record(CampaignEvent.EDITED, campaign, by=by)
    campaign.title, campaign.starts_on, campaign.ends_on = title, starts_on, ends_on
    campaign.briefing, campaign.script = briefing, script
    return campaign


def open_campaign(campaign, *, by):
    return CAMPAIGN_TRANSITIONS.move(campaign, "open", by=by)


def close_campaign(campaign, *, by):
    """Close it: no more bookings or reports; checkers' contact details go 30 days later."""
    return CAMPAIGN_TRANSITIONS.move(campaign, "close", by=by, also={"closed_at": utcnow()})


def reopen_campaign(campaign, *, by):
    return CAMPAIGN_TRANSITIONS.move(campaign, "reopen", by=by, also={"closed_at": None})


def change_code(campaign, *, by):
    """A new code: the old one stops finding the campaign at once."""
    for _attempt in range(5):
        try:
            with db.atomic():
                old, code = campaign.code, _fresh_code()
                Campaign.update(code=code, code_changed_at=utcnow()).where(
                    Campaign.id == campaign.id).execute()
                audit.record(CampaignEvent.CODE_CHANGED, campaign, by=by)
            campaign.code = code
            return campaign
        except IntegrityError:
            campaign.code = old
    raise RuntimeError("no free campaign code")


def find_campaign(typed):
    """(campaign, problem) for a campaign code someone typed: the open campaign, or None and
    "typo" (the code fails its check character) or "not found" (anything else: an old code, a
    closed campaign, no code at all)."""
    try:
        code = parse_code(typed or "")
    except CodeTypo:
        return None, "typo"
    except InvalidCode:
        return None, "not found"
    campaign = Campaign.get_or_none((Campaign.code == code)
                                    & (Campaign.state == CampaignState.OPEN))
    return (campaign, None) if campaign is not None else (None, "not found")


def campaign_for_code(typed):
    """The open campaign whose code was typed, or None (a typo, an old code, not open)."""
    try:
        code = parse_code(typed or "")
    except InvalidCode:
        return None
    return Campaign.get_or_none((Campaign.code == code) & (Campaign.state == CampaignState.OPEN))


# ---------------------------------------------------------------------------- questions

def current_wording(question):
    return (QuestionWording.select().where(QuestionWording.question == question)
            .order_by(QuestionWording.version.desc()).first())


def _set_points(campaign, points):
    campaign.scoring = {"points": [list(point) for point in points]}
    Campaign.update(scoring=campaign.scoring).where(Campaign.id == campaign.id).execute()


def add_question(campaign, *, texts, good, scored, by):
    """A question at the end; it counts towards the score only if asked while the campaign is a
    draft (the rule is fixed once open)."""
    if scored and campaign.state != CampaignState.DRAFT:
        raise CampaignRefused(SCORING_FIXED)
    if scored and not good:
        raise CampaignRefused(_l("A question that counts towards the score needs a good answer."))
    with db.atomic():
        last = (Question.select(fn.MAX(Question.position))
                .where(Question.campaign == campaign).scalar())
        question = Question.create(campaign=campaign, key=f"new-{new_code()}",
                                   position=(last if last is not None else -1) + 1,
                                   good=good or None)
        question.key = f"q{question.id}"
        Question.update(key=question.key).where(Question.id == question.id).execute()
        QuestionWording.create(question=question, version=1, text=texts, written_by=by)
        if scored:
            _set_points(campaign, [*scoring_rule(campaign).points, (question.key, good)])
        audit.record(CampaignEvent.QUESTION_ADDED, campaign, by=by, detail={"key": question.key})
    return question


def reword_question(question, *, texts, by):
    """The next version of the wording; earlier versions stay as they were written."""
    with db.atomic():
        last = (QuestionWording.select(fn.MAX(QuestionWording.version))
                .where(QuestionWording.question == question).scalar()) or 0
        wording = QuestionWording.create(question=question, version=last + 1, text=texts,
                                         written_by=by)
        audit.record(CampaignEvent.QUESTION_REWORDED, question.campaign, by=by,
                     detail={"key": question.key, "version": wording.version})
    return wording


def move_question(question, *, up):
    """Swap with the neighbour above or below among the campaign's current questions."""
    with db.atomic():
        ordered = list(Question.select().where((Question.campaign == question.campaign_id)
                                               & Question.retired_at.is_null())
                       .order_by(Question.position, Question.id))
        ids = [q.id for q in ordered]
        if question.id not in ids:
            return
        index = ids.index(question.id)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, row in enumerate(ordered):
            if row.position != position:
                Question.update(position=position).where(Question.id == row.id).execute()


def retire_question(question, *, by):
    campaign = question.campaign
    if campaign.state != CampaignState.DRAFT and scoring_rule(campaign).scores(question.key):
        raise CampaignRefused(_l("This question counts towards the score, which is fixed once "
                                 "the campaign is open: it cannot be retired."))
    with db.atomic():
        Question.update(retired_at=utcnow()).where(
            (Question.id == question.id) & Question.retired_at.is_null()).execute()
        if scoring_rule(campaign).scores(question.key):  # a draft: it stops scoring
            _set_points(campaign, [p for p in scoring_rule(campaign).points
                                   if p[0] != question.key])
        audit.record(CampaignEvent.QUESTION_RETIRED, campaign, by=by,
                     detail={"key": question.key})


def restore_question(question, *, by):
    """Back at the end of the list, not scored (a draft can count it again: `set_scored`)."""
    campaign = question.campaign
    with db.atomic():
        last = (Question.select(fn.MAX(Question.position))
                .where(Question.campaign == campaign).scalar()) or 0
        Question.update(retired_at=None, position=last + 1).where(
            (Question.id == question.id) & Question.retired_at.is_null(False)).execute()
        audit.record(CampaignEvent.QUESTION_RESTORED, campaign, by=by,
                     detail={"key": question.key})


def set_scored(question, *, scored, by):
    """Whether the question counts towards the score: changed only while the campaign is a
    draft."""
    campaign = question.campaign
    if campaign.state != CampaignState.DRAFT:
        raise CampaignRefused(SCORING_FIXED)
    if scored and not question.good:
        raise CampaignRefused(_l("A question that counts towards the score needs a good answer."))
    points = [p for p in scoring_rule(campaign).points if p[0] != question.key]
    with db.atomic():
        _set_points(campaign, [*points, (question.key, question.good)] if scored else points)
        audit.record(CampaignEvent.EDITED, campaign, by=by,
                     detail={"key": question.key, "scored": scored})
