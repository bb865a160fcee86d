"""Learners' own survey files as survey tools export them (issue 14): layouts, answer labels, personal data."""
