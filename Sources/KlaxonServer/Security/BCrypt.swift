/// bcrypt (Provos and Mazières, "A Future-Adaptable Password Scheme", 1999): the password hashes of
/// exporter-toolkit's `basic_auth_users` (`$2a$`, `$2b$`, `$2y$`, cost 4–31). Written from the paper's
/// description (EksBlowfishSetup, then 64 encryptions of "OrpheanBeholderScryDoubt") and checked against
/// the system's crypt(3) in the tests.
enum BCrypt {
    /// A hash string that is not bcrypt's `$2?$NN$<22 salt chars><31 hash chars>`.
    struct FormatError: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// The parts of a hash string.
    struct Parsed: Equatable {
        var version: String
        var cost: Int
        var salt: [UInt8]
        /// `$2b$10$` plus the 22 salt characters: what the computed hash is appended to.
        var prefix: String
        var hash: String
    }

    static func parse(_ text: String) throws(FormatError) -> Parsed {
        let chars = Array(text.utf8)
        guard chars.count == 60, chars[0] == UInt8(ascii: "$"), chars[1] == UInt8(ascii: "2"),
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(chars[2]), chars[3] == UInt8(ascii: "$"),
            chars[6] == UInt8(ascii: "$")
        else { throw FormatError(description: "not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)") }
        guard let tens = digit(chars[4]), let ones = digit(chars[5]) else {
            throw FormatError(description: "invalid bcrypt cost")
        }
        let cost = tens * 10 + ones
        guard (4...31).contains(cost) else { throw FormatError(description: "bcrypt cost \(cost) outside 4...31") }
        let saltText = Array(chars[7..<29])
        guard let salt = decode(saltText, count: 16), decode(Array(chars[29...]), count: 23) != nil else {
            throw FormatError(description: "invalid bcrypt base64")
        }
        return Parsed(
            version: String(decoding: chars[1..<3], as: UTF8.self), cost: cost, salt: salt,
            prefix: String(decoding: chars[0..<29], as: UTF8.self), hash: String(decoding: chars[29...], as: UTF8.self))
    }

    /// Whether `password` matches the hash string `hash` (compared in constant time).
    static func verify(_ password: [UInt8], hash: Parsed) -> Bool {
        let computed = Array(encode(digest(password, salt: hash.salt, cost: hash.cost)).utf8)
        return SHA256.constantTimeEqual(computed, Array(hash.hash.utf8))
    }

    /// A full hash string (`$2b$…`), for tests and tooling.
    static func hash(_ password: [UInt8], salt: [UInt8], cost: Int) -> String {
        precondition(salt.count == 16 && (4...31).contains(cost), "bcrypt needs a 16-byte salt and a cost in 4...31")
        let costText = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$2b$" + costText + "$" + String(encode(salt).prefix(22))
            + encode(digest(password, salt: salt, cost: cost))
    }

    /// The 23 bytes bcrypt keeps of the encrypted magic text.
    static func digest(_ password: [UInt8], salt: [UInt8], cost: Int) -> [UInt8] {
        // The key is the password with its terminating NUL, at most 72 bytes.
        var key = Array(password.prefix(72))
        if key.count < 72 { key.append(0) }
        var state = Blowfish()
        state.expand(key: key, salt: salt)
        let rounds = UInt64(1) << UInt64(cost)
        var i: UInt64 = 0
        while i < rounds {
            state.expand(key: key, salt: nil)
            state.expand(key: salt, salt: nil)
            i += 1
        }
        var text: [UInt32] = [0x4f72_7068, 0x6561_6e42, 0x6568_6f6c, 0x6465_7253, 0x6372_7944, 0x6f75_6274]
        for _ in 0..<64 {
            for j in stride(from: 0, to: 6, by: 2) {
                var l = text[j]
                var r = text[j + 1]
                state.encipher(&l, &r)
                text[j] = l
                text[j + 1] = r
            }
        }
        var out: [UInt8] = []
        for word in text {
            out += [UInt8(word >> 24), UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff), UInt8(word & 0xff)]
        }
        return Array(out.prefix(23))
    }

    private static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// bcrypt's base64 (its own alphabet, no padding).
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let c1 = bytes[i]
            out.append(alphabet[Int(c1 >> 2)])
            var rest = (c1 & 0x03) << 4
            guard i + 1 < bytes.count else {
                out.append(alphabet[Int(rest)])
                break
            }
            let c2 = bytes[i + 1]
            rest |= c2 >> 4
            out.append(alphabet[Int(rest)])
            rest = (c2 & 0x0f) << 2
            guard i + 2 < bytes.count else {
                out.append(alphabet[Int(rest)])
                break
            }
            let c3 = bytes[i + 2]
            rest |= c3 >> 6
            out.append(alphabet[Int(rest)])
            out.append(alphabet[Int(c3 & 0x3f)])
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `count` bytes from bcrypt base64 text; nil on a character outside the alphabet.
    static func decode(_ text: [UInt8], count: Int) -> [UInt8]? {
        var values: [UInt8] = []
        for c in text {
            guard let index = alphabet.firstIndex(of: c) else { return nil }
            values.append(UInt8(index))
        }
        var out: [UInt8] = []
        var i = 0
        while out.count < count && i + 1 < values.count {
            out.append(values[i] << 2 | values[i + 1] >> 4)
            if out.count < count && i + 2 < values.count { out.append(values[i + 1] << 4 | values[i + 2] >> 2) }
            if out.count < count && i + 3 < values.count { out.append(values[i + 2] << 6 | values[i + 3]) }
            i += 4
        }
        return out.count == count ? out : nil
    }

    private static func digit(_ c: UInt8) -> Int? {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") ? Int(c - UInt8(ascii: "0")) : nil
    }
}

/// Blowfish's key schedule state, with bcrypt's salted key expansion.
struct Blowfish {
    var p: [UInt32] = BlowfishConstants.p
    var s: [UInt32] = BlowfishConstants.s

    @inline(__always)
    private func f(_ x: UInt32) -> UInt32 {
        let a = s[Int(x >> 24)]
        let b = s[256 + Int(x >> 16 & 0xff)]
        let c = s[512 + Int(x >> 8 & 0xff)]
        let d = s[768 + Int(x & 0xff)]
        return ((a &+ b) ^ c) &+ d
    }

    func encipher(_ left: inout UInt32, _ right: inout UInt32) {
        var l = left ^ p[0]
        var r = right
        var i = 1
        while i <= 16 {
            r ^= f(l) ^ p[i]
            l ^= f(r) ^ p[i + 1]
            i += 2
        }
        left = r ^ p[17]
        right = l
    }

    /// The key schedule with `key` cycled into the P-array; with `salt`, its words are mixed into every block
    /// encrypted while regenerating the subkeys (bcrypt's `ExpandKey(state, salt, key)`).
    mutating func expand(key: [UInt8], salt: [UInt8]?) {
        var keyIndex = 0
        for i in 0..<18 { p[i] ^= Self.word(key, &keyIndex) }
        var l: UInt32 = 0
        var r: UInt32 = 0
        var saltIndex = 0
        var i = 0
        while i < 18 {
            if let salt {
                l ^= Self.word(salt, &saltIndex)
                r ^= Self.word(salt, &saltIndex)
            }
            encipher(&l, &r)
            p[i] = l
            p[i + 1] = r
            i += 2
        }
        i = 0
        while i < 1024 {
            if let salt {
                l ^= Self.word(salt, &saltIndex)
                r ^= Self.word(salt, &saltIndex)
            }
            encipher(&l, &r)
            s[i] = l
            s[i + 1] = r
            i += 2
        }
    }

    /// The next four bytes of `data` (cycled) as a big-endian word.
    private static func word(_ data: [UInt8], _ index: inout Int) -> UInt32 {
        var out: UInt32 = 0
        for _ in 0..<4 {
            out = out << 8 | UInt32(data[index])
            index = (index + 1) % data.count
        }
        return out
    }
}
