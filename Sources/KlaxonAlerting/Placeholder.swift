// KlaxonAlerting: placeholder until its implementation lands.
