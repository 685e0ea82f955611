import KlaxonModel

@testable import KlaxonPromQL

extension Expr {
    /// A compact S-expression of the tree, to assert structure (precedence, where modifiers attach).
    var shape: String {
        switch self {
        case .number(let n): n.isDuration ? "\(GoFloat.formatAPI(n.value))s" : GoFloat.formatAPI(n.value)
        case .string(let s): GoQuote.quote(s.value)
        case .vectorSelector(let v): Printer.selector(v)
        case .matrixSelector(let m): Printer.matrix(m)
        case .subquery(let s): "(subquery \(s.expr.shape) \(s.window) \(s.step.map(\.description) ?? "-")\(Printer.at(s.at))\(Printer.offset(s.offset)))"
        case .call(let c): "(\(([c.function.rawValue] + c.args.map(\.shape)).joined(separator: " ")))"
        case .aggregate(let a):
            "(\(a.op.rawValue)\(a.without ? " without" : (a.hasGrouping ? " by" : ""))\(a.hasGrouping ? "(\(a.grouping.joined(separator: ",")))" : "")\(a.param.map { " " + $0.shape } ?? "") \(a.expr.shape))"
        case .binary(let b): "(\(b.op.rawValue)\(b.returnBool ? " bool" : "") \(b.lhs.shape) \(b.rhs.shape))"
        case .unary(let u): "(\(u.negate ? "-" : "+") \(u.expr.shape))"
        case .paren(let p): "[\(p.expr.shape)]"
        }
    }
}
