"""Secret-shopper checks' forms."""
from .register import NewServiceForm, ServiceForm, ServicesFileForm

__all__ = ["NewServiceForm", "ServiceForm", "ServicesFileForm"]
