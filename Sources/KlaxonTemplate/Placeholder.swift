// KlaxonTemplate: placeholder until its implementation lands.
