"""Pages for administrators: the state of the system, such as email that has not gone out."""
