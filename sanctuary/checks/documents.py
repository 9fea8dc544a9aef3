"""The letter to a service about its result in a campaign (PDF, made by core.pdf in the shipped
fonts), for coordinators to send to its manager: what was found against each good practice and
what the rules say. Built from the same result as the coordinators' page, so it carries nothing
about who checked, when, or how."""
from pathlib import Path

from ..core.clock import london_today
from ..core.i18n import current_language
from ..core.pdf import render_pdf
from .models import Answer, ServiceKind
from .queries import service_results

STYLESHEET = Path(__file__).resolve().parent / "letter.css"


def service_letter_pdf(service, campaign):
    """The letter in the coordinator's language, or None when the service has no accepted
    report in the campaign."""
    result = service_results.result_in(service, campaign)
    if result is None:
        return None
    return render_pdf("checks/letter.html", stylesheet=STYLESHEET, service=service,
                      campaign=campaign, result=result, language=current_language(),
                      answer_labels={answer.value: answer for answer in Answer},
                      is_gp=service.kind == ServiceKind.GP, written_on=london_today())
