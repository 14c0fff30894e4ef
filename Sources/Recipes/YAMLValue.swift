internal import YAML
import LabCore

/// Reads a whole YAML text as a `Value` (plain scalars typed by the YAML 1.2 core schema,
/// quoted ones as strings), for modules that read other YAML files, such as lock files,
/// without depending on the YAML module. No `${…}` handling.
public enum YAMLValue {
    public static func parse(_ text: String, file: String) throws(RecipeError) -> Value {
        do throws(YAMLError) {
            return try YAMLReader.parse(text, file: file).labValue
        } catch {
            throw RecipeError(error, text: text)
        }
    }
}
