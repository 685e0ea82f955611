/// Saturating time arithmetic shared by the rules, the server and anyone handling user-given times.
extension Int64 {
    /// `self + other`, clamped to the representable range (times and durations come from user input).
    public func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        if overflow { return other > 0 ? .max : .min }
        return sum
    }

    /// `self - other`, clamped to the representable range.
    public func subtractingSaturated(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        if overflow { return other < 0 ? .max : .min }
        return difference
    }

    /// `self * other`, clamped to the representable range.
    public func multipliedSaturated(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        if overflow { return (self < 0) == (other < 0) ? .max : .min }
        return product
    }
}
