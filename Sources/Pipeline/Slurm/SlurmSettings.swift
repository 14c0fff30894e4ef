import Foundation
import LabCore

/// How `lab run --executor slurm` submits: where jobs go and which `lab` they run.
public struct SlurmSettings: Sendable {
    /// `--partition P`; nil for the cluster's default.
    public var partition: String?
    /// `--slurm-arg A` (repeatable): passed to sbatch as they are, each one argument.
    public var extraArguments: [String]
    /// The `lab` the jobs run: this one (the nodes must see it at the same path).
    public var labExecutable: URL
    /// Seconds between two `squeue` polls (LAB_SLURM_POLL_INTERVAL).
    public var pollInterval: Double
    /// Seconds the coordinator waits for cancelled jobs to end before recording them cancelled.
    public var cancelGrace: Double

    public init(partition: String? = nil, extraArguments: [String] = [], labExecutable: URL,
                pollInterval: Double = 2, cancelGrace: Double = 60) {
        self.partition = partition
        self.extraArguments = extraArguments
        self.labExecutable = labExecutable
        self.pollInterval = pollInterval
        self.cancelGrace = cancelGrace
    }

    /// The sbatch arguments of one job (an argument vector: never a shell string).
    func sbatchArguments(jobName: String, output: URL, directory: URL, resources: StepResources, script: URL) -> [String] {
        var args = ["--job-name", jobName, "--output", output.path, "--chdir", directory.path]
        if let cpus = resources.cpus { args += ["--cpus-per-task", String(cpus)] }
        if let memory = resources.memory { args += ["--mem", memory] }
        if let minutes = resources.slurmMinutes { args += ["--time", minutes] }
        if let partition { args += ["--partition", partition] }
        return args + extraArguments + [script.path]
    }
}
