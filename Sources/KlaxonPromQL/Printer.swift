extension Expr: CustomStringConvertible {
    /// Canonical PromQL text, as Prometheus's `String()` prints it.
    public var description: String { "<printer not implemented yet>" }
}
