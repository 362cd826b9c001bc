import ModelFile

/// `--list-models`: one line per model in view, in order of precedence, then one line per
/// model file that could not be loaded.
struct ModelListing {
    let models: [ModelFile]
    let problems: [ModelFileError]

    init(_ listed: (models: [ModelFile], problems: [ModelFileError])) {
        (models, problems) = listed
    }

    var text: String {
        let header = ["name", "identity", "kind", "tile", "parameters", "where"]
        let rows = models.map { m -> [String] in
            let kind: String
            switch m.config.pixelModel {
            case .bernoulli: kind = "bi-level"
            case .logisticMixture(let k): kind = "grayscale (\(k)-logistic mixture)"
            }
            return [m.name, String(m.identity.description.prefix(12)), kind, "\(m.config.tile)x\(m.config.tile)",
                    "\(m.config.parameterCount)", m.origin.description]
        }
        return (TextTable.render(header, rows) + problems.map { "skipped: \($0)" }).joined(separator: "\n")
    }
}
