import KlaxonModel
import KlaxonPromQL

/// The query-specific form of an expression: durations evaluated, `@ start()`/`@ end()` and `start()`, `end()`,
/// `range()`, `step()` resolved, step-invariant subtrees marked, and every selector numbered so its series are
/// fetched once per query.
indirect enum Node {
    case number(Double)
    case string(String)
    case vectorSelector(SelectorNode)
    case matrixSelector(MatrixSelectorNode)
    case subquery(SubqueryNode)
    case call(CallNode)
    case aggregate(AggregateNode)
    case binary(BinaryNode)
    /// Unary minus; unary plus is kept as a no-op node because it keeps the metric name.
    case negate(Node)
    /// A subtree whose value does not depend on the evaluation step: evaluated once, repeated for each step.
    case stepInvariant(Node)

    var type: ValueType {
        switch self {
        case .number: .scalar
        case .string: .string
        case .vectorSelector: .vector
        case .matrixSelector, .subquery: .matrix
        case .call(let c): c.function.returnType
        case .aggregate: .vector
        case .binary(let b): b.resultType
        case .negate(let n): n.type
        case .stepInvariant(let n): n.type
        }
    }

    /// The node without step-invariant wrappers.
    var unwrapped: Node {
        if case .stepInvariant(let inner) = self { return inner.unwrapped }
        return self
    }
}

/// An instant-vector selector. `at` pins the evaluation time (milliseconds); `offset` shifts it back.
struct SelectorNode {
    /// Index into the query's fetched selector data.
    var id: Int
    var matchers: [LabelMatcher]
    var offset: Int64
    var at: Int64?
    /// 3.x `smoothed` on an instant selector: values interpolated between the neighbouring samples.
    var smoothed: Bool = false
    var range: TextRange

    /// The time whose data this selector reads at evaluation step `ts`.
    @inline(__always) func referenceTime(_ ts: Int64) -> Int64 { (at ?? ts) &- offset }
}

struct MatrixSelectorNode {
    var selector: SelectorNode
    /// Window length in milliseconds.
    var window: Int64
    var anchored: Bool
    var smoothed: Bool
    var range: TextRange
}

struct SubqueryNode {
    var expr: Node
    var window: Int64
    /// Step in milliseconds (the default already applied).
    var step: Int64
    var offset: Int64
    var at: Int64?
    var range: TextRange

    @inline(__always) func referenceTime(_ ts: Int64) -> Int64 { (at ?? ts) &- offset }
}

struct CallNode {
    var function: FunctionID
    var args: [Node]
    var argRanges: [TextRange]
    /// For `info()`: index of the prefetched info-series data.
    var infoID: Int?
    var range: TextRange
}

struct AggregateNode {
    var op: AggregateOp
    var expr: Node
    var param: Node?
    /// Sorted grouping labels.
    var grouping: [String]
    var without: Bool
    var exprRange: TextRange
    var paramRange: TextRange?
    var range: TextRange
}

struct BinaryNode {
    var op: BinaryOperator
    var lhs: Node
    var rhs: Node
    var matching: VectorMatching?
    var returnBool: Bool
    var range: TextRange

    var resultType: ValueType {
        lhs.type == .scalar && rhs.type == .scalar ? .scalar : .vector
    }
}
