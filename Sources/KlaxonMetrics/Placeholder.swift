// KlaxonMetrics: placeholder until its implementation lands.
