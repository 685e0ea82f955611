// KlaxonTestSupport: placeholder until its implementation lands.
