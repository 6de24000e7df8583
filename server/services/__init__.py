"""Business logic as plain functions that take what they need (session, user, clock, config)."""
