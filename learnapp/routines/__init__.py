"""Routines per department (rutiner): versions, acknowledgement, live contacts, follow-up."""
