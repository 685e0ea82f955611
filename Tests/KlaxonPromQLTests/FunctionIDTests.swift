import Testing

@testable import KlaxonPromQL

@Suite struct FunctionIDTests {
    @Test("every function has a signature and can be called with its minimum arguments")
    func everyFunctionParses() throws {
        for f in FunctionID.allCases {
            let args = f.signature.argTypes.prefix(f.minimumArgumentCount).map { type -> String in
                switch type {
                case .scalar: "1"
                case .string: "\"s\""
                case .vector: "v"
                case .matrix: "m[5m]"
                }
            }
            let call = "\(f.rawValue)(\(args.joined(separator: ", ")))"
            let tree = try PromQL.parse(call)
            #expect(tree.type == f.returnType, "\(call)")
        }
    }

    @Test("argument counts follow Prometheus's Variadic rules", arguments: [
        (FunctionID.round, 1, 2), (.histogramQuantiles, 3, 12), (.labelJoin, 3, nil), (.sortByLabel, 1, nil),
        (.info, 1, 2), (.year, 0, 1), (.time, 0, 0), (.clamp, 3, 3), (.maxOf, 2, 2),
    ] as [(FunctionID, Int, Int?)])
    func argumentCounts(function: FunctionID, minimum: Int, maximum: Int?) {
        #expect(function.minimumArgumentCount == minimum)
        #expect(function.maximumArgumentCount == maximum)
    }

    @Test("signatures of 3.x additions", arguments: [
        (FunctionID.histogramQuantiles, [ValueType.vector, .string, .scalar, .scalar], ValueType.vector),
        (.minOf, [.scalar, .scalar], .scalar),
        (.doubleExponentialSmoothing, [.matrix, .scalar, .scalar], .vector),
        (.startTimestamp, [.vector], .vector),
        (.tsOfMaxOverTime, [.matrix], .vector),
        (.step, [], .scalar),
    ])
    func signatures(function: FunctionID, args: [ValueType], returns: ValueType) {
        #expect(function.signature.argTypes == args)
        #expect(function.returnType == returns)
    }
}
