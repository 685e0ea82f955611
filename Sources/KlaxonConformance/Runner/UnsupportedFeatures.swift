public import KlaxonModel
public import KlaxonPromQL

/// Decides whether an eval needs something Klaxon does not evaluate (native histograms, start timestamps),
/// by looking at the series its selectors match, not at the file it is in.
public enum UnsupportedFeatures {
    /// Functions that only produce output for native-histogram samples.
    public static let histogramOnlyFunctions: Set<FunctionID> = [
        .histogramCount, .histogramSum, .histogramAvg, .histogramStddev, .histogramStdvar,
    ]

    /// Why `eval` must be skipped, or nil when Klaxon can run it. `expr` is the eval's parsed expression.
    public static func skipReason(for eval: EvalCommand, expr: Expr, catalog: SeriesCatalog) -> String? {
        if eval.expectsHistogram { return "native histograms: expects a histogram value" }
        var selectors: [[LabelMatcher]] = []
        var functions: [FunctionID] = []
        collect(expr, selectors: &selectors, functions: &functions)
        if let f = functions.first(where: { histogramOnlyFunctions.contains($0) }) {
            return "native histograms: calls histogram-only function \(f.rawValue)()"
        }
        if functions.contains(.startTimestamp) { return "start timestamps: calls start_timestamp()" }
        for matchers in selectors {
            for (labels, traits) in catalog.matching(matchers) {
                if traits.contains(.histogramLiteral) { return "native histograms: reads histogram samples of \(labels)" }
                if traits.contains(.nhcb) { return "native histograms: reads load_with_nhcb histogram \(labels)" }
                if traits.contains(.startTimestamps) { return "start timestamps: reads @st series \(labels)" }
            }
        }
        return nil
    }

    /// Every selector's matchers and every called function, in the expression and its subexpressions.
    /// `info(v[, selector])` also reads the info series: `target_info` unless the selector names another.
    public static func collect(_ expr: Expr, selectors: inout [[LabelMatcher]], functions: inout [FunctionID]) {
        switch expr {
        case .number, .string:
            break
        case .vectorSelector(let v):
            selectors.append(v.matchers)
        case .matrixSelector(let m):
            selectors.append(m.selector.matchers)
        case .subquery(let s):
            collect(s.expr, selectors: &selectors, functions: &functions)
        case .call(let c):
            functions.append(c.function)
            guard c.function == .info else {
                for arg in c.args { collect(arg, selectors: &selectors, functions: &functions) }
                return
            }
            // The second argument of info() selects info series by their data labels, not ordinary series.
            if let first = c.args.first { collect(first, selectors: &selectors, functions: &functions) }
            var infoMatchers: [LabelMatcher] = []
            if c.args.count > 1, case .vectorSelector(let v) = c.args[1] { infoMatchers = v.matchers }
            if !infoMatchers.contains(where: { $0.name == WellKnown.metricName }) {
                infoMatchers.append(.equal(WellKnown.metricName, "target_info"))
            }
            selectors.append(infoMatchers)
        case .aggregate(let a):
            if let p = a.param { collect(p, selectors: &selectors, functions: &functions) }
            collect(a.expr, selectors: &selectors, functions: &functions)
        case .binary(let b):
            collect(b.lhs, selectors: &selectors, functions: &functions)
            collect(b.rhs, selectors: &selectors, functions: &functions)
        case .unary(let u):
            collect(u.expr, selectors: &selectors, functions: &functions)
        case .paren(let p):
            collect(p.expr, selectors: &selectors, functions: &functions)
        }
    }
}
