"""The checks feature's forms (one module per topic)."""
from .campaigns import build_campaign_form, build_question_form, build_reword_form  # noqa: F401
from .register import NewServiceForm, ServiceForm, ServicesFileForm  # noqa: F401
from .slots import CapacityForm, OpenSlotsForm  # noqa: F401
