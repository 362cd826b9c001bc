import Foundation

/// JSON text for the one-line reports: objects from ordered fields whose values are already JSON.
enum JSONText {
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    static func array(_ values: [String]) -> String { "[" + values.joined(separator: ",") + "]" }

    static func quoted(_ s: String) -> String {
        String(decoding: try! JSONEncoder().encode(s), as: UTF8.self)
    }

    static func number(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
}
