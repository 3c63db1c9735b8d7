"""Conversation flows. They never import a chat library: they take an Incoming and produce Replies."""
