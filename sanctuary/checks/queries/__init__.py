"""Secret-shopper checks' reads."""
from . import register  # noqa: F401 - the register of services
