"""Extensions of the unionfeed crawler, one per file."""
