"""The revisions, oldest first: `r0001_questions`, `r0002_feedback`."""
