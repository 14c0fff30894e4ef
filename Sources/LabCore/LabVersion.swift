/// The version of `lab`, recorded with every run.
public enum LabVersion {
    public static let string = "0.1.0"
}
