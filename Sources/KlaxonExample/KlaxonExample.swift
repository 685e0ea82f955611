/// Placeholder until the example application lands.
@main
struct KlaxonExample {
    static func main() {}
}
