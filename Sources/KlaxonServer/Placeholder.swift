// KlaxonServer: placeholder until its implementation lands.
