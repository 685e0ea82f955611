public import KlaxonModel

/// Why an `AlertingEngine` could not be created or run.
public struct AlertingEngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The rules have errors; `diagnostics` lists them.
        case invalidRules
        /// An option is out of range (a non-positive interval or retention).
        case invalidOptions
        /// `run()` was called on an engine that is running or has run.
        case alreadyRun
    }

    public var kind: Kind
    /// Lowercase, no trailing period.
    public var message: String
    /// Every problem found in the rules (errors and warnings), sorted by position, for `invalidRules`.
    public var diagnostics: [Diagnostic]

    public init(_ kind: Kind, _ message: String, diagnostics: [Diagnostic] = []) {
        self.kind = kind
        self.message = message
        self.diagnostics = diagnostics
    }

    /// The message followed by one line per diagnostic.
    public var description: String {
        ([message] + diagnostics.map(\.description)).joined(separator: "\n")
    }
}
