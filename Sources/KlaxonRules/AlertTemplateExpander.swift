public import KlaxonModel

/// What a label or annotation template of an alerting rule can see: Prometheus's `AlertTemplateData`
/// (`$labels`, `$value`, `$externalLabels`, `$externalURL`) plus the evaluation time and a way to run
/// queries (the template `query` function).
public struct AlertTemplateContext: Sendable {
    /// The rule's name; Prometheus names the template `__alert_<name>`, which shows in its error messages.
    public var alertName: String
    /// `$labels`: the labels of the query result sample, `__name__` included when present.
    public var labels: Labels
    /// `$value`: the sample's value.
    public var value: Double
    /// `$externalLabels`.
    public var externalLabels: Labels
    /// `$externalURL`.
    public var externalURL: String
    /// The evaluation time (without `query_offset`), the time template queries run at.
    public var evaluationTime: Timestamp
    /// Runs a PromQL instant query at `evaluationTime` against the same data the rule sees.
    public var query: @Sendable (String) async throws -> [Sample]

    public init(
        alertName: String, labels: Labels, value: Double, externalLabels: Labels = Labels(), externalURL: String = "",
        evaluationTime: Timestamp, query: @escaping @Sendable (String) async throws -> [Sample] = { _ in [] }
    ) {
        self.alertName = alertName
        self.labels = labels
        self.value = value
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.evaluationTime = evaluationTime
        self.query = query
    }
}

/// The seam between rules and the Go text/template engine. KlaxonRules does not know the template
/// language: the integrator adapts KlaxonTemplate to this protocol, prepending Prometheus's variable
/// definitions (`{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}`)
/// exactly as Prometheus does, so column numbers in error messages match.
public protocol AlertTemplateExpander: Sendable {
    /// Expands one label or annotation value. A thrown error becomes the text
    /// `<error expanding template: …>` (the error's description), as in Prometheus; evaluation goes on.
    func expand(_ text: String, context: AlertTemplateContext) async throws -> String

    /// Checks at load time that `text` parses (Prometheus's `ParseTest`); the error's description is reported.
    func validate(_ text: String) throws
}

/// An expander without a template language: returns every text unchanged and accepts everything.
public struct VerbatimTemplateExpander: AlertTemplateExpander {
    public init() {}

    public func expand(_ text: String, context: AlertTemplateContext) async throws -> String { text }

    public func validate(_ text: String) throws {}
}
