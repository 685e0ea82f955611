import KlaxonModel

@testable import KlaxonPromQL

extension Expr {
    /// The tree with every text range set to 0..<0, matchers sorted (the printer sorts them, as Prometheus
    /// does) and the "was written" flags cleared, so trees parsed
    /// from differently spelled texts compare equal when they mean the same thing.
    var normalized: Expr {
        let inner = mapChildren { $0.normalized }
        switch inner {
        case .number(var n):
            n.range = 0..<0
            return .number(n)
        case .string(var s):
            s.range = 0..<0
            return .string(s)
        case .vectorSelector(var v):
            v.range = 0..<0
            v.matchers.sort { $0.description.utf8.lexicographicallyPrecedes($1.description.utf8) }
            return .vectorSelector(v)
        case .matrixSelector(var m):
            m.range = 0..<0
            m.selector.range = 0..<0
            m.selector.matchers.sort { $0.description.utf8.lexicographicallyPrecedes($1.description.utf8) }
            return .matrixSelector(m)
        case .subquery(var s):
            s.range = 0..<0
            return .subquery(s)
        case .call(var c):
            c.range = 0..<0
            return .call(c)
        case .aggregate(var a):
            a.range = 0..<0
            a.hasGrouping = false
            return .aggregate(a)
        case .binary(var b):
            b.range = 0..<0
            b.matching?.hasMatchingClause = false
            return .binary(b)
        case .unary(var u):
            u.range = 0..<0
            return .unary(u)
        case .paren(var p):
            p.range = 0..<0
            return .paren(p)
        }
    }
}
