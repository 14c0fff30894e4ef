import Foundation

/// Entry point of the `lab` command; returns the process exit code.
public enum LabCommand {
    public static func main(_ arguments: [String]) -> Int32 {
        print("lab: not yet")
        return 0
    }
}
