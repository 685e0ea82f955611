// KlaxonHTTPClient: placeholder until its implementation lands.
