"""Secret-shopper checks: the register of services, campaigns with their briefing, script,
questions and scoring, and the check slots coordinators open for trained checkers."""
