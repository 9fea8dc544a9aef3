"""Organisations, the pledge, Sanctuary Award self-assessments, evidence, certificates, renewals."""
