import Testing
@testable import KlaxonHealth
