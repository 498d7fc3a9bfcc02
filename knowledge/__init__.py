"""What mlrole knows and how it finds an answer. No Slack imports in this package."""
