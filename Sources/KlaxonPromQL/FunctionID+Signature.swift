/// Argument and return types of a function, checked by the parser (Prometheus's `parser.Function`).
public struct FunctionSignature: Sendable, Equatable {
    public var argTypes: [ValueType]
    /// As Prometheus's `Function.Variadic`. 0: exactly `argTypes`. n > 0: at least `argTypes.count - 1`
    /// arguments and at most `argTypes.count - 1 + n`, extra ones typed like the last. -1: at least
    /// `argTypes.count - 1`, no upper bound.
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
        case .histogramQuantiles:
            FunctionSignature([.vector, .string, .scalar, .scalar], variadic: 9, returns: .vector)
        case .histogramFraction: FunctionSignature([.scalar, .scalar, .vector], returns: .vector)
        case .labelJoin: FunctionSignature([.vector, .string, .string, .string], variadic: -1, returns: .vector)
        case .labelReplace: FunctionSignature([.vector, .string, .string, .string, .string], returns: .vector)
        case .pi, .time, .start, .end, .range, .step: FunctionSignature([], returns: .scalar)
        case .scalar: FunctionSignature([.vector], returns: .scalar)
        case .maxOf, .minOf: FunctionSignature([.scalar, .scalar], returns: .scalar)
        case .vector: FunctionSignature([.scalar], returns: .vector)
        case .sortByLabel, .sortByLabelDesc: FunctionSignature([.vector, .string], variadic: -1, returns: .vector)
        case .info: FunctionSignature([.vector, .vector], variadic: 1, returns: .vector)
        }
    }

    public var returnType: ValueType { signature.returnType }

    /// Smallest number of arguments a call takes.
    public var minimumArgumentCount: Int {
        let s = signature
        return s.variadic == 0 ? s.argTypes.count : s.argTypes.count - 1
    }

    /// Largest number of arguments a call takes; nil for no limit.
    public var maximumArgumentCount: Int? {
        let s = signature
        switch s.variadic {
        case 0: return s.argTypes.count
        case let n where n > 0: return s.argTypes.count - 1 + n
        default: return nil
        }
    }
}
