import Foundation
import PipelineKit
import ProcessSupport

/// Runs an external program on every document: the way to write a stage in any language.
///
/// The program is started without a shell (`run: [program, arg, ...]`) and talks over its
/// standard input and output:
///
/// - `protocol: jsonl` (default): the document goes in as one JSON line
///   `{"id","text","metadata","annotations"}`; the program writes back zero or more lines, each a
///   document object (zero drops the document, several split it), a JSON array of documents, or
///   `{"drop": true}`. Fields a document object leaves out keep their input values.
/// - `protocol: text`: the text goes in on stdin and the new text comes back on stdout.
///
/// With `persistent: true` one process serves the whole run; it must answer every input line
/// with exactly one output line. Every failure (non-zero exit, signal, timeout, malformed output,
/// output over `max-output-bytes`) is a per-document `StageError` that ends with the tail of the
/// program's stderr and never contains document text. The full protocol is in
/// `docs/command-stage.md`.
public struct CommandStage: Stage {
    /// How documents travel to and from the program.
    public enum WireProtocol: String, Decodable, CaseIterable, Sendable {
        /// One JSON object per line in, document objects out.
        case jsonl
        /// Plain text on stdin, plain text on stdout.
        case text
    }

    /// The stage's options, decoded from YAML (see `spec` for their documentation).
    public struct Options: Decodable, Sendable {
        /// The program and its arguments.
        public var run: [String]
        /// `jsonl` or `text`.
        public var `protocol`: WireProtocol
        /// Seconds the program may take for one document.
        public var timeout: Double
        /// Extra environment variables; `null` removes a variable.
        public var env: [String: Value]
        /// The working directory; the pipeline's folder when absent.
        public var cwd: String?
        /// Keep one process for the whole run.
        public var persistent: Bool
        /// The most bytes of output accepted for one document.
        public var maxOutputBytes: Int
    }

    /// The default `max-output-bytes`: 64 MiB.
    public static let defaultMaxOutputBytes = 64 * 1024 * 1024

    /// Name, options and examples of the `command` stage.
    public static let spec = StageSpec(
        name: "command",
        summary: "Runs an external program (any language) on each document over JSON lines or plain text.",
        description: """
            Starts `run[0]` with the arguments `run[1...]` (no shell). A program name without a slash is \
            looked up on PATH; one with a slash is relative to the pipeline's folder, which is also the \
            default working directory, so `run: [python3, my_stage.py]` finds a script beside the YAML. \
            With `protocol: jsonl` the program reads one JSON line {"id","text","metadata","annotations"} \
            on stdin and writes back zero or more lines, each a document object (fields it leaves out keep \
            their values), a JSON array of documents, or {"drop": true}: none drops the document, several \
            split it. With `protocol: text` it reads the text and writes the new text. With \
            `persistent: true` one process serves the whole run and must answer each input line with \
            exactly one output line. Non-zero exit, signals, timeouts (the program's whole process group \
            is killed), malformed output and output over `max-output-bytes` fail that document with the \
            tail of the program's stderr. The guide: docs/command-stage.md.
            """,
        options: [
            OptionSpec("run", .list(.string), required: true,
                       doc: "The program and its arguments, e.g. [python3, stage.py, --lower]. No shell: write [sh, -c, '...'] to get one."),
            OptionSpec("protocol", .cases(of: WireProtocol.self), default: "jsonl",
                       doc: "jsonl: one document JSON object per line in and out (can drop and split); text: plain text in on stdin, new text out on stdout."),
            OptionSpec("timeout", .number, default: 30,
                       doc: "Seconds the program may take for one document; then it is killed with its whole process group and the document fails."),
            OptionSpec("env", .map(.any), default: .object([:]),
                       doc: "Extra environment variables for the program (the rest is inherited): each value a string, number or boolean; null removes the variable. A name that is empty or holds `=` is an error."),
            OptionSpec("cwd", .string, whenAbsent: "the pipeline's folder",
                       doc: "The program's working directory, relative to the pipeline's folder (or absolute); it must exist."),
            OptionSpec("persistent", .boolean, default: false,
                       doc: "Keep one process for the whole run (jsonl only): it must answer every input line with exactly one output line."),
            OptionSpec("max-output-bytes", .integer, default: .int(defaultMaxOutputBytes),
                       doc: "The most bytes of output accepted for one document (in persistent mode: one answer line); more fails the document and kills the program."),
        ],
        examples: [
            StageExample(
                "text protocol: upper-case with tr",
                input: "Quarterly results are in.",
                options: ["run": ["tr", "a-z", "A-Z"], "protocol": "text"],
                expected: "QUARTERLY RESULTS ARE IN."),
            StageExample(
                "text protocol: squeeze runs of blank lines with cat -s",
                input: "First paragraph.\n\n\n\nSecond paragraph.\n",
                options: ["run": ["cat", "-s"], "protocol": "text"],
                expected: "First paragraph.\n\nSecond paragraph.\n"),
            StageExample(
                "jsonl: a program that echoes its input changes nothing",
                input: "Nothing to see here.",
                options: ["run": ["cat"]],
                inputMetadata: ["title": "Unchanged"],
                expected: "Nothing to see here.",
                expectedMetadata: ["title": "Unchanged"]),
            StageExample(
                "jsonl: the program sets metadata (here sed edits the JSON line)",
                input: "Checked text.",
                options: ["run": ["sed", #"s/"metadata":{}/"metadata":{"checked":true}/"#]],
                expected: "Checked text.",
                expectedMetadata: ["checked": true]),
            StageExample(
                "persistent: one process answers every document",
                input: "Served by a long-lived process.",
                options: ["run": ["cat"], "persistent": true],
                expected: "Served by a long-lived process."),
        ])

    let launch: Launch
    let options: Options
    let session: PersistentSession?

    /// The longest `timeout` accepted, in seconds (about 11 days).
    public static let maxTimeout: Double = 1_000_000

    /// Validates the options and finds the program. Nothing is started here; with `persistent`
    /// the process starts with the first document. Reports every problem at once.
    public init(options: Options, setup: StageSetup) throws {
        var problems: [StageOptionError] = []
        if options.run.isEmpty {
            problems.append(StageOptionError(option: "run", "needs at least the program, e.g. [python3, stage.py]"))
        }
        for (i, argument) in options.run.enumerated() where argument.utf8.contains(0) {
            problems.append(StageOptionError(option: "run", "contains a NUL character", path: [String(i)]))
        }
        if !(options.timeout > 0 && options.timeout <= Self.maxTimeout) {
            problems.append(StageOptionError(
                option: "timeout", "must be a number of seconds above 0 and at most \(Int(Self.maxTimeout)), found \(Launch.number(options.timeout))"))
        }
        if options.maxOutputBytes <= 0 {
            problems.append(StageOptionError(option: "max-output-bytes", "must be a positive number of bytes, found \(options.maxOutputBytes)"))
        }
        if options.persistent && options.protocol == .text {
            problems.append(StageOptionError(option: "persistent", "needs protocol: jsonl (plain text has no framing between documents)"))
        }
        var environment: [String: String?] = [:]
        for key in options.env.keys.sorted() {
            if key.isEmpty || key.contains("=") || key.utf8.contains(0) {
                problems.append(StageOptionError(option: "env", "'\(key)' is not a valid environment variable name", path: [key]))
                continue
            }
            switch options.env[key]! {
            case .null: environment[key] = .some(nil)
            case .string(let string): environment[key] = string
            case .int(let integer): environment[key] = String(integer)
            case .double(let double): environment[key] = String(double)
            case .bool(let bool): environment[key] = bool ? "true" : "false"
            case let other:
                problems.append(StageOptionError(
                    option: "env", "expected a string, number, boolean or null, found \(other.kindName)", path: [key]))
            }
        }

        let workingDirectory = ProgramLocator.absolute(options.cwd.map { setup.resolve(path: $0) } ?? setup.baseDirectory)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: workingDirectory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            problems.append(options.cwd != nil
                ? StageOptionError(option: "cwd", "directory '\(workingDirectory)' does not exist")
                : StageOptionError("the pipeline's folder '\(workingDirectory)' does not exist"))
        }
        let searchPath = environment["PATH"].flatMap { $0 } ?? setup.environment["PATH"]
            ?? ProcessVariables.value("PATH") ?? "/usr/local/bin:/usr/bin:/bin"
        var executable = ""
        if let program = options.run.first {
            do {
                executable = try ProgramLocator.locate(program: program, searchPath: searchPath, setup: setup, option: "run")
            } catch let problem as StageOptionError {
                problems.append(problem)
            }
        }
        if problems.count == 1 { throw problems[0] }
        if problems.count > 1 {
            // Several at once, worded as `Stage.build` words a single one.
            throw OptionIssues(issues: problems.map { problem in
                let prefix = problem.path.first.map { "option '\($0)' of stage '\(Self.spec.name)': " } ?? "stage '\(Self.spec.name)': "
                return OptionIssue(path: problem.path, message: prefix + problem.message)
            })
        }

        self.options = options
        self.launch = Launch(
            executable: executable, arguments: Array(options.run.dropFirst()),
            displayName: Launch.displayName(options.run), environment: environment,
            workingDirectory: workingDirectory, timeout: .milliseconds(Int64((options.timeout * 1000).rounded(.up))),
            timeoutText: Launch.seconds(options.timeout), maxOutputBytes: options.maxOutputBytes)
        self.session = options.persistent ? PersistentSession(launch: launch) : nil
        if !setup.validateOnly { ChildProcess.ignoreBrokenPipes() }
    }

    /// Sends the document to the program and returns what it wrote back.
    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        do {
            return try await run(document, context: context)
        } catch let failure as ProgramFailure {
            throw await failure.stageError(context: context)
        }
    }

    private func run(_ document: Document, context: StageContext) async throws -> [Document] {
        if let session {
            return try await session.process(document, context: context)
        }
        switch options.protocol {
        case .jsonl:
            let input = Array((document.jsonLine() + "\n").utf8)
            let output = try await launch.runOnce(input: input)
            do {
                return try Replies.documents(from: Replies.lines(in: output.stdout), input: document, stageID: context.stageID)
            } catch let failure as Replies.Malformed {
                throw launch.error(.malformed(failure.message), stderrTail: output.stderrTail)
            }
        case .text:
            let output = try await launch.runOnce(input: Array(document.text.utf8))
            guard let text = String(validating: output.stdout, as: UTF8.self) else {
                throw launch.error(.malformed("the output is not valid UTF-8"), stderrTail: output.stderrTail)
            }
            var out = document
            out.text = text
            return [out]
        }
    }

    /// The documents a JSON-lines program's `output` describes for `input`, as the stage reads
    /// them (one-shot mode), or a `StageError` naming the output line and what is wrong with
    /// it. Public for tests and fuzzing of the reply parser.
    public static func documents(fromReplies output: [UInt8], input: Document, stageID: String = "command") throws -> [Document] {
        do {
            return try Replies.documents(from: Replies.lines(in: output), input: input, stageID: stageID)
        } catch let failure as Replies.Malformed {
            throw StageError(failure.message)
        }
    }

    /// Ends the persistent process, if any: closes its stdin, waits briefly, then kills its group.
    public func finish(context: StageContext) async throws {
        await session?.shutdown()
    }
}
