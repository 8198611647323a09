"""Staff pages of the registry, split by topic."""
