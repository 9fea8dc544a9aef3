"""Secret-shopper checks' writes."""
from .register import (
    SERVICES_IMPORT,
    ServiceEvent,
    ServiceRefused,
    add_service,
    added_with_key,
    import_demo_services,
    restore_service,
    retire_service,
    update_service,
)

__all__ = ["SERVICES_IMPORT", "ServiceEvent", "ServiceRefused", "add_service", "added_with_key",
           "import_demo_services", "restore_service", "retire_service", "update_service"]
