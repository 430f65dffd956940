import ArgumentParser
import Foundation
import PipelineKit

struct NewStageCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-stage",
        abstract: "Write a ready Swift package with a new stage, its tests, a binary and a pipeline using it.",
        discussion: """
            The package depends on this pipeline checkout by path, builds its own 'NAME-pipeline' \
            binary with the built-in stages plus yours, and passes 'swift test' as generated.

            Examples:
              pipeline new-stage word-count
              cd word-count && swift test && swift run word-count-pipeline run pipeline.yaml sample.txt
              pipeline new-stage keywords --output ~/src --pipeline-path ~/src/pipeline
            """)

    @Argument(help: "The stage name in kebab-case, e.g. word-count.")
    var name: String

    @Option(help: "The folder to create the package in (default: the current folder).")
    var output: String = "."

    @Option(help: "The pipeline package to depend on (default: the checkout this binary was built from, when it is still there).")
    var pipelinePath: String?

    @Option(help: "Depend on the pipeline package by this repository URL at this binary's version (default for an installed binary whose build checkout is gone).")
    var pipelineURL: String?

    func validate() throws {
        guard Scaffold.isValidName(name) else {
            throw ValidationError("'\(name)' is not a stage name: use lowercase letters, digits and '-', starting with a letter")
        }
    }

    func run(in environment: PipelineEnvironment) throws {
        if environment.stages.type(named: name) != nil {
            printError("error: '\(name)' is already a stage of this binary: choose another name")
            throw ExitCode(2)
        }
        let dependency: Scaffold.Dependency
        if let url = pipelineURL {
            dependency = .repository(url: url, version: PipelineVersion.current)
        } else if let root = pipelinePath.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }) {
            guard FileManager.default.fileExists(atPath: root + "/Package.swift") else {
                printError("error: \(root) has no Package.swift; pass --pipeline-path with the pipeline checkout")
                throw ExitCode(2)
            }
            dependency = .checkout(root)
        } else if let root = Scaffold.builtFromCheckout(), FileManager.default.fileExists(atPath: root + "/Package.swift") {
            dependency = .checkout(root)
        } else {
            // An installed or copied binary: its build folder is not here, so depend on the release.
            dependency = .repository(url: PipelineVersion.repository, version: PipelineVersion.current)
        }
        let destination = URL(fileURLWithPath: output).appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: destination.path) {
            printError("error: \(destination.path) already exists; nothing was written")
            throw ExitCode(2)
        }
        let files = Scaffold.files(name: name, dependency: dependency)
        // Write into a temporary folder first, then move it into place: never a half package.
        let staging = destination.deletingLastPathComponent().appendingPathComponent(".\(name).staging-\(getpid())")
        do {
            for (path, content) in files {
                let url = staging.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(content.utf8).write(to: url)
            }
            try FileManager.default.moveItem(at: staging, to: destination)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            printError("error: cannot write \(destination.path): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        print("""
            Created \(destination.path) with stage '\(name)'. Next:
              cd \(destination.path)
              swift test                                          # the stage's examples and tests
              swift run \(name)-pipeline run pipeline.yaml sample.txt
            """)
    }
}

/// The files of a new stage package.
enum Scaffold {
    /// Where the generated package gets the pipeline package from.
    enum Dependency: Equatable {
        /// A local checkout (development, CI).
        case checkout(String)
        /// The published repository at a version (an installed binary).
        case repository(url: String, version: String)

        /// The SwiftPM package identity: the last path component, lowercased, without `.git`.
        var identity: String {
            switch self {
            case .checkout(let path): return URL(fileURLWithPath: path).lastPathComponent.lowercased()
            case .repository(let url, _):
                let last = url.split(separator: "/").last.map(String.init) ?? "pipeline"
                return (last.hasSuffix(".git") ? String(last.dropLast(4)) : last).lowercased()
            }
        }

        /// Where a reader finds the pipeline package.
        var link: String {
            switch self {
            case .checkout(let path): return path
            case .repository(let url, _): return url
            }
        }

        /// The lines of Package.swift that name it.
        var declaration: (comment: String, constant: String, package: String) {
            switch self {
            case .checkout(let path):
                return ("The pipeline checkout this stage builds against.",
                        "let pipelinePath = \(String(reflecting: path))", ".package(path: pipelinePath)")
            case .repository(let url, let version):
                return ("The pipeline release this stage builds against.",
                        "let pipelineURL = \(String(reflecting: url))", ".package(url: pipelineURL, from: \(String(reflecting: version)))")
            }
        }
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), !name.hasSuffix("-"), !name.contains("--") else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// `word-count` -> `WordCount`.
    static func typeName(_ name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The root of the checkout this binary was compiled from, if it is still there.
    static func builtFromCheckout() -> String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) ? root.path : nil
    }

    static func files(name: String, dependency: Dependency) -> [(String, String)] {
        let type = typeName(name) + "Stage"
        let identity = dependency.identity
        let declaration = dependency.declaration
        let executable = "\(name)-pipeline"
        return [
            ("Package.swift", """
                // swift-tools-version: 6.1
                import PackageDescription

                /// \(declaration.comment)
                \(declaration.constant)

                let package = Package(
                    name: "\(name)",
                    platforms: [.macOS(.v13)],
                    dependencies: [\(declaration.package)],
                    targets: [
                        .target(
                            name: "\(type)",
                            dependencies: [.product(name: "PipelineKit", package: "\(identity)")],
                            swiftSettings: [.swiftLanguageMode(.v6)]),
                        .executableTarget(
                            name: "\(executable)",
                            dependencies: [
                                "\(type)",
                                .product(name: "PipelineCLI", package: "\(identity)"),
                                .product(name: "BuiltInStages", package: "\(identity)"),
                            ],
                            swiftSettings: [.swiftLanguageMode(.v6)]),
                        .testTarget(
                            name: "\(type)Tests",
                            dependencies: ["\(type)", .product(name: "PipelineKit", package: "\(identity)")],
                            swiftSettings: [.swiftLanguageMode(.v6)]),
                    ]
                )

                """),
            ("Sources/\(type)/\(type).swift", """
                import PipelineKit

                /// The `\(name)` stage: counts the words of a document and writes the count to metadata.
                ///
                /// Replace the body of `process` with your own logic. Keep the spec up to date: it drives
                /// option checking, `pipeline describe`, and the examples below are run as tests.
                public struct \(type): Stage {
                    /// Options, decoded from YAML after the spec filled in defaults. `metadataKey` reads `metadata-key`.
                    public struct Options: Decodable, Sendable {
                        public var metadataKey: String
                        public var minLength: Int
                    }

                    public static let spec = StageSpec(
                        name: "\(name)",
                        summary: "Counts words and writes the count to metadata.",
                        description: "Words are runs of letters and digits at least `min-length` long.",
                        options: [
                            OptionSpec("metadata-key", .string, default: "\(name)", doc: "The metadata key to write."),
                            OptionSpec("min-length", .integer, default: 1, doc: "Shorter words are not counted."),
                        ],
                        examples: [
                            StageExample("counts words", input: "One two, three!", expected: "One two, three!", expectedMetadata: ["\(name)": 3]),
                            StageExample("skips short words", input: "a bb ccc", options: ["min-length": 2, "metadata-key": "n"], expectedMetadata: ["n": 2]),
                        ])

                    let options: Options

                    public init(options: Options, setup: StageSetup) throws {
                        guard options.minLength >= 1 else { throw StageOptionError(option: "min-length", "must be at least 1") }
                        self.options = options
                    }

                    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
                        var count = 0
                        var run = 0
                        // Work on UTF-8 bytes for speed; treat every non-ASCII byte as part of a word.
                        for byte in document.text.utf8 {
                            let isWord = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
                            if isWord { run += 1 } else { if run >= options.minLength { count += 1 }; run = 0 }
                        }
                        if run >= options.minLength { count += 1 }
                        var out = document
                        out.metadata[options.metadataKey] = .int(count)
                        return [out]
                    }
                }

                """),
            ("Sources/\(executable)/main.swift", """
                import BuiltInStages
                import PipelineCLI
                import \(type)

                // A `pipeline` binary with the built-in stages plus this package's stage. Without the
                // built-ins: `PipelineCommand.main(environment: PipelineEnvironment(stages: [\(type).self]))`
                // (and drop the BuiltInStages product from Package.swift).
                await PipelineCommand.main(environment: .builtIn.adding(\(type).self))

                """),
            ("Tests/\(type)Tests/\(type)Tests.swift", """
                import PipelineKit
                import XCTest
                import \(type)

                final class \(type)Tests: XCTestCase {
                    /// The spec's examples are the first tests.
                    func testExamples() async {
                        let failures = await StageTester.checkExamples(of: \(type).self)
                        XCTAssertEqual(failures, [])
                    }

                    func testCountsWords() async throws {
                        let result = try await StageTester.run(\(type).self, on: "Peace talks stall in Istanbul.")
                        XCTAssertEqual(result.document.metadata["\(name)"], 5)
                    }

                    func testRejectsBadOptions() async {
                        do {
                            _ = try await StageTester.run(\(type).self, options: ["min-length": 0], on: "x")
                            XCTFail("expected an option error")
                        } catch {
                            XCTAssertTrue("\\(error)".contains("min-length"))
                        }
                    }
                }

                """),
            ("pipeline.yaml", """
                # Run with: swift run \(executable) run pipeline.yaml sample.txt
                name: \(name)-demo
                stages:
                  - strip-salutations
                  - \(name)
                  - export: {format: json}
                # Pipeline tests: swift run \(executable) test pipeline.yaml
                tests:
                  - name: the stage counts the words of the text
                    until: \(name)
                    input: "one two three"
                    expect:
                      metadata: {\(name): 3}
                  - name: the courtesy text goes before counting
                    input: {file: sample.txt}
                    expect:
                      status: ok
                      not-contains: [Best regards]

                """),
            ("sample.txt", "Hello team,\n\nThe quarterly report is ready for review.\n\nBest regards,\nAna\n"),
            (".gitignore", ".build/\n.build-*/\nPackage.resolved\nout/\n"),
            ("README.md", """
                # \(name)

                A custom stage for [pipeline](\(dependency.link)), generated by `pipeline new-stage \(name)`.

                - `swift test` runs the stage's spec examples and its tests.
                - `swift run \(executable) run pipeline.yaml sample.txt` runs it in a pipeline.
                - `swift run \(executable) describe \(name)` shows its options.

                Edit `Sources/\(type)/\(type).swift`: the spec (options, examples) and `process`.

                """),
        ]
    }
}
