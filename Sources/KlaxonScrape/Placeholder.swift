// KlaxonScrape: placeholder until its implementation lands.
