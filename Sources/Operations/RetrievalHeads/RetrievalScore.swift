/// Retrieval scores as the official code counts them (`retrieval_calculate`): at every token
/// the model produces, a head *copies* when its argmax attention position lies inside the
/// needle's answer span and the prompt token there is the produced token; each copy adds
/// 1 / span length. The stop token's step counts too (the official loop scores a token before
/// testing it for the stop). Scores can pass 1 when the output repeats the answer, as there.
enum RetrievalScore {
    /// (L·NH) layer-major: the score of every head on one sample.
    /// `argmax[s]` (L·NH) is the read-out of the step that produced `produced[s]`.
    static func perHead(prompt: [Int32], answerSpan: Range<Int>, produced: [Int32], argmax: [[Int32]],
                        headCount: Int) -> [Double] {
        var scores = [Double](repeating: 0, count: headCount)
        guard !answerSpan.isEmpty else { return scores }
        let unit = 1 / Double(answerSpan.count)
        for (token, row) in zip(produced, argmax) {
            for k in 0..<min(headCount, row.count) {
                let position = Int(row[k])
                if answerSpan.contains(position), position < prompt.count, prompt[position] == token { scores[k] += unit }
            }
        }
        return scores
    }
}

/// Scores summed over the samples the model answered (ROUGE-1 recall > the cut, 50 as the
/// official code); failed samples are left out of every mean.
struct RetrievalTally {
    let headCount: Int
    /// A head is active on a sample when it scores above this (0.1, the paper's threshold).
    let threshold: Double
    /// The recall (× 100) a sample must pass to count.
    let answeredAbove: Double
    private(set) var sums: [Double]
    private(set) var activeCounts: [Int]
    private(set) var answered = 0
    private(set) var seen = 0

    init(headCount: Int, threshold: Double, answeredAbove: Double = 50) {
        self.headCount = headCount
        self.threshold = threshold
        self.answeredAbove = answeredAbove
        sums = [Double](repeating: 0, count: headCount)
        activeCounts = [Int](repeating: 0, count: headCount)
    }

    /// Adds one sample's per-head scores if its recall passes the cut; returns whether it did.
    @discardableResult
    mutating func add(recall: Double, scores: [Double]) -> Bool {
        seen += 1
        guard recall > answeredAbove else { return false }
        answered += 1
        for k in 0..<headCount {
            sums[k] += scores[k]
            if scores[k] > threshold { activeCounts[k] += 1 }
        }
        return true
    }

    /// (L·NH) mean score over the answered samples (0 when none was answered: no evidence).
    var meanScores: [Double] { sums.map { answered > 0 ? $0 / Double(answered) : 0 } }
    /// (L·NH) share of the answered samples on which the head scored above the threshold.
    var activationFrequency: [Double] { activeCounts.map { answered > 0 ? Double($0) / Double(answered) : 0 } }
}
