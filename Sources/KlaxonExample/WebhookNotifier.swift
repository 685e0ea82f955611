import KlaxonAlerting

/// Stand-in until the KlaxonNotify webhook sender is available to the example.
func makeWebhookNotifier(url: String) -> any AlertNotifier {
    print("warning: --webhook-url \(url) ignored: webhook notifications are not available in this build")
    return ClosureAlertNotifier { _, _ in }
}
