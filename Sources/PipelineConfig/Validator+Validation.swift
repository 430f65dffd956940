import Foundation
import PipelineKit
import Yams

// The root mapping and the stage list: keys, types, paths.
extension Validator {
    mutating func validateRoot(_ root: YAMLTree) -> PipelineDefinition? {
        guard case .mapping(let pairs, _) = root else {
            error(root.location, "a pipeline must be a mapping with a 'stages:' list, found \(root.kindName)")
            return nil
        }
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var description: String?
        var inputs: [String] = []
        var steps: [PipelineStep]?
        var testsNode: YAMLTree?
        var sawStages = false
        for (keyNode, valueNode) in pairs where !Validator.isRenamedDuplicate(keyNode.scalarText ?? "") {
            guard let key = keyNode.scalarText else {
                error(keyNode.location, "keys must be plain strings")
                continue
            }
            switch key {
            case "name":
                if let given = stringScalar(valueNode, what: "'name'") { name = given }
            case "description":
                if let given = stringScalar(valueNode, what: "'description'") { description = given }
            case "input":
                switch valueNode {
                case .scalar:
                    if let given = stringScalar(valueNode, what: "'input'") { inputs = [resolve(given)] }
                case .sequence(let items, _):
                    for item in items { if let given = stringScalar(item, what: "an 'input' entry") { inputs.append(resolve(given)) } }
                case .mapping:
                    error(valueNode.location, "'input' must be a path or a list of paths, found mapping")
                }
            case "stages":
                sawStages = true
                steps = validateStages(valueNode)
            case "tests":
                testsNode = valueNode
            default:
                var message = "unknown key '\(key)'"
                if let guess = Suggestion.closest(to: key, in: PipelineLoader.topLevelKeys) { message += " (did you mean '\(guess)'?)" }
                else { message += " (expected one of: \(PipelineLoader.topLevelKeys.joined(separator: ", ")))" }
                error(keyNode.location, message)
            }
        }
        if !sawStages {
            error(root.location, "the pipeline has no 'stages:' list")
        }
        let tests = testsNode.flatMap { validateTests($0, stepIDs: steps?.map(\.id)) } ?? []
        guard let steps else { return nil }
        var definition = PipelineDefinition(file: file, baseDirectory: baseDirectory, name: name, description: description, inputs: inputs, steps: steps,
                                            environment: loader.environment)
        definition.tests = tests
        return definition
    }

    func resolve(_ path: String) -> String {
        if path == "-" || path.hasPrefix("/") || baseDirectory.isEmpty { return path }
        return baseDirectory == "." ? path : baseDirectory + "/" + path
    }

    mutating func stringScalar(_ node: YAMLTree, what: String) -> String? {
        if case .scalar(let text, let quoted, _) = node {
            let resolved = quoted ? Value.string(text) : YAMLTree.resolvePlain(text)
            if case .string(let str) = resolved { return str }
        }
        error(node.location, "\(what) must be a string, found \(node.kindName)")
        return nil
    }

    mutating func validateStages(_ node: YAMLTree) -> [PipelineStep]? {
        guard case .sequence(let items, let location) = node else {
            if case .scalar(let text, false, _) = node, YAMLTree.resolvePlain(text) == .null {
                error(node.location, "'stages' is empty: list at least one stage")
            } else {
                error(node.location, "'stages' must be a list of stages, found \(node.kindName)")
            }
            return nil
        }
        if items.isEmpty {
            error(location, "'stages' is empty: list at least one stage")
            return nil
        }
        var pending: [PendingStep] = []
        var usedIDs: [String: SourceLocation] = [:]
        var failed = false
        for item in items {
            if let step = prepareStep(item, usedIDs: &usedIDs) { pending.append(step) } else { failed = true }
        }
        let built = StageBuilds.build(pending)
        var steps: [PipelineStep] = []
        for (entry, result) in zip(pending, built) {
            if let step = finishStep(entry, built: result) { steps.append(step) } else { failed = true }
        }
        return failed ? nil : steps
    }
}
