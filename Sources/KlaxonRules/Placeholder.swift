// KlaxonRules: placeholder until its implementation lands.
