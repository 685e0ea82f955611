// KlaxonEngine: placeholder until its implementation lands.
