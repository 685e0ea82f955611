// KlaxonConfig: placeholder.
