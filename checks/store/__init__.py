"""The team's store: definitions revisions and the check history."""
