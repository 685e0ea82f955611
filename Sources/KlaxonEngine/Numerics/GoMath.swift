#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Go's `math` package semantics where they differ from Swift's standard library.
enum GoMath {
    /// `math.Min`: -Inf wins over NaN, NaN wins over numbers, -0 is less than +0.
    @inline(__always) static func min(_ x: Double, _ y: Double) -> Double {
        if (x.isInfinite && x < 0) || (y.isInfinite && y < 0) { return -.infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && x == y { return x.sign == .minus ? x : y }
        return x < y ? x : y
    }

    /// `math.Max`: +Inf wins over NaN, NaN wins over numbers, +0 is greater than -0.
    @inline(__always) static func max(_ x: Double, _ y: Double) -> Double {
        if (x.isInfinite && x > 0) || (y.isInfinite && y > 0) { return .infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && x == y { return x.sign == .minus ? y : x }
        return x > y ? x : y
    }

    /// `math.Mod` (C's `fmod`): the result has the sign of `x`.
    @inline(__always) static func mod(_ x: Double, _ y: Double) -> Double { fmod(x, y) }

    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { Glibc_pow(x, y) }

    @inline(__always) static func atan2(_ y: Double, _ x: Double) -> Double { Glibc_atan2(y, x) }

    /// Go's `float64 → int64` conversion on amd64: out-of-range values and NaN become `Int64.min`.
    @inline(__always) static func int64(_ v: Double) -> Int64 {
        if v.isNaN || v >= 9_223_372_036_854_775_808.0 || v < -9_223_372_036_854_775_808.0 { return Int64.min }
        return Int64(v)
    }

    static func exp(_ v: Double) -> Double { Glibc_exp(v) }
    static func log(_ v: Double) -> Double { Glibc_log(v) }
    static func log2(_ v: Double) -> Double { Glibc_log2(v) }
    static func log10(_ v: Double) -> Double { Glibc_log10(v) }
    static func sin(_ v: Double) -> Double { Glibc_sin(v) }
    static func cos(_ v: Double) -> Double { Glibc_cos(v) }
    static func tan(_ v: Double) -> Double { Glibc_tan(v) }
    static func asin(_ v: Double) -> Double { Glibc_asin(v) }
    static func acos(_ v: Double) -> Double { Glibc_acos(v) }
    static func atan(_ v: Double) -> Double { Glibc_atan(v) }
    static func sinh(_ v: Double) -> Double { Glibc_sinh(v) }
    static func cosh(_ v: Double) -> Double { Glibc_cosh(v) }
    static func tanh(_ v: Double) -> Double { Glibc_tanh(v) }
    static func asinh(_ v: Double) -> Double { Glibc_asinh(v) }
    static func acosh(_ v: Double) -> Double { Glibc_acosh(v) }
    static func atanh(_ v: Double) -> Double { Glibc_atanh(v) }
}

// The C library's functions under names that do not clash with `GoMath`'s members.
@inline(__always) private func Glibc_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) private func Glibc_atan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
@inline(__always) private func Glibc_exp(_ v: Double) -> Double { exp(v) }
@inline(__always) private func Glibc_log(_ v: Double) -> Double { log(v) }
@inline(__always) private func Glibc_log2(_ v: Double) -> Double { log2(v) }
@inline(__always) private func Glibc_log10(_ v: Double) -> Double { log10(v) }
@inline(__always) private func Glibc_sin(_ v: Double) -> Double { sin(v) }
@inline(__always) private func Glibc_cos(_ v: Double) -> Double { cos(v) }
@inline(__always) private func Glibc_tan(_ v: Double) -> Double { tan(v) }
@inline(__always) private func Glibc_asin(_ v: Double) -> Double { asin(v) }
@inline(__always) private func Glibc_acos(_ v: Double) -> Double { acos(v) }
@inline(__always) private func Glibc_atan(_ v: Double) -> Double { atan(v) }
@inline(__always) private func Glibc_sinh(_ v: Double) -> Double { sinh(v) }
@inline(__always) private func Glibc_cosh(_ v: Double) -> Double { cosh(v) }
@inline(__always) private func Glibc_tanh(_ v: Double) -> Double { tanh(v) }
@inline(__always) private func Glibc_asinh(_ v: Double) -> Double { asinh(v) }
@inline(__always) private func Glibc_acosh(_ v: Double) -> Double { acosh(v) }
@inline(__always) private func Glibc_atanh(_ v: Double) -> Double { atanh(v) }

/// Kahan–Neumaier compensated summation step (Prometheus's `kahansum.Inc`): adds `inc` to `sum` and
/// returns the new sum and compensation. When the sum overflows the compensation is reset.
@inline(__always) func kahanInc(_ inc: Double, _ sum: Double, _ c: Double) -> (Double, Double) {
    let t = sum + inc
    var c = c
    if t > Double.greatestFiniteMagnitude || t < -Double.greatestFiniteMagnitude {
        c = 0
    } else if Swift.abs(sum) >= Swift.abs(inc) {
        c += (sum - t) + inc
    } else {
        c += (inc - t) + sum
    }
    return (t, c)
}
