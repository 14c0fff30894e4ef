import LabCore

/// Turning a token budget into a character budget before any tokenizer exists (a recipe asks
/// for `length: 512` tokens, and the corpus is generated before the tokenizer is trained).
public enum LengthEstimate {
    /// A high estimate of UTF-8 bytes per token for a BPE of `vocabSize` trained on the same
    /// generated task. Measured (Tasks tests, seed 1, BPE trained on 400 kB of kv-recall):
    /// vocab 300 → 1.4–2.0, 384 → 1.8–3.2, 512 → 2.0–4.5, 768 and 1024 → 2.3–5.1 bytes per
    /// token on long texts, up to 4.8 on short filler (filler highest: its lexicon is small;
    /// multidoc-qa lowest with a tokenizer trained elsewhere). Taking a margin over the high end
    /// means an example of
    /// `characters(forAtLeastTokens:vocabSize:)` characters encodes to at least that many
    /// tokens on these tasks; crop to length after encoding.
    public static func bytesPerToken(vocabSize: Int) -> Double {
        switch vocabSize {
        case ..<320: return 2.2
        case ..<448: return 3.5
        case ..<640: return 5.2
        default: return 5.8
        }
    }

    /// Characters to generate so an example holds at least `tokens` tokens (see above).
    public static func characters(forAtLeastTokens tokens: Int, vocabSize: Int) -> Int {
        CheckedSize.clampedInt((Double(max(0, tokens)) * bytesPerToken(vocabSize: vocabSize)).rounded(.up)) ?? 0
    }
}
