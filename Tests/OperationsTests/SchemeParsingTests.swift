import LabCore
import XCTest
@testable import Operations

final class SchemeParsingTests: XCTestCase {
    private func parse(_ spec: String) throws -> TokenWeightScheme { try TokenWeightScheme(parsing: spec) }

    private func assertBadParameter(_ spec: String, _ name: String, mentions: [String],
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(spec), spec, file: file, line: line) { error in
            guard case TokenWeightingError.badParameter(let got, _) = error else {
                return XCTFail("\(spec): expected badParameter, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(got, name, spec, file: file, line: line)
            for word in mentions {
                XCTAssertTrue("\(error)".contains(word), "\(spec): '\(error)' lacks '\(word)'", file: file, line: line)
            }
        }
    }

    func testNamedSchemes() throws {
        XCTAssertEqual(try parse("uniform"), .uniform)
        XCTAssertEqual(try parse("dense(0.75)"), .dense(lambda: 0.75))
        XCTAssertEqual(try parse("dense"), .dense(lambda: 0.75))          // paper's reference λ
        XCTAssertEqual(try parse("dense(lambda=0.5)"), .dense(lambda: 0.5))
        XCTAssertEqual(try parse("dense(λ=0.5)"), .dense(lambda: 0.5))
        XCTAssertEqual(try parse("sparse(0.25)"), .sparse(kappa: 0.25))
        XCTAssertEqual(try parse(" sparse ( kappa = 0.25 ) "), .sparse(kappa: 0.25))
        XCTAssertEqual(try parse("longce(5)"), .longce(gamma: 5))
        XCTAssertEqual(try parse("longce"), .longce(gamma: 5))            // LongCE's γ
        XCTAssertEqual(try parse("LongCE(2.5)"), .longce(gamma: 2.5))
        XCTAssertEqual(try parse("ppmi(2)"), .ppmi(shift: 2, kappa: TokenWeightScheme.defaultPMIKappa))
        XCTAssertEqual(try parse("ppmi(2, 0.1)"), .ppmi(shift: 2, kappa: 0.1))
        XCTAssertEqual(try parse("ppmi(s=2; kappa=0.1)"), .ppmi(shift: 2, kappa: 0.1))
        XCTAssertEqual(try parse("npmi(1.5;κ=0.5)"), .npmi(shift: 1.5, kappa: 0.5))
        XCTAssertEqual(TokenWeightScheme.defaultPMIKappa, 0.25)
    }

    func testCustomConfigs() throws {
        let ppmiLike = try parse("custom(transforms=minus>shift(2)>max, kappa=0.25, norm=l1)")
        XCTAssertEqual(try ppmiLike.config(), try parse("ppmi(2)").config())
        XCTAssertEqual(try parse("custom(transforms=minus > exp; gamma=5)").config(), try parse("longce(5)").config())
        XCTAssertEqual(try parse("custom(transforms=minus>shift 2>max, kappa=0.25, normalisation=L1)").config(),
                       try parse("ppmi(2)").config())
        XCTAssertEqual(try parse("custom(norm=softmax, lambda=0.5)").config(),
                       try WeightConfig(normalisation: .softmax, interpolation: 0.5))
        XCTAssertEqual(try parse("custom()").config(), try WeightConfig())
        XCTAssertTrue(try parse("custom(norm=l1)").needsScores)
        XCTAssertFalse(TokenWeightScheme.uniform.needsScores)
        XCTAssertFalse(try parse("custom(kappa=1)").needsScores)
    }

    func testMappingForm() throws {
        XCTAssertEqual(try TokenWeightScheme(["scheme": "sparse", "kappa": 0.25]), .sparse(kappa: 0.25))
        XCTAssertEqual(try TokenWeightScheme(["scheme": "ppmi", "shift": 2]), .ppmi(shift: 2, kappa: 0.25))
        XCTAssertEqual(try TokenWeightScheme(["scheme": "sparse(0.25)"]), .sparse(kappa: 0.25))
        XCTAssertEqual(try TokenWeightScheme("dense(0.5)"), .dense(lambda: 0.5))
        let custom = try TokenWeightScheme(["scheme": "custom", "transforms": ["minus", "shift 2", "max"],
                                            "kappa": 0.25, "norm": "l1"])
        XCTAssertEqual(try custom.config(), try parse("ppmi(2)").config())
        XCTAssertThrowsError(try TokenWeightScheme(["kappa": 0.25]))
        XCTAssertThrowsError(try TokenWeightScheme(3))
        XCTAssertThrowsError(try TokenWeightScheme(["scheme": "sparse(0.25)", "kappa": 0.5]))
        XCTAssertThrowsError(try TokenWeightScheme(["scheme": "sparse", "kappa": 1.5])) {
            XCTAssertEqual("\($0)", "kappa: κ (kappa) must be in (0, 1], got 1.5")
        }
    }

    func testDescriptionRoundTrips() throws {
        let schemes: [TokenWeightScheme] = [
            .uniform, .dense(lambda: 0.75), .sparse(kappa: 0.25), .longce(gamma: 5), .ppmi(shift: 2, kappa: 0.25),
            .npmi(shift: 1.5, kappa: 0.1),
            .custom(try WeightConfig(transforms: [.minus, .shift(2), .max], truncation: 3, sparsity: 0.5,
                                     normalisation: .softmax, interpolation: 0.2)),
        ]
        for scheme in schemes {
            XCTAssertEqual(try parse(scheme.description), scheme, scheme.description)
        }
        XCTAssertEqual(TokenWeightScheme.longce(gamma: 5).description, "longce(5)")
        XCTAssertEqual(TokenWeightScheme.ppmi(shift: 2, kappa: 0.25).description, "ppmi(2, kappa=0.25)")
        XCTAssertEqual(try parse("sparse(0.25)").name, "sparse")
    }

    func testUnknownSchemeSuggests() {
        XCTAssertThrowsError(try parse("sprase(0.25)")) { error in
            XCTAssertEqual(error as? TokenWeightingError, .unknownScheme("sprase", suggestion: "sparse"))
            XCTAssertEqual("\(error)", "unknown scheme 'sprase' (did you mean 'sparse'?)")
        }
        XCTAssertThrowsError(try parse("longc")) { XCTAssertEqual("\($0)", "unknown scheme 'longc' (did you mean 'longce'?)") }
        XCTAssertThrowsError(try parse("banana")) { error in
            XCTAssertEqual(error as? TokenWeightingError, .unknownScheme("banana", suggestion: nil))
            XCTAssertTrue("\(error)".contains("known: uniform, dense, sparse"), "\(error)")
        }
    }

    func testParameterRanges() {
        assertBadParameter("sparse(1.5)", "kappa", mentions: ["κ", "(0, 1]", "1.5"])
        assertBadParameter("sparse(0)", "kappa", mentions: ["κ", "0"])
        assertBadParameter("ppmi(2, kappa=-0.1)", "kappa", mentions: ["κ"])
        assertBadParameter("dense(1.2)", "lambda", mentions: ["λ", "[0, 1]", "1.2"])
        assertBadParameter("dense(-0.1)", "lambda", mentions: ["λ"])
        assertBadParameter("longce(0)", "gamma", mentions: ["γ", "> 0"])
        assertBadParameter("longce(-1)", "gamma", mentions: ["γ", "-1"])
        assertBadParameter("ppmi(0)", "shift", mentions: ["shift", "log"])
        assertBadParameter("sparse(inf)", "kappa", mentions: ["κ"])
        assertBadParameter("sparse", "kappa", mentions: ["sparse needs kappa", "sparse(0.25)"])
        assertBadParameter("ppmi", "shift", mentions: ["ppmi needs shift"])
        assertBadParameter("sparse(abc)", "kappa", mentions: ["must be a number", "'abc'"])
        assertBadParameter("sparse(kapa=0.25)", "kapa", mentions: ["did you mean 'kappa'?"])
        assertBadParameter("uniform(kappa=1)", "kappa", mentions: ["takes no parameters"])
        assertBadParameter("custom(norm=l1, kappa=0.5, kappa=0.2)", "kappa", mentions: ["twice"])
        assertBadParameter("custom(lambda=0.5)", "lambda", mentions: ["needs a normalisation"])
        assertBadParameter("custom(transforms=mimus>exp)", "transforms", mentions: ["did you mean 'minus'?"])
        assertBadParameter("custom(transforms=minus>>exp)", "transforms", mentions: ["unknown transform ''"])
        assertBadParameter("custom(transforms=shift(x))", "transforms", mentions: ["shift needs a number"])
        assertBadParameter("custom(transforms=shift(-1))", "shift", mentions: ["> 0"])
        assertBadParameter("custom(norm=softmx)", "norm", mentions: ["did you mean 'softmax'?"])
    }

    func testSyntaxErrors() {
        for spec in ["", "sparse(0.25", "sparse(0.25))", "dense(0.5, 0.6)", "sparse(0.25,)", "(0.25)", "sparse(=1)",
                     "sparse(kappa=)", "ppmi(2, 0.1, 3)", "spa rse"] {
            XCTAssertThrowsError(try parse(spec), spec) { error in
                guard case TokenWeightingError.syntax = error else { return XCTFail("\(spec): \(error)") }
                print("'\(spec)' → \(error)")
            }
        }
    }

    func testOperationErrorNamesTheParameter() {
        do {
            _ = try parse("sparse(2)")
            XCTFail("sparse(2) parsed")
        } catch let error as TokenWeightingError {
            let op = error.asOperationError(parameter: "weights.scheme")
            guard case .badParameter(let name, let message) = op else { return XCTFail("\(op)") }
            XCTAssertEqual(name, "weights.scheme")
            XCTAssertEqual("\(op)", "parameter 'weights.scheme': kappa: κ (kappa) must be in (0, 1], got 2")
            XCTAssertTrue(message.contains("κ"))
        } catch {
            XCTFail("\(error)")
        }
        guard case .failed = TokenWeightingError.shapeMismatch("x").asOperationError(parameter: "p") else {
            return XCTFail("shape mismatch should be a failure, not a bad parameter")
        }
    }
}
