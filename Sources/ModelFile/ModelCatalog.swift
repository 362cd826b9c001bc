import Foundation

/// The models a run can see, and the rules that pick one: the files given with `--model`, the
/// `.safetensors` files in the directories of `VLAE_MODEL_PATH` (colon-separated), and the
/// shipped models, in that order of precedence.
public struct ModelCatalog: Sendable {
    /// The environment variable that lists directories of model files.
    public static let searchPathVariable = "VLAE_MODEL_PATH"

    /// Models given by the user, loaded and checked.
    public let given: [ModelFile]
    /// Directories searched for `.safetensors` files.
    public let searchDirectories: [String]
    /// Whether compression takes each shipped model's `strongerModel` in its place (`--best`).
    public let strongest: Bool

    /// - Throws: the first given file that cannot be read or is not a valid model.
    public init(modelFiles: [String] = [], searchPath: String? = nil, strongest: Bool = false) throws(ModelFileError) {
        var given: [ModelFile] = []
        for path in modelFiles { given.append(try ModelFile(contentsOfFile: path)) }
        self.given = given
        searchDirectories = (searchPath ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        self.strongest = strongest
    }

    /// The shipped models only.
    public static let shippedOnly = ModelCatalog(given: [], searchDirectories: [], strongest: false)
    /// The shipped models only, the strongest of each kind (`--best`).
    public static let strongestShipped = ModelCatalog(given: [], searchDirectories: [], strongest: true)

    private init(given: [ModelFile], searchDirectories: [String], strongest: Bool) {
        self.given = given
        self.searchDirectories = searchDirectories
        self.strongest = strongest
    }

    /// The catalog of a process: its `--model` files and its `VLAE_MODEL_PATH`; `strongest` with `--best`.
    public static func fromEnvironment(modelFiles: [String], strongest: Bool = false) throws(ModelFileError) -> ModelCatalog {
        try ModelCatalog(modelFiles: modelFiles, searchPath: ProcessInfo.processInfo.environment[searchPathVariable], strongest: strongest)
    }

    /// The models that may compress images of values 0 … `maxValue`: the first given model
    /// alone (the user's choice, which must then be able to code them), else the shipped models
    /// of the input's kind that still code new files: bi-level models for bi-level images
    /// (`maxValue` 1), grayscale ones otherwise; when `strongest`, not the models that have a
    /// `strongerModel`. When several remain, the compressor keeps the one that codes a sample of
    /// the input's tiles best, a faster model in place of its stronger one unless that one is
    /// clearly better (`Compressor.vlaeModel`).
    public func candidates(forMaxValue maxValue: Int) throws(ModelFileError) -> [ModelFile] {
        if let chosen = given.first { return [chosen] }
        var models: [ModelFile] = []
        for which in ShippedModel.allCases where which.codesNewFiles && !(strongest && which.strongerModel != nil) {
            let model = try which.load()
            if (model.config.pixelModel == .bernoulli) == (maxValue == 1) { models.append(model) }
        }
        return models
    }

    /// The model with `identity`, searched among the given files, the files in the search
    /// directories (unreadable or invalid ones are skipped), and the shipped models; nil if none.
    public func model(identity: ModelIdentity) -> ModelFile? {
        if let found = given.first(where: { $0.identity == identity }) { return found }
        for path in searchPathFiles() {
            guard let bytes = FileManager.default.contents(atPath: path).map(Array.init),
                  ModelIdentity(bytes: SHA256.digest(bytes)) == identity else { continue }
            if let found = try? ModelFile(bytes: bytes, origin: .file(path: path)) { return found }
        }
        return ShippedModel(identity: identity).flatMap { try? $0.load() }
    }

    /// Every model in view, in order of precedence, with the files that could not be loaded.
    public func all() -> (models: [ModelFile], problems: [ModelFileError]) {
        var models = given, problems: [ModelFileError] = []
        for path in searchPathFiles() {
            do { models.append(try ModelFile(contentsOfFile: path)) } catch { problems.append(error) }
        }
        for which in ShippedModel.allCases {
            do { models.append(try which.load()) } catch { problems.append(error) }
        }
        return (models, problems)
    }

    /// The `.safetensors` files directly inside the search directories, sorted by path.
    func searchPathFiles() -> [String] {
        searchDirectories.flatMap { dir -> [String] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            return names.filter { $0.hasSuffix(".safetensors") }.sorted().map { (dir as NSString).appendingPathComponent($0) }
        }
    }
}
