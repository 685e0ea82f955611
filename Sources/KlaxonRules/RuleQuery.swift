public import KlaxonPromQL

/// A rule's expression, already parsed: syntax errors were reported at load time, with file positions.
public struct RuleQuery: Sendable, Equatable {
    /// The query text sent to remote queriers and used in generator URLs. Prometheus uses the printed
    /// (canonical) form of the expression, `expr.description`, which is the default.
    public var text: String
    /// The parsed expression.
    public var expr: Expr

    public init(_ expr: Expr, text: String? = nil) {
        self.expr = expr
        self.text = text ?? expr.description
    }
}
