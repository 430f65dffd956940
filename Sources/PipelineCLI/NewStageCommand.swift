import ArgumentParser

struct NewStageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-stage",
        abstract: "Write a ready Swift package with a new stage, its tests and a pipeline using it.")

    @Argument(help: "The stage name in kebab-case, e.g. keywords.")
    var name: String

    func run() throws {
        printError("error: new-stage is not available yet")
        throw ExitCode(2)
    }
}
