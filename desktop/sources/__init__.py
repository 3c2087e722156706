"""Linked sources: what a stranger can see at each profile, page, feed, export or folder."""
