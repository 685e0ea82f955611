extension Labels {
    /// FNV-1a 64 over `name 0xff value 0xff` for each label in order: Alertmanager's `LabelSet.Fingerprint`
    /// and the `fingerprint` field of webhook payloads (printed as 16 hex digits).
    public var fingerprint: UInt64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        @inline(__always) func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 1_099_511_628_211
        }
        for label in storage {
            for byte in label.name.utf8 { mix(byte) }
            mix(0xff)
            for byte in label.value.utf8 { mix(byte) }
            mix(0xff)
        }
        return hash
    }

    /// The fingerprint as Alertmanager prints it: 16 lowercase hex digits.
    public var fingerprintHex: String {
        let hex = String(fingerprint, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
