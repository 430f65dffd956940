import ArgumentParser
import Foundation
import PipelineConfig
import PipelineKit
import PipelineRunner

/// `pipeline explain PIPELINE.yaml INPUT`: runs one document through the pipeline and shows,
/// stage by stage, what changed (removed and replaced spans with their annotation types,
/// metadata added or changed, the time each stage took). Shows the document's text.
struct ExplainCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show what each stage does to one document (removed, replaced and annotated text, metadata, time).",
        discussion: """
            This command SHOWS THE DOCUMENT'S TEXT (and what redact replaced): it is for a \
            pipeline's author looking at their own sample, not for CI logs. Run reports \
            (pipeline run --report) never contain document text.

            The document goes through the stages as in 'pipeline run', in validate-only mode: \
            export stages write nothing and nothing is printed but the explanation. On a \
            terminal, removed text is struck through in red with its annotation type (‹greeting›), \
            added text is green; without colour (--no-color, NO_COLOR set, or not a terminal) \
            changes use word-diff notation: [-removed-]{+added+}‹type›. Only changed lines and \
            --context lines around them are shown (on the page the others fold away and open \
            with a click); --context all shows the whole text.

            Exit codes: 0 the document went through; 1 a stage failed or dropped it; 2 usage or \
            configuration error.

            Examples:
              pipeline explain pipelines/brief.yaml pipelines/samples/talks-stall.txt
              pipeline explain pipelines/brief.yaml mail.txt --html out/explain.html
              pipeline explain pipelines/redact.yaml - --format json < mail.txt | jq '.stages[1].changes'
            """)

    @Argument(help: "The pipeline YAML file.")
    var pipeline: String

    @Argument(help: "One input file, or - for stdin (default: piped stdin, else the pipeline's own 'input:').")
    var input: String?

    @Option(help: "text (for people) or json (for tools).")
    var format: ListingFormat = .text

    @Option(help: ArgumentHelp("Also write the explanation as a self-contained HTML page (- for stdout, instead of the text).", valueName: "file"))
    var html: String?

    @Flag(help: "No ANSI colours (also when NO_COLOR is set or stdout is not a terminal).")
    var noColor = false

    @Option(help: ArgumentHelp("Unchanged lines shown around each changed line, or 'all'.", valueName: "lines"))
    var context: String = "1"

    /// `--context` as a line count; `nil` for all.
    var contextLines: Int? { context == "all" ? nil : Int(context) }

    func validate() throws {
        if context != "all", (Int(context) ?? -1) < 0 {
            throw ValidationError("--context takes a number of lines (0 or more) or 'all'; got '\(context)'")
        }
        if let html, html != "-" {
            do { try ReportDestination(format: HTMLRunReport.self, path: html).checkWritable() } catch {
                throw ValidationError(error.message.replacingEvery("--report", with: "--html"))
            }
        }
    }

    func run(in environment: PipelineEnvironment) async throws {
        // Stages run for real here (a command stage starts its program): a program that exits
        // before reading its input must give a stage error, not kill explain with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let definition = try loadPipeline(pipeline, with: PipelineLoader(environment: environment, validateOnly: true))
        // As for run: the argument, else piped stdin (never ignored), else the pipeline's input:.
        guard let path = InputSelection.inputs(arguments: input.map { [$0] } ?? [], pipelineInputs: definition.inputs,
                                               standardInput: InputSelection.standardInput())?.first else {
            printError("\(pipeline): error: no input: name one file (pipeline explain \(pipeline) mail.txt), pipe text on stdin, or give the pipeline an 'input:'")
            throw ExitCode(2)
        }
        let document: Document
        do { document = try SingleDocumentInput.read(path) } catch {
            printError(error.message)
            throw ExitCode(2)
        }
        let trace = await ExplainTracer(pipeline: definition).trace(document)
        if html == "-" {
            // The page on stdout instead of the text explanation.
            FileHandle.standardOutput.write(Data(ExplainHTML(context: contextLines).render(trace).utf8))
            if trace.result == nil { throw ExitCode(1) }
            return
        }
        if let html {
            do {
                try ReportFile.write(Array(ExplainHTML(context: contextLines).render(trace).utf8), to: html)
            } catch {
                printError("\(html): error: cannot write the page: \(error)")
                throw ExitCode(1)
            }
        }
        switch format {
        case .json:
            print(JSONWriter.string(ExplainJSON.value(trace), pretty: true))
        case .text:
            let color = !noColor && (ProcessVariables.value("NO_COLOR") ?? "").isEmpty && isatty(1) == 1
            print(ExplainTerminal(color: color, context: contextLines).render(trace), terminator: "")
        }
        if trace.result == nil { throw ExitCode(1) }
    }
}
