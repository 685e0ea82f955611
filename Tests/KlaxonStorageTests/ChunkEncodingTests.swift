import KlaxonModel
import Testing

@testable import KlaxonStorage

@Suite struct ChunkEncodingTests {
    /// Value shapes the generator mixes: integral counters, decimals, arbitrary doubles, and special values.
    enum Shape: CaseIterable { case counter, decimal, arbitrary, special, mixed }

    static func randomPoints(count: Int, shape: Shape, using rng: inout SeededGenerator) -> [FPoint] {
        var t = Int64.random(in: -2_000_000_000_000...2_000_000_000_000, using: &rng)
        var counter = Double(Int.random(in: 0...1_000_000, using: &rng))
        var points: [FPoint] = []
        let specials: [Double] = [
            StaleMarker.value, .nan, -.nan, Double(bitPattern: 0x7ff8_0000_dead_beef),
            Double(bitPattern: 0x7ff0_0000_0000_0001),
            -0.0, 0.0, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNormalMagnitude,
        ]
        for _ in 0..<count {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: t &+= 15_000
            case 1: t &+= 15_000 + Int64.random(in: -5...5, using: &rng)
            case 2: t &+= Int64.random(in: 1...100_000, using: &rng)
            default: t &+= Int64.random(in: 1...Int64(1) << 40, using: &rng)
            }
            let value: Double
            switch shape {
            case .counter:
                counter += Double(Int.random(in: 0...10, using: &rng))
                value = counter
            case .decimal:
                value =
                    Double(Int.random(in: -99_999...99_999, using: &rng))
                    / [1, 10, 100, 1000][Int.random(in: 0..<4, using: &rng)]
            case .arbitrary:
                value = Double(bitPattern: rng.next())
            case .special:
                value = specials.randomElement(using: &rng)!
            case .mixed:
                value = [
                    counter, Double(Int.random(in: 0...99, using: &rng)) / 10, Double(bitPattern: rng.next()),
                    specials.randomElement(using: &rng)!,
                ].randomElement(using: &rng)!
            }
            points.append(FPoint(t: t, v: value))
        }
        return points
    }

    @Test("sealed encoding round-trips every sample bit-exactly", arguments: Shape.allCases)
    func sealedRoundTrip(shape: Shape) {
        var rng = SeededGenerator(seed: 42 &+ UInt64(Shape.allCases.firstIndex(of: shape)!))
        for _ in 0..<300 {
            let points = Self.randomPoints(count: Int.random(in: 1...120, using: &rng), shape: shape, using: &rng)
            let decoded = ChunkDecoder.decode(ChunkEncoder.encode(points))
            #expect(decoded == points)
            if decoded != points { return }
        }
    }

    @Test("open chunks round-trip every prefix, across rescaling and the fall back to XOR", arguments: Shape.allCases)
    func openRoundTrip(shape: Shape) {
        var rng = SeededGenerator(seed: 7 &+ UInt64(Shape.allCases.firstIndex(of: shape)!))
        for _ in 0..<100 {
            let points = Self.randomPoints(count: Int.random(in: 1...120, using: &rng), shape: shape, using: &rng)
            var chunk = OpenChunk()
            for (i, p) in points.enumerated() {
                chunk.append(t: p.t, v: p.v)
                if i % 17 == 0 || i == points.count - 1 {
                    let decoded = chunk.points()
                    #expect(decoded == Array(points[...i]))
                    if decoded != Array(points[...i]) { return }
                }
            }
        }
    }

    @Test("decoding honours the inclusive time range")
    func rangeFilter() {
        let points = (0..<120).map { FPoint(t: Int64($0) * 1000, v: Double($0)) }
        var out: [FPoint] = []
        ChunkEncoder.encode(points).withUnsafeBytes { ChunkDecoder.decode($0, mint: 5000, maxt: 9000, into: &out) }
        #expect(out == Array(points[5...9]))
    }

    @Test("a malformed chunk decodes to nothing instead of trapping")
    func malformed() {
        #expect(ChunkDecoder.decode([]) == [])
        #expect(ChunkDecoder.decode([0xff, 0xff, 0xff]) == [])
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = ChunkDecoder.decode(bytes)
        }
    }

    @Test("regular integral counters take about one byte per sample or less")
    func counterSize() {
        var rng = SeededGenerator(seed: 3)
        var value = 1000.0
        let points = (0..<120).map { i -> FPoint in
            value += Double(Int.random(in: 0...10, using: &rng))
            return FPoint(t: 1_700_000_000_000 + Int64(i) * 15_000, v: value)
        }
        let size = ChunkEncoder.encode(points).count
        #expect(Double(size) / 120 <= 1.0)
    }

    @Test("jittered scrapes use the grid layout and growing counters an unsigned value stream")
    func layoutChoice() throws {
        var rng = SeededGenerator(seed: 17)
        var value = 0.0
        let points = (0..<120).map { i -> FPoint in
            // mostly unchanged, sometimes up by 1...9: skewed, so unsigned beats zigzag around the median
            if Int.random(in: 0..<10, using: &rng) < 6 { value += Double(Int.random(in: 1...9, using: &rng)) }
            return FPoint(t: 1_700_000_000_000 + Int64(i) * 15_000 + Int64.random(in: -2...2, using: &rng), v: value)
        }
        let bytes = ChunkEncoder.encode(points)
        let header = try #require(bytes.withUnsafeBytes { ChunkHeader.parse($0) }).header
        #expect(header.timestampGrid)
        #expect(header.gridStep == 15_000)
        #expect(header.isDecimal)
        #expect(header.valueCode.unsigned)
        #expect(ChunkDecoder.decode(bytes) == points)
    }

    @Test("stream codes round-trip extreme values in both signed and unsigned form")
    func streamCodeExtremes() {
        let values: [Int64] = [0, 1, -1, .max, .min, 1 << 40, -(1 << 40), 12345, -7]
        for unsigned in [false, true] {
            for indices in [(UInt8(0), UInt8(5), UInt8(11)), (3, 8, 15), (0, 1, 2)] {
                let code = StreamCode(bias: unsigned ? .min : 3, indices: indices, unsigned: unsigned)
                #expect(StreamCode(bias: code.bias, packed: code.packedIndices) == code)
                var writer = BitWriter()
                for v in values { code.write(v, to: &writer) }
                var bytes: [UInt8] = []
                writer.appendBytes(to: &bytes)
                let decoded = bytes.withUnsafeBytes { buffer -> [Int64] in
                    var reader = BitReader(buffer)
                    return values.map { _ in code.read(from: &reader) }
                }
                #expect(decoded == values)
                #expect(StreamCode(bias: code.bias, packed: code.packedIndices) == code)
            }
        }
    }

    @Test("a stream whose values all fit one width is written without class prefixes")
    func singleClass() {
        var values: [Int64] = [3, 7, 0, 5, 1, 6, 2, 4, 7, 0]
        let (code, bits) = values.withUnsafeMutableBufferPointer { StreamCode.optimal(for: $0) }
        #expect(code.single)
        #expect(code.w0 == 3)
        var writer = BitWriter()
        let original: [Int64] = [3, 7, 0, 5, 1, 6, 2, 4, 7, 0]
        for v in original { code.write(v, to: &writer) }
        #expect(writer.bitCount == 30)
        #expect(bits >= 30)
        var bytes: [UInt8] = []
        writer.appendBytes(to: &bytes)
        let decoded = bytes.withUnsafeBytes { buffer -> [Int64] in
            var reader = BitReader(buffer)
            return original.map { _ in code.read(from: &reader) }
        }
        #expect(decoded == original)
        #expect(StreamCode(bias: code.bias, packed: code.packedIndices) == code)
    }
}
