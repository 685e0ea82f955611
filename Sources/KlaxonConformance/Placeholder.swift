// KlaxonConformance: placeholder until its implementation lands.
