"""The coordinator's decision on a round of review, its feedback, and the further-evidence round."""
