/// The natural string order `sort_by_label` uses (that of Go's `facette/natsort`): runs of digits compare
/// by numeric value (leading zeros skipped, then by length, then digit by digit), other bytes compare as bytes.
enum NaturalSort {
    static func less(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var i = 0
        var j = 0
        while true {
            if i >= x.count { return j < y.count }
            if j >= y.count { return false }
            var cx = x[i]
            var cy = y[j]
            if isDigit(cx) && isDigit(cy) {
                var lenX = 1
                while i + lenX < x.count {
                    let next = x[i + lenX]
                    if cx == 48 {
                        i += 1
                        cx = next
                        continue
                    }
                    if isDigit(next) { lenX += 1 } else { break }
                }
                var lenY = 1
                while j + lenY < y.count {
                    let next = y[j + lenY]
                    if cy == 48 {
                        j += 1
                        cy = next
                        continue
                    }
                    if isDigit(next) { lenY += 1 } else { break }
                }
                if lenY > lenX { return true }
                if lenX > lenY { return false }
                for k in 0..<lenX where x[i + k] != y[j + k] { return x[i + k] < y[j + k] }
                i += lenX
                j += lenY
                continue
            }
            if cx == cy {
                i += 1
                j += 1
                continue
            }
            return cx < cy
        }
    }

    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}
