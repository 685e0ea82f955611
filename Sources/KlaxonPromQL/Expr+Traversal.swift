public import KlaxonModel

extension Expr {
    /// Direct subexpressions in Prometheus's `Children` order (an aggregation's expression before its
    /// parameter; a range selector's child is its vector selector).
    public var children: [Expr] {
        switch self {
        case .number, .string, .vectorSelector: []
        case .matrixSelector(let m): [.vectorSelector(m.selector)]
        case .subquery(let s): [s.expr]
        case .call(let c): c.args
        case .aggregate(let a): a.param.map { [a.expr, $0] } ?? [a.expr]
        case .binary(let b): [b.lhs, b.rhs]
        case .unary(let u): [u.expr]
        case .paren(let p): [p.expr]
        }
    }

    /// Visits this node and then its descendants, depth first (Prometheus's `Inspect`). Return false from
    /// `visit` to skip a node's children.
    public func walk(_ visit: (Expr) throws -> Bool) rethrows {
        guard try visit(self) else { return }
        for child in children { try child.walk(visit) }
    }

    /// True when this node or a descendant satisfies `predicate`.
    public func contains(where predicate: (Expr) throws -> Bool) rethrows -> Bool {
        var found = false
        try walk { node in
            if found { return false }
            if try predicate(node) { found = true }
            return !found
        }
        return found
    }

    /// The same node with each direct child replaced by `transform(child)`. A range selector's child is
    /// passed as `.vectorSelector`; a result that is not a vector selector leaves it unchanged.
    public func mapChildren(_ transform: (Expr) throws -> Expr) rethrows -> Expr {
        switch self {
        case .number, .string, .vectorSelector:
            return self
        case .matrixSelector(var m):
            if case .vectorSelector(let s) = try transform(.vectorSelector(m.selector)) { m.selector = s }
            return .matrixSelector(m)
        case .subquery(var s):
            s.expr = try transform(s.expr)
            return .subquery(s)
        case .call(var c):
            c.args = try c.args.map(transform)
            return .call(c)
        case .aggregate(var a):
            a.expr = try transform(a.expr)
            if let p = a.param { a.param = try transform(p) }
            return .aggregate(a)
        case .binary(var b):
            b.lhs = try transform(b.lhs)
            b.rhs = try transform(b.rhs)
            return .binary(b)
        case .unary(var u):
            u.expr = try transform(u.expr)
            return .unary(u)
        case .paren(var p):
            p.expr = try transform(p.expr)
            return .paren(p)
        }
    }

    /// The expression inside any number of parentheses.
    public var unwrappingParens: Expr {
        var e = self
        while case .paren(let p) = e { e = p.expr }
        return e
    }

    /// True for a range-vector selector such as `x[5m]` (not a subquery).
    public var isRangeSelector: Bool {
        if case .matrixSelector = self { return true }
        return false
    }

    /// True for a subquery such as `rate(x[5m])[1h:1m]`.
    public var isSubquery: Bool {
        if case .subquery = self { return true }
        return false
    }

    /// Every vector selector, including those inside range selectors, in walk order
    /// (Prometheus's `ExtractSelectors` returns their matchers).
    public var selectors: [VectorSelector] {
        var out: [VectorSelector] = []
        walk { node in
            if case .vectorSelector(let s) = node { out.append(s) }
            return true
        }
        return out
    }

    /// The functions called anywhere in the expression.
    public var calledFunctions: Set<FunctionID> {
        var out: Set<FunctionID> = []
        walk { node in
            if case .call(let c) = node { out.insert(c.function) }
            return true
        }
        return out
    }

    /// True when any selector or subquery has an `@` modifier.
    public var hasAtModifier: Bool {
        contains { node in
            switch node {
            case .vectorSelector(let s): s.at != nil
            case .matrixSelector(let m): m.selector.at != nil
            case .subquery(let s): s.at != nil
            default: false
            }
        }
    }

    /// The expression with `@ t` added to every selector, range selector and subquery that has no `@`
    /// (what Prometheus's test runner does for its `@` consistency check).
    public func pinningAt(_ t: Timestamp) -> Expr {
        let pinnedChildren = mapChildren { $0.pinningAt(t) }
        switch pinnedChildren {
        case .vectorSelector(var s) where s.at == nil:
            s.at = .timestamp(t)
            return .vectorSelector(s)
        case .matrixSelector(var m) where m.selector.at == nil:
            m.selector.at = .timestamp(t)
            return .matrixSelector(m)
        case .subquery(var s) where s.at == nil:
            s.at = .timestamp(t)
            return .subquery(s)
        default:
            return pinnedChildren
        }
    }
}

extension DurationExpr {
    /// True when the value depends on the query (`step()`, `range()`), so it is only known at evaluation.
    public var dependsOnQuery: Bool {
        switch self {
        case .literal, .number: false
        case .step, .range: true
        case .minOf(let a, let b), .maxOf(let a, let b), .binary(_, let a, let b): a.dependsOnQuery || b.dependsOnQuery
        case .negate(let e), .paren(let e): e.dependsOnQuery
        }
    }
}
