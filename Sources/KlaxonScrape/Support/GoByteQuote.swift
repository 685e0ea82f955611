import KlaxonModel

/// Go's `%q` for a byte slice (`strconv.Quote` of the bytes as a string): valid UTF-8 is quoted like
/// `GoQuote.quote`, every byte of an invalid sequence becomes `\xNN`. Prometheus prints offending input this way
/// in its exposition parse errors.
enum GoByteQuote {
    static func quote(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out = "\""
        var i = 0
        while i < bytes.count {
            let (scalar, length) = UTF8Validation.decode(bytes, at: i)
            if let scalar {
                let quoted = GoQuote.quote(String(Character(scalar)))
                out += quoted.dropFirst().dropLast()
                i += length
            } else {
                out += "\\x" + hex(bytes[i])
                i += 1
            }
        }
        out += "\""
        return out
    }

    static func quote(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { quote($0) }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}

/// UTF-8 checks on raw bytes (no allocation).
enum UTF8Validation {
    /// Decodes the scalar starting at `i`; nil (length 1) for an invalid or truncated sequence.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar?, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let length: Int
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07)
        default: return (nil, 1)
        }
        guard i + length <= bytes.count else { return (nil, 1) }
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        // Overlong encodings, surrogates and values past U+10FFFF are invalid.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value),
            let scalar = Unicode.Scalar(value)
        else { return (nil, 1) }
        return (scalar, length)
    }

    /// True when `bytes[range]` is valid UTF-8.
    @inline(__always)
    static func isValid(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            if base[i] < 0x80 {
                i += 1
                continue
            }
            let buffer = UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
            return isValidSlow(buffer, from: i - range.lowerBound)
        }
        return true
    }

    private static func isValidSlow(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var i = start
        while i < bytes.count {
            let (scalar, length) = decode(bytes, at: i)
            if scalar == nil { return false }
            i += length
        }
        return true
    }
}
