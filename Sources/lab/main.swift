import LabCLI
import Foundation

exit(LabCommand.main(Array(CommandLine.arguments.dropFirst())))
