"""Training-needs inventories (inventering av utbildningsbehov) and competence areas."""
