import KlaxonModel

/// The `*_over_time` family over float samples.
enum OverTimeKernels {
    /// Mean with Kahan summation, switching to an incremental mean once the sum would overflow.
    static func avg(_ f: Points, _ a: WindowArgs) -> Double? {
        guard !f.isEmpty else { return nil }
        var sum = f[0].v
        var count = 1.0
        var mean = 0.0
        var kahanC = 0.0
        var incremental = false
        var i = 1
        while i < f.count {
            let v = f[i].v
            count = Double(i + 1)
            i += 1
            if !incremental {
                let (newSum, newC) = kahanInc(v, sum, kahanC)
                if !newSum.isInfinite {
                    sum = newSum
                    kahanC = newC
                    continue
                }
                incremental = true
                mean = sum / (count - 1)
                kahanC /= (count - 1)
            }
            let q = (count - 1) / count
            (mean, kahanC) = kahanInc(v / count, q * mean, q * kahanC)
        }
        if incremental { return mean + kahanC }
        return sum / count + kahanC / count
    }

    static func sum(_ f: Points, _ a: WindowArgs) -> Double? {
        guard !f.isEmpty else { return nil }
        var sum = 0.0
        var c = 0.0
        for p in f { (sum, c) = kahanInc(p.v, sum, c) }
        if sum.isInfinite { return sum }
        return sum + c
    }

    static func count(_ f: Points, _ a: WindowArgs) -> Double? {
        f.isEmpty ? nil : Double(f.count)
    }

    static func present(_ f: Points, _ a: WindowArgs) -> Double? {
        f.isEmpty ? nil : 1
    }

    static func last(_ f: Points, _ a: WindowArgs) -> Double? { f.last?.v }
    static func first(_ f: Points, _ a: WindowArgs) -> Double? { f.first?.v }

    static func tsOfLast(_ f: Points, _ a: WindowArgs) -> Double? {
        guard let p = f.last else { return nil }
        return Double(p.t) / 1000
    }

    static func tsOfFirst(_ f: Points, _ a: WindowArgs) -> Double? {
        guard let p = f.first else { return nil }
        return Double(p.t) / 1000
    }

    @inline(__always) private static func compare(
        _ f: Points, returnTimestamp: Bool, _ better: (Double, Double) -> Bool
    ) -> Double? {
        guard !f.isEmpty else { return nil }
        var best = f[0].v
        var bestT = f[0].t
        for p in f where better(p.v, best) {
            best = p.v
            bestT = p.t
        }
        return returnTimestamp ? Double(bestT) / 1000 : best
    }

    static func max(_ f: Points, _ a: WindowArgs) -> Double? {
        compare(f, returnTimestamp: false) { $0 > $1 || $1.isNaN }
    }

    static func min(_ f: Points, _ a: WindowArgs) -> Double? {
        compare(f, returnTimestamp: false) { $0 < $1 || $1.isNaN }
    }

    static func tsOfMax(_ f: Points, _ a: WindowArgs) -> Double? {
        compare(f, returnTimestamp: true) { $0 >= $1 || $1.isNaN }
    }

    static func tsOfMin(_ f: Points, _ a: WindowArgs) -> Double? {
        compare(f, returnTimestamp: true) { $0 <= $1 || $1.isNaN }
    }

    static func quantile(_ f: Points, _ a: WindowArgs) -> Double? {
        guard !f.isEmpty else { return nil }
        var values = f.map(\.v)
        return Quantile.ofValues(a.p0, &values)
    }

    /// Variance with Kahan-compensated running mean (Prometheus's `varianceOverTime`).
    static func variance(_ f: Points) -> Double? {
        guard !f.isEmpty else { return nil }
        var count = 0.0
        var mean = 0.0, cMean = 0.0
        var aux = 0.0, cAux = 0.0
        for p in f {
            count += 1
            let delta = p.v - (mean + cMean)
            (mean, cMean) = kahanInc(delta / count, mean, cMean)
            (aux, cAux) = kahanInc(delta * (p.v - (mean + cMean)), aux, cAux)
        }
        return (aux + cAux) / count
    }

    static func stdvar(_ f: Points, _ a: WindowArgs) -> Double? { variance(f) }

    static func stddev(_ f: Points, _ a: WindowArgs) -> Double? { variance(f).map { $0.squareRoot() } }

    static func mad(_ f: Points, _ a: WindowArgs) -> Double? {
        guard !f.isEmpty else { return nil }
        var values: [Double] = []
        values.reserveCapacity(f.count)
        for p in f {
            if p.v.isNaN { return .nan }
            values.append(p.v)
        }
        let median = Quantile.ofValues(0.5, &values)
        for i in values.indices { values[i] = Swift.abs(values[i] - median) }
        return Quantile.ofValues(0.5, &values)
    }

    /// Holt's double exponential smoothing (Prometheus's `funcDoubleExponentialSmoothing`).
    static func doubleExponentialSmoothing(_ f: Points, _ a: WindowArgs) throws(EvaluationError) -> Double? {
        let sf = a.p0
        let tf = a.p1
        if sf <= 0 || sf >= 1 {
            throw EvaluationError(
                .execution, "invalid smoothing factor. Expected: 0 < sf < 1, got: \(GoFormat.fixed6(sf))")
        }
        if tf <= 0 || tf >= 1 {
            throw EvaluationError(.execution, "invalid trend factor. Expected: 0 < tf < 1, got: \(GoFormat.fixed6(tf))")
        }
        let l = f.count
        if l < 2 { return nil }
        var s0 = 0.0
        var s1 = f[0].v
        var b = f[1].v - f[0].v
        for i in 1..<l {
            let x = sf * f[i].v
            if i - 1 != 0 { b = tf * (s1 - s0) + (1 - tf) * b }
            let y = (1 - sf) * (s1 + b)
            s0 = s1
            s1 = x + y
        }
        return s1
    }
}

/// Quantiles over plain values (Prometheus's `quantile`).
enum Quantile {
    /// `values` is sorted in place (NaN first, as Prometheus sorts).
    static func ofValues(_ q: Double, _ values: inout [Double]) -> Double {
        if values.isEmpty || q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        values.sort { ($0.isNaN && !$1.isNaN) || $0 < $1 }
        let n = Double(values.count)
        let rank = q * (n - 1)
        let lowerIndex = GoMath.max(0, rank.rounded(.down))
        let upperIndex = GoMath.min(n - 1, lowerIndex + 1)
        let weight = rank - rank.rounded(.down)
        return values[Int(lowerIndex)] * (1 - weight) + values[Int(upperIndex)] * weight
    }
}

/// Go `fmt` verbs used in Prometheus's messages.
enum GoFormat {
    /// `%f`: six digits after the point.
    static func fixed6(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        let negative = v < 0 || (v == 0 && v.sign == .minus)
        let scaled = (Swift.abs(v) * 1_000_000).rounded(.toNearestOrEven)
        guard scaled < 9.0e18 else { return GoFloat.formatAPI(v) }
        let n = UInt64(scaled)
        let intPart = n / 1_000_000
        let frac = String(n % 1_000_000)
        return (negative ? "-" : "") + String(intPart) + "." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    /// `%g` with the shortest representation.
    static func g(_ v: Double) -> String { GoFloat.formatG(v) }
}
