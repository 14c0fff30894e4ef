import Foundation

/// The batch script of one step's job: `exec` of this very `lab` with `step-job SPEC`, every
/// word single-quoted, so no path or name can become shell code.
enum SlurmJobScript {
    static func text(lab: URL, spec: URL) -> String {
        """
        #!/bin/sh
        # Written by lab run --executor slurm: one step, from its spec.
        exec \(quote(lab.path)) step-job \(quote(spec.path))

        """
    }

    /// `'…'` with each `'` written `'\''`: the shell reads everything inside literally.
    static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
