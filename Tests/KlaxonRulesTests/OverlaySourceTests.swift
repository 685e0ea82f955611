import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonRules

@Suite struct OverlaySourceTests {
    @Test("the overlay rejects a different value at the same time and older samples, accepts a repeat")
    func appendRules() throws {
        var overlay = SampleOverlay()
        let labels: Labels = ["__name__": "x"]
        try overlay.append(Sample(labels: labels, t: 10, v: 1))
        try overlay.append(Sample(labels: labels, t: 10, v: 1))
        #expect(throws: AppendError.duplicateSampleForTimestamp(timestamp: 10, existing: 1, new: StaleMarker.value)) {
            try overlay.append(Sample(labels: labels, t: 10, v: StaleMarker.value))
        }
        #expect(throws: AppendError.outOfOrderSample) {
            try overlay.append(Sample(labels: labels, t: 5, v: 1))
        }
        #expect(overlay.samples.count == 1)
    }

    @Test("select merges overlay series into the base, base winning at equal timestamps")
    func select() throws {
        let base = ArraySeriesSource(series: [
            SeriesSamples(labels: ["__name__": "x", "a": "1"], points: [FPoint(t: 0, v: 1), FPoint(t: 10, v: 2)]),
        ])
        var overlay = SampleOverlay()
        try overlay.append(Sample(labels: ["__name__": "x", "a": "1"], t: 10, v: 99))
        try overlay.append(Sample(labels: ["__name__": "x", "a": "1"], t: 20, v: 3))
        try overlay.append(Sample(labels: ["__name__": "x", "a": "0"], t: 20, v: 4))
        try overlay.append(Sample(labels: ["__name__": "y"], t: 20, v: 5))
        let source = OverlaySource(base: base, overlay: overlay)
        let selected = try source.select([.equal("__name__", "x")], mint: 0, maxt: 20)
        #expect(selected == [
            SeriesSamples(labels: ["__name__": "x", "a": "0"], points: [FPoint(t: 20, v: 4)]),
            SeriesSamples(labels: ["__name__": "x", "a": "1"],
                          points: [FPoint(t: 0, v: 1), FPoint(t: 10, v: 2), FPoint(t: 20, v: 3)]),
        ])
        #expect(try source.select([.equal("__name__", "x")], mint: 0, maxt: 15).count == 1)
        #expect(try source.labelValues("__name__", matching: [], mint: 0, maxt: 20) == ["x", "y"])
        let overlayOnly = OverlaySource(base: ArraySeriesSource(series: []), overlay: overlay)
        #expect(try overlayOnly.labelNames(matching: [[.equal("__name__", "y")]], mint: 0, maxt: 20) == ["__name__"])
        #expect(try overlayOnly.labelNames(matching: [], mint: 0, maxt: 20) == ["__name__", "a"])
    }
}
