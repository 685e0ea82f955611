/// Argument and return types of a function, checked by the parser (Prometheus's `parser.Function`).
public struct FunctionSignature: Sendable, Equatable {
    public var argTypes: [ValueType]
    /// 0: exactly `argTypes`. n > 0: up to n trailing arguments may be omitted. -1: the last type may repeat
    /// any number of times (the fixed ones are still required, the last one optional when listed as optional).
    public var variadic: Int
    public var returnType: ValueType

    public init(_ argTypes: [ValueType], variadic: Int = 0, returns returnType: ValueType) {
        self.argTypes = argTypes
        self.variadic = variadic
        self.returnType = returnType
    }
}

extension FunctionID {
    /// What the parser checks. Grouped by shape.
    public var signature: FunctionSignature {
        switch self {
        case .abs, .ceil, .floor, .exp, .ln, .log2, .log10, .sqrt, .sgn, .acos, .acosh, .asin, .asinh, .atan, .atanh,
            .cos, .cosh, .sin, .sinh, .tan, .tanh, .deg, .rad, .absent, .sort, .sortDesc, .timestamp,
            .histogramAvg, .histogramCount, .histogramSum, .histogramStddev, .histogramStdvar, .startTimestamp:
            FunctionSignature([.vector], returns: .vector)
        case .absentOverTime, .presentOverTime, .avgOverTime, .countOverTime, .lastOverTime, .firstOverTime,
            .maxOverTime, .minOverTime, .sumOverTime, .stddevOverTime, .stdvarOverTime, .madOverTime, .changes,
            .resets, .rate, .irate, .increase, .delta, .idelta, .deriv, .tsOfFirstOverTime, .tsOfLastOverTime,
            .tsOfMaxOverTime, .tsOfMinOverTime:
            FunctionSignature([.matrix], returns: .vector)
        case .quantileOverTime: FunctionSignature([.scalar, .matrix], returns: .vector)
        case .predictLinear: FunctionSignature([.matrix, .scalar], returns: .vector)
        case .doubleExponentialSmoothing: FunctionSignature([.matrix, .scalar, .scalar], returns: .vector)
        case .clamp: FunctionSignature([.vector, .scalar, .scalar], returns: .vector)
        case .clampMax, .clampMin: FunctionSignature([.vector, .scalar], returns: .vector)
        case .round: FunctionSignature([.vector, .scalar], variadic: 1, returns: .vector)
        case .dayOfMonth, .dayOfWeek, .dayOfYear, .daysInMonth, .hour, .minute, .month, .year:
            FunctionSignature([.vector], variadic: 1, returns: .vector)
        case .histogramQuantile: FunctionSignature([.scalar, .vector], returns: .vector)
        case .histogramQuantiles: FunctionSignature([.vector, .string, .scalar], variadic: -1, returns: .vector)
        case .histogramFraction: FunctionSignature([.scalar, .scalar, .vector], returns: .vector)
        case .labelJoin: FunctionSignature([.vector, .string, .string, .string], variadic: -1, returns: .vector)
        case .labelReplace: FunctionSignature([.vector, .string, .string, .string, .string], returns: .vector)
        case .pi, .time, .start, .end, .range, .step: FunctionSignature([], returns: .scalar)
        case .scalar: FunctionSignature([.vector], returns: .scalar)
        case .vector: FunctionSignature([.scalar], returns: .vector)
        case .sortByLabel, .sortByLabelDesc: FunctionSignature([.vector, .string], variadic: -1, returns: .vector)
        case .info: FunctionSignature([.vector, .vector], variadic: 1, returns: .vector)
        }
    }

    public var returnType: ValueType { signature.returnType }
}
