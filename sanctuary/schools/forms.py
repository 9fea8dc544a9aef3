"""School sessions' forms: the request, and what coordinators publish and decide."""
