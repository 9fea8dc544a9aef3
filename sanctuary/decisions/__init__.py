"""The coordinator's decision, its feedback, the further-evidence round, awards and renewals."""
