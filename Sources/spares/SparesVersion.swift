/// The version of Spares, recorded in every result so that runs can be matched to the code.
enum SparesVersion {
    static let number = "0.2.0"
    static var description: String { "spares \(number)" }
}
