"""School sessions: availability, requests and bookings, for schools and the coordinators
who run them."""
