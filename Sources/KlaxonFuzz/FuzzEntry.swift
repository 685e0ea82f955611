// The fuzzing driver. Built with libFuzzer (scripts/fuzz.sh passes -sanitize=fuzzer and
// -DKLAXON_LIBFUZZER), libFuzzer supplies `main` and this file only exports its entry point; built normally,
// `FuzzReplay` replays files given on the command line (a corpus or crashers) through the chosen target.
#if KLAXON_LIBFUZZER
    import Glibc

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
        let name = getenv("KLAXON_FUZZ_TARGET").map { String(cString: $0) } ?? "promql"
        let target = FuzzTarget(rawValue: name) ?? .promql
        let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
        target.run(bytes)
        return 0
    }

    /// libFuzzer's driver, called from the executable's `main` (SwiftPM links executables through
    /// `<module>_main`, which would otherwise hide libFuzzer's own `main`).
    @_silgen_name("LLVMFuzzerRunDriver")
    func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
    ) -> CInt

    @_cdecl("KlaxonFuzz_main")
    func klaxonFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return llvmFuzzerRunDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
    }
#else
    import Foundation

    /// Replays inputs through a fuzz target: `KlaxonFuzz TARGET FILE…`.
    @main
    struct FuzzReplay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
                print("usage: KlaxonFuzz \(names) FILE…")
                exit(2)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("cannot read \(path)")
                    exit(1)
                }
                target.run(Array(data))
            }
            print("replayed \(arguments.count - 1) inputs through \(name)")
        }
    }
#endif
