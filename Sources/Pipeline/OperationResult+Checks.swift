import LabCore

extension OperationResult {
    /// Why the executor cannot keep this result, or nil: a matrix whose values do not fill its
    /// rows × columns could be neither drawn nor read back, so the step fails instead.
    var malformation: String? {
        for name in matrices.keys.sorted() {
            guard let matrix = matrices[name], !matrix.isWellFormed else { continue }
            return "the operation returned matrix '\(name)' with \(matrix.values.count) values for "
                + "\(matrix.rows) × \(matrix.columns) cells"
        }
        return nil
    }
}
