"""Staff pages for proposals and demands, split by topic."""
