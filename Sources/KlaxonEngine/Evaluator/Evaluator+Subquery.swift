import KlaxonModel

extension Evaluator {
    /// Evaluates a subquery's inner expression at its own steps, which are absolute multiples of its step
    /// (Prometheus's `runSubquery`). The result keeps the inner evaluation's timestamps.
    func evalSubquery(_ sq: SubqueryNode) throws(EvaluationError) -> Matrix {
        var baseStart = start
        var baseEnd = end
        if let at = sq.at {
            baseStart = at
            baseEnd = at
        } else if interval > 0 {
            // Never evaluate past the parent's last actual step.
            baseEnd = time(ofStep: numSteps - 1)
        }
        let subEnd = baseEnd &- sq.offset
        let step = sq.step
        let earliest = baseStart &- sq.offset &- sq.window
        // Go's integer division truncates toward zero; so does Swift's.
        var subStart = step &* (earliest / step)
        if subStart <= earliest { subStart &+= step }
        let inner = child(start: subStart, end: subEnd, interval: step)
        if inner.numSteps > ctx.options.maxSamples {
            throw EvaluationError(.tooManySamples, QueryContext.tooManySamplesMessage)
        }
        return try inner.evalMatrix(sq.expr)
    }
}
