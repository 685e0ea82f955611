import KlaxonModel
import Testing

@testable import KlaxonPromQL

@Suite struct ExprTraversalTests {
    @Test("children follow Prometheus's order")
    func children() throws {
        let tree = try PromQL.parse("topk(3, rate(x[5m])) + on (a) -y")
        #expect(tree.children.map(\.description) == ["topk(3, rate(x[5m]))", "-y"])
        #expect(tree.children[0].children.map(\.description) == ["rate(x[5m])", "3"])
        #expect(try PromQL.parse("x[5m]").children.map(\.description) == ["x"])
    }

    @Test("walk visits every node depth first and can skip subtrees")
    func walk() throws {
        let tree = try PromQL.parse("sum(rate(a[5m])) / (b + 1)")
        var seen: [String] = []
        tree.walk { node in
            seen.append(node.description)
            return !node.isRangeSelector
        }
        #expect(seen == ["sum(rate(a[5m])) / (b + 1)", "sum(rate(a[5m]))", "rate(a[5m])", "a[5m]", "(b + 1)", "b + 1", "b", "1"])
    }

    @Test("selectors, called functions and @ detection")
    func queries() throws {
        let tree = try PromQL.parse("rate(a{x=\"1\"}[5m]) + on() b @ 10 + time()")
        #expect(tree.selectors.map(\.name) == ["a", "b"])
        #expect(tree.calledFunctions == [.rate, .time])
        #expect(tree.hasAtModifier)
        #expect(try !PromQL.parse("a + sum_over_time(b[5m:])").hasAtModifier)
        #expect(try PromQL.parse("((x))").unwrappingParens.description == "x")
        #expect(try PromQL.parse("x[5m:]").isSubquery)
    }

    @Test("pinning @ adds it to selectors and subqueries that have none")
    func pinning() throws {
        let tree = try PromQL.parse("sum_over_time(rate(a[5m])[10m:]) + b @ 5 + c")
        #expect(tree.pinningAt(100_000).description
            == "sum_over_time(rate(a[5m] @ 100.000)[10m:] @ 100.000) + b @ 5.000 + c @ 100.000")
    }

    @Test("mapChildren rebuilds the node with transformed children")
    func mapChildren() throws {
        let tree = try PromQL.parse("a + b")
        let swapped = tree.mapChildren { child in
            guard case .vectorSelector(var s) = child else { return child }
            s.name = "z"
            s.matchers = [.equal("__name__", "z")]
            return .vectorSelector(s)
        }
        #expect(swapped.description == "z + z")
    }
}
