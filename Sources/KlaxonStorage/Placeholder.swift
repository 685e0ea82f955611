// KlaxonStorage: placeholder until its implementation lands.
