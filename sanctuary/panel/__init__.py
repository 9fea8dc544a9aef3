"""The assessment panel: reviewers, assignment, conflicts, reviews, moderation."""
