import Foundation
import PipelineKit
import Yams

/// One stage entry read from the YAML, ready to be built: the stage type, its options and
/// set-up, and what `finishStep` needs to report a build failure at the right place.
struct PendingStep: Sendable {
    var id: String
    var name: String
    var type: any Stage.Type
    var options: [String: Value]
    var setup: StageSetup
    var nameNode: YAMLTree
    var optionsNode: YAMLTree?
    var location: SourceLocation
    var onError: OnError
    var condition: Condition?
    /// `false` when a reserved key was wrong: the stage is still built (its option errors are
    /// reported too), but no step comes out.
    var ok: Bool

    /// Builds the stage (its options decoded and checked, its data loaded).
    func build() -> Result<AnyStage, any Error> {
        Result { try type.build(options: options, setup: setup) }
    }
}

// One stage entry: its name, reserved keys (`id`, `when`, `on-error`), options checked against
// the spec, and the stage built from them.
extension Validator {
    /// Reads one stage entry (reporting problems with its keys), without building the stage.
    mutating func prepareStep(_ item: YAMLTree, usedIDs: inout [String: SourceLocation]) -> PendingStep? {
        var stageName: String?
        var stageNameNode: YAMLTree?
        var optionsNode: YAMLTree?
        var explicitID: (String, SourceLocation)?
        var condition: Condition?
        var onError = OnError.fail
        var ok = true

        switch item {
        case .scalar(let name, _, _):
            stageName = name
            stageNameNode = item
        case .sequence:
            error(item.location, "a stage must be a name or a mapping 'name: options', found list")
            return nil
        case .mapping(let pairs, _):
            for (keyNode, valueNode) in pairs where !Validator.isRenamedDuplicate(keyNode.scalarText ?? "") {
                guard let key = keyNode.scalarText else {
                    error(keyNode.location, "keys must be plain strings")
                    ok = false
                    continue
                }
                switch key {
                case "id":
                    if let id = stringScalar(valueNode, what: "'id'") { explicitID = (id, valueNode.location) } else { ok = false }
                case "on-error":
                    if let text = stringScalar(valueNode, what: "'on-error'") {
                        if let parsed = OnError(rawValue: text) { onError = parsed } else {
                            var message = "'on-error' must be one of: fail, skip, keep; found '\(text)'"
                            if let guess = Suggestion.closest(to: text, in: OnError.allCases.map(\.rawValue)) { message += " (did you mean '\(guess)'?)" }
                            error(valueNode.location, message)
                            ok = false
                        }
                    } else { ok = false }
                case "when":
                    if let expression = stringScalar(valueNode, what: "'when'") {
                        do {
                            condition = try Condition(parsing: expression)
                        } catch {
                            let whenLocation = valueNode.location
                            let quoted: Int
                            if case .scalar(_, true, _) = valueNode { quoted = 1 } else { quoted = 0 }
                            self.error(SourceLocation(file: file, line: whenLocation.line, column: whenLocation.column + error.offset + quoted), "invalid 'when' condition: \(error.message)")
                            ok = false
                        }
                    } else { ok = false }
                default:
                    if let previous = stageNameNode, let previousName = stageName {
                        if loader.environment.stages.type(named: key) != nil {
                            error(keyNode.location, "one list item holds two stages, '\(previousName)' (line \(previous.location.line)) and '\(key)': start each stage with its own '-'")
                        } else {
                            reportUnknownKey(key, at: keyNode.location, besideStage: previousName)
                        }
                        ok = false
                        continue
                    }
                    stageName = key
                    stageNameNode = keyNode
                    optionsNode = valueNode
                }
            }
        }
        guard let name = stageName, let nameNode = stageNameNode else {
            error(item.location, "this list item names no stage (known stages: \(loader.environment.stages.names.joined(separator: ", ")))")
            return nil
        }
        guard let type = loader.environment.stages.type(named: name) else {
            var message = "unknown stage '\(name)'"
            if let guess = Suggestion.closest(to: name, in: loader.environment.stages.names) { message += " (did you mean '\(guess)'?)" }
            else { message += " (known stages: \(loader.environment.stages.names.joined(separator: ", ")))" }
            error(nameNode.location, message)
            return nil
        }

        // Options: null, or a mapping.
        var options: [String: Value] = [:]
        if let optionsNode {
            switch optionsNode {
            case .mapping:
                options = value(optionsNode).objectValue ?? [:]
            case .scalar(let text, false, _) where YAMLTree.resolvePlain(text) == .null:
                break
            default:
                error(optionsNode.location, "options of stage '\(name)' must be a mapping, found \(optionsNode.kindName)")
                return nil
            }
        }

        // Ids.
        var id: String
        if let (given, location) = explicitID {
            id = given
            if let first = usedIDs[given] {
                error(location, "duplicate stage id '\(given)' (first used at line \(first.line))")
                ok = false
            }
        } else {
            id = name
            var number = 2
            while usedIDs[id] != nil { id = "\(name)-\(number)"; number += 1 }
        }
        usedIDs[id] = explicitID?.1 ?? nameNode.location

        var setup = StageSetup(stageID: id, baseDirectory: baseDirectory, environment: loader.variables, validateOnly: loader.validateOnly,
                               pipelineEnvironment: loader.environment)
        setup.checksEnvironment = loader.checksEnvironment
        return PendingStep(id: id, name: name, type: type, options: options, setup: setup, nameNode: nameNode, optionsNode: optionsNode,
                           location: item.location, onError: onError, condition: condition, ok: ok)
    }

    /// The step of a built entry, or `nil` after reporting why the build failed (each option
    /// problem at its place in the YAML).
    mutating func finishStep(_ pending: PendingStep, built result: Result<AnyStage, any Error>) -> PipelineStep? {
        let built: AnyStage
        do {
            built = try result.get()
        } catch let issues as OptionIssues {
            for issue in issues.issues {
                let location: SourceLocation
                if let optionsNode = pending.optionsNode, !issue.path.isEmpty {
                    location = optionsNode.locate(path: issue.path, atKey: issue.atKey)
                } else {
                    location = pending.nameNode.location
                }
                error(location, issue.message)
            }
            return nil
        } catch {
            self.error(pending.nameNode.location, "stage '\(pending.name)': \(error)")
            return nil
        }
        guard pending.ok else { return nil }
        return PipelineStep(id: pending.id, name: pending.name, stage: built, onError: pending.onError, condition: pending.condition,
                            location: pending.location)
    }

    mutating func reportUnknownKey(_ key: String, at location: SourceLocation, besideStage stage: String) {
        var message = "unknown key '\(key)' beside stage '\(stage)'"
        if let guess = Suggestion.closest(to: key, in: PipelineLoader.reservedStageKeys) {
            message += " (did you mean '\(guess)'?)"
        } else if let stageType = loader.environment.stages.type(named: stage), stageType.spec.option(key) != nil {
            message += " (it is an option of '\(stage)': indent it under the stage name)"
        } else {
            message += " (allowed: \(PipelineLoader.reservedStageKeys.joined(separator: ", ")))"
        }
        error(location, message)
    }
}
