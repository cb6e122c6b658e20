"""Demo data: a fictitious organisation shaped after the action plan's municipality."""
