import KlaxonModel
import Synchronization
import Testing

@testable import KlaxonStorage

/// Drives the storage with random operations and compares it with a plain model: a dictionary of series to
/// sorted samples. Also checks the storage's internal invariants after every step.
@Suite struct StorageModelTests {
    struct Model {
        var series: [Labels: [Int64: Double]] = [:]
        var maxTime = Int64.min
        var minValid = Int64.min

        func expected(mint: Int64, maxt: Int64) -> [SeriesSamples] {
            let low = max(mint, minValid)
            return series.compactMap { labels, samples -> SeriesSamples? in
                let points = samples.filter { $0.key >= low && $0.key <= maxt }.sorted { $0.key < $1.key }
                    .map { FPoint(t: $0.key, v: $0.value) }
                return points.isEmpty ? nil : SeriesSamples(labels: labels, points: points)
            }
            .sorted { Labels.compare($0.labels, $1.labels) < 0 }
        }
    }

    @Test("random appends, out-of-order inserts, truncations and resets match a plain model", arguments: 0..<6)
    func randomOperations(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed) &* 104_729 &+ 3)
        let window: Int64 = 50_000
        var options = StorageOptions(outOfOrderWindow: window, samplesPerChunk: 20, chunkRange: 300_000)
        options.renumberAfterRemovals = 3
        let storage = MemoryStorage(options: options)
        var outcomes = Outcomes()
        var resets = 0
        var model = Model()
        let names = (0..<40).map { Labels(["__name__": "m\($0 % 4)", "i": String($0)]) }
        var clock: Int64 = 0
        for step in 0..<3000 {
            let operation = Int.random(in: 0..<1000, using: &rng)
            if operation < 700 {
                // in-order append at the advancing clock
                clock += Int64.random(in: 0...3000, using: &rng)
                let labels = names.randomElement(using: &rng)!
                let v = Int.random(in: 0..<5, using: &rng) == 0 ? Double(bitPattern: rng.next()) : Double(step)
                apply(storage, &model, labels, t: clock, v: v, &outcomes)
            } else if operation < 950 {
                // possibly out of order, possibly too old, possibly a duplicate
                let labels = names.randomElement(using: &rng)!
                // half of the time an existing timestamp: an exact repeat or a duplicate with another value
                let known = model.series[labels].map { Array($0.keys) } ?? []
                let t =
                    !known.isEmpty && Bool.random(using: &rng)
                    ? known.randomElement(using: &rng)! : clock - Int64.random(in: 0...(2 * window), using: &rng)
                let existing = model.series[labels]?[t]
                let v = existing != nil && Bool.random(using: &rng) ? existing! : Double(step) + 0.5
                apply(storage, &model, labels, t: t, v: v, &outcomes)
            } else if operation < 995 {
                let before = clock - Int64.random(in: 0...200_000, using: &rng)
                storage.truncate(before: before)
                model.minValid = max(model.minValid, before)
                for (labels, samples) in model.series {
                    let kept = samples.filter { $0.key >= before }
                    model.series[labels] = kept.isEmpty ? nil : kept
                }
            } else {
                resets += 1
                storage.reset()
                model = Model()
                clock = 0
            }
            if step % 100 == 0 || operation >= 950 {
                let problems = storage.checkInvariants()
                #expect(problems.isEmpty, "step \(step): \(problems)")
                let mint = clock - Int64.random(in: 0...400_000, using: &rng)
                let maxt = mint + Int64.random(in: 0...400_000, using: &rng)
                #expect(try storage.select([], mint: mint, maxt: maxt) == model.expected(mint: mint, maxt: maxt))
                if !problems.isEmpty { return }
            }
        }
        #expect(try storage.select([], mint: .min, maxt: .max) == model.expected(mint: .min, maxt: .max))
        #expect(storage.checkInvariants().isEmpty)
        // the run exercised every path
        #expect(outcomes.outOfOrder > 0)
        #expect(outcomes.tooOld > 0)
        #expect(outcomes.duplicates > 0)
        #expect(outcomes.repeats > 0)
        // every reset and every renumbering moves to a new epoch: some truncations renumbered the series
        #expect(Int(storage.state.withLock { $0.epoch }) > resets)
    }

    struct Outcomes {
        var outOfOrder = 0
        var tooOld = 0
        var duplicates = 0
        var repeats = 0
    }

    /// Appends to both, checking that the storage accepts exactly what Prometheus's rules accept.
    private func apply(
        _ storage: MemoryStorage,
        _ model: inout Model,
        _ labels: Labels,
        t: Int64,
        v: Double,
        _ outcomes: inout Outcomes
    ) {
        let samples = model.series[labels] ?? [:]
        let newest = samples.keys.max()
        let expectedError: AppendError?
        if t < model.minValid {
            expectedError = .tooOldSample
        } else if let newest, t < newest && t < model.maxTime - 50_000 {
            expectedError = .tooOldSample
        } else if let existing = samples[t], existing.bitPattern != v.bitPattern {
            expectedError = .duplicateSampleForTimestamp(timestamp: t, existing: existing, new: v)
        } else {
            expectedError = nil
        }
        switch expectedError {
        case .tooOldSample: outcomes.tooOld += 1
        case .duplicateSampleForTimestamp: outcomes.duplicates += 1
        default:
            if samples[t] != nil { outcomes.repeats += 1 } else if let newest, t < newest { outcomes.outOfOrder += 1 }
        }
        do throws(AppendError) {
            try storage.append(labels, t: t, v: v)
            #expect(expectedError == nil, "accepted \(labels) t=\(t), expected \(String(describing: expectedError))")
            model.series[labels, default: [:]][t] = v
            model.maxTime = max(model.maxTime, t)
        } catch {
            #expect(error == expectedError, "rejected \(labels) t=\(t) with \(error)")
        }
    }
}
