"""The coordinators' private register of Community Forum speakers: the list, adding and changing
a speaker, their page (consent, sessions, trail), and removing their details when they ask.
A speaker's contact details, topics and notes are shown on these pages and nowhere else."""
import uuid

from babel.dates import get_day_names
from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.clock import london_today
from ...core.forms import ActionForm
from ...core.i18n import KNOWN_LANGUAGES
from ...core.permissions import load_or_404
from ...core.templating import isolated
from .. import roster_queries
from ..forms.speakers import ConsentForm, NewSpeakerForm, SpeakerForm
from ..models import SessionFormat, Speaker
from ..roster_queries import ConsentState, consent_state
from ..services import assignments, speaker_register
from . import bp

# Only a speaker whose details are still here can be changed or given consent for.
STILL_HERE = Speaker.removed_at.is_null()


def _day_names():
    """{0: "Monday", ...} in the reader's language (Babel's, so nothing to translate)."""
    return get_day_names("wide", locale=get_locale())


def _filters():
    format_, consent = request.args.get("format", ""), request.args.get("consent", "")
    return {"format": format_ if format_ in set(SessionFormat) else "",
            "consent": consent if consent in set(ConsentState) else ""}


@bp.get("/coordinate/school-sessions/speakers")
@role_required(*COORDINATORS)
def speakers():
    chosen = _filters()
    rows = roster_queries.speakers(today=london_today(), format=chosen["format"] or None,
                                   consent=chosen["consent"] or None)
    return render_template("schools/speakers.html", rows=rows, chosen=chosen,
                           formats=list(SessionFormat), consents=list(ConsentState),
                           consent_state=consent_state, day_names=_day_names())


@bp.route("/coordinate/school-sessions/speakers/new", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def new_speaker():
    form = NewSpeakerForm(data={"language": "en", "form_key": uuid.uuid4().hex})
    done = form.is_submitted() and speaker_register.added_with_key(form.form_key.data,
                                                                    current_user)
    if done:  # the same form again (a double click, a retry): the speaker it added
        return redirect(url_for("schools.speaker", speaker_id=done.id))
    if form.validate_on_submit():
        speaker = speaker_register.add_speaker(by=current_user, form_key=form.form_key.data,
                                               **form.values())
        flash(isolated(_("%(name)s is added. Record their consent before inviting them to a "
                         "session."), name=speaker.name), "success")
        return redirect(url_for("schools.speaker", speaker_id=speaker.id))
    if not form.has_form_key:
        form.form_key.errors, form.form_key.data = [], uuid.uuid4().hex
    return render_template("schools/speaker_form.html", form=form, speaker=None)


@bp.get("/coordinate/school-sessions/speakers/<int:speaker_id>")
@role_required(*COORDINATORS)
def speaker(speaker_id):
    speaker = load_or_404(Speaker, speaker_id, can="manage")
    return _page(speaker)


def _page(speaker, *, consent_form=None):
    return render_template("schools/speaker.html", speaker=speaker,
                           consent=consent_state(speaker),
                           language_name=getattr(KNOWN_LANGUAGES.get(speaker.language), "name",
                                                 speaker.language),
                           consent_form=consent_form or ConsentForm(formdata=None),
                           action_form=ActionForm(), sessions=roster_queries.sessions_of(speaker),
                           trail=roster_queries.trail_of(speaker), day_names=_day_names())


@bp.route("/coordinate/school-sessions/speakers/<int:speaker_id>/edit", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit_speaker(speaker_id):
    speaker = load_or_404(Speaker, speaker_id, can="manage", where=STILL_HERE)
    form = SpeakerForm(obj=speaker)
    refusal = None
    if form.validate_on_submit():
        try:
            speaker = speaker_register.update_speaker(speaker, by=current_user, **form.values())
            flash(_("The speaker's details are saved."), "success")
            return redirect(url_for("schools.speaker", speaker_id=speaker.id))
        except speaker_register.SpeakerRefused as refused:
            refusal = refused.message
    return render_template("schools/speaker_form.html", form=form, speaker=speaker,
                           refusal=refusal)


@bp.post("/coordinate/school-sessions/speakers/<int:speaker_id>/consent")
@role_required(*COORDINATORS)
def record_speaker_consent(speaker_id):
    speaker = load_or_404(Speaker, speaker_id, can="manage", where=STILL_HERE)
    form = ConsentForm()
    if not form.validate_on_submit():
        return _page(speaker, consent_form=form)
    try:
        speaker_register.record_consent(speaker, by=current_user)
        flash(isolated(_("%(name)s's consent to be contacted about sessions is recorded."),
                       name=speaker.name), "success")
    except speaker_register.SpeakerRefused as refused:
        flash(refused.message, "error")
    return redirect(url_for("schools.speaker", speaker_id=speaker.id))


@bp.post("/coordinate/school-sessions/speakers/<int:speaker_id>/consent/withdraw")
@role_required(*COORDINATORS)
def withdraw_speaker_consent(speaker_id):
    speaker = load_or_404(Speaker, speaker_id, can="manage", where=STILL_HERE)
    if ActionForm().validate_on_submit():
        speaker_register.withdraw_consent(speaker, by=current_user)
        flash(isolated(_("%(name)s's consent is withdrawn: nobody can invite them to a "
                         "session now."), name=speaker.name), "success")
    return redirect(url_for("schools.speaker", speaker_id=speaker.id))


@bp.route("/coordinate/school-sessions/speakers/<int:speaker_id>/remove",
          methods=["GET", "POST"])
@role_required(*COORDINATORS)
def remove_speaker(speaker_id):
    """A confirmation page, then (POST) their contact details and notes are gone for good."""
    speaker = load_or_404(Speaker, speaker_id, can="manage", where=STILL_HERE)
    form = ActionForm()
    if form.validate_on_submit():
        assignments.remove_speaker(speaker, by=current_user)
        flash(_("The speaker's contact details and notes are removed."), "success")
        return redirect(url_for("schools.speakers"))
    coming = [assignment for assignment in roster_queries.sessions_of(speaker)
              if assignment.state in roster_queries.ACTIVE_STATES
              and assignment.day >= london_today()]
    return render_template("schools/speaker_remove.html", speaker=speaker, form=form,
                           coming=coming)
