import KlaxonModel

/// Prometheus's `checkAST`: static types and the rules the grammar cannot express. It also normalises
/// vector matching (dropped unless both sides are instant vectors, many-to-many for set operators).
/// Checks run in Prometheus's order, so the first error thrown is the one Prometheus reports.
struct TypeChecker {
    let input: String

    private func fail(_ message: String, _ range: TextRange) -> ParseError {
        let n = input.utf8.count
        let lo = max(0, min(range.lowerBound, n))
        return ParseError(message, range: lo..<max(lo, min(range.upperBound, n)), input: input)
    }

    mutating func check(_ expr: Expr) throws(ParseError) -> Expr {
        try check(expr, bypassEmptyMatcherCheck: false)
    }

    private mutating func check(_ expr: Expr, bypassEmptyMatcherCheck: Bool) throws(ParseError) -> Expr {
        switch expr {
        case .number, .string:
            return expr
        case .vectorSelector(let s):
            try checkSelector(s, bypassEmptyMatcherCheck: bypassEmptyMatcherCheck)
            return expr
        case .matrixSelector(let m):
            try checkSelector(m.selector, bypassEmptyMatcherCheck: false)
            return expr
        case .paren(var p):
            p.expr = try check(p.expr)
            return .paren(p)
        case .unary(var u):
            u.expr = try check(u.expr)
            let t = u.expr.type
            if t != .scalar && t != .vector {
                throw fail(
                    "unary expression only allowed on expressions of type scalar or instant vector, got "
                        + GoQuote.quote(t.rawValue), u.range)
            }
            return .unary(u)
        case .subquery(var s):
            s.expr = try check(s.expr)
            if s.expr.type != .vector {
                throw fail("subquery is only allowed on instant vector, got \(s.expr.type.apiName) instead", s.range)
            }
            return .subquery(s)
        case .aggregate(var a):
            a.expr = try expect(a.expr, .vector, "aggregation expression")
            if let param = a.param {
                switch a.op {
                case .topk, .bottomk, .quantile, .limitk, .limitRatio:
                    a.param = try expect(param, .scalar, "aggregation parameter")
                case .countValues:
                    a.param = try expect(param, .string, "aggregation parameter")
                default: break
                }
            }
            return .aggregate(a)
        case .call(let c):
            return .call(try checkCall(c))
        case .binary(let b):
            return .binary(try checkBinary(b))
        }
    }

    private mutating func expect(_ e: Expr, _ want: ValueType, _ context: String) throws(ParseError) -> Expr {
        let checked = try check(e)
        if checked.type != want {
            throw fail("expected type \(want.rawValue) in \(context), got \(checked.type.rawValue)", checked.range)
        }
        return checked
    }

    private func checkSelector(_ s: VectorSelector, bypassEmptyMatcherCheck: Bool) throws(ParseError) {
        if let name = s.name {
            for m in s.matchers.dropLast() where m.name == WellKnown.metricName {
                throw fail(
                    "metric name must not be set twice: \(GoQuote.quote(name)) or \(GoQuote.quote(m.value))", s.range)
            }
            return
        }
        if !bypassEmptyMatcherCheck, !s.matchers.contains(where: { !$0.matchesEmpty }) {
            throw fail("vector selector must contain at least one non-empty matcher", s.range)
        }
    }

    private mutating func checkCall(_ call: Call) throws(ParseError) -> Call {
        var c = call
        let f = c.function
        let name = GoQuote.quote(f.rawValue)
        let signature = f.signature
        let count = c.args.count
        if signature.variadic == 0 {
            if signature.argTypes.count != count {
                throw fail(
                    "expected \(signature.argTypes.count) argument(s) in call to \(name), got \(count)", c.range)
            }
        } else if f.minimumArgumentCount > count {
            throw fail("expected at least \(f.minimumArgumentCount) argument(s) in call to \(name), got \(count)", c.range)
        } else if let maximum = f.maximumArgumentCount, maximum < count {
            throw fail("expected at most \(maximum) argument(s) in call to \(name), got \(count)", c.range)
        }
        var bypass = false
        if f == .info, count > 1 {
            let second = c.args[1]
            if second.type != .vector {
                throw fail(
                    "expected type instant vector in call to function \(name), got \(second.type.rawValue)", c.range)
            }
            if case .vectorSelector(let vs) = second {
                if vs.name != nil {
                    throw fail("expected label selectors only, got vector selector instead", second.range)
                }
                bypass = true
            } else {
                throw fail("expected label selectors only", second.range)
            }
        }
        for i in c.args.indices {
            var typeIndex = i
            if i >= signature.argTypes.count {
                if signature.variadic == 0 { break }
                typeIndex = signature.argTypes.count - 1
            }
            let arg = try check(c.args[i], bypassEmptyMatcherCheck: bypass && i == 1)
            c.args[i] = arg
            let want = signature.argTypes[typeIndex]
            if arg.type != want {
                throw fail(
                    "expected type \(want.rawValue) in call to function \(name), got \(arg.type.rawValue)", arg.range)
            }
        }
        return c
    }

    private mutating func checkBinary(_ binary: BinaryExpr) throws(ParseError) -> BinaryExpr {
        var b = binary
        b.lhs = try check(b.lhs)
        b.rhs = try check(b.rhs)
        let lt = b.lhs.type
        let rt = b.rhs.type
        if b.returnBool && !b.op.isComparison {
            throw fail("bool modifier can only be used on comparison operators", operatorRange(b))
        }
        if b.op.isComparison && !b.returnBool && lt == .scalar && rt == .scalar {
            throw fail("comparisons between scalars must use BOOL modifier", operatorRange(b))
        }
        var matching = b.matching ?? VectorMatching()
        if b.op.isSetOperator && matching.cardinality == .oneToOne { matching.cardinality = .manyToMany }
        if matching.on {
            for label in matching.matchingLabels where matching.include.contains(label) {
                throw fail("label \(GoQuote.quote(label)) must not occur in ON and GROUP clause at once", operatorRange(b))
            }
        }
        if lt != .scalar && lt != .vector {
            throw fail("binary expression must contain only scalar and instant vector types", b.lhs.range)
        }
        if rt != .scalar && rt != .vector {
            throw fail("binary expression must contain only scalar and instant vector types", b.rhs.range)
        }
        let hasFill = matching.fillLeft != nil || matching.fillRight != nil
        if lt != .vector || rt != .vector {
            if !matching.matchingLabels.isEmpty {
                throw fail("vector matching only allowed between instant vectors", b.range)
            }
            if hasFill { throw fail("filling in missing series only allowed between instant vectors", b.range) }
            b.matching = nil
        } else {
            if b.op.isSetOperator {
                if matching.cardinality == .oneToMany || matching.cardinality == .manyToOne {
                    throw fail("no grouping allowed for \(GoQuote.quote(b.op.rawValue)) operation", b.range)
                }
                if matching.cardinality != .manyToMany {
                    throw fail("set operations must always be many-to-many", b.range)
                }
                if hasFill { throw fail("filling in missing series not allowed for set operators", b.range) }
            }
            b.matching = matching
        }
        if (lt == .scalar || rt == .scalar) && b.op.isSetOperator {
            throw fail("set operator \(GoQuote.quote(b.op.rawValue)) not allowed in binary scalar expression", b.range)
        }
        return b
    }

    /// The operator and its modifiers, without surrounding whitespace (Prometheus's `opRange`).
    private func operatorRange(_ b: BinaryExpr) -> TextRange {
        let bytes = Array(input.utf8)
        var start = b.lhs.range.upperBound
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        var end = b.rhs.range.lowerBound - 1
        while end > start, end < bytes.count, isSpace(bytes[end]) { end -= 1 }
        return start..<max(start, end)
    }
}
