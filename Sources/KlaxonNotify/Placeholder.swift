// KlaxonNotify: placeholder until its implementation lands.
