import Foundation
import PipelineKit
import Yams

// `${VAR}`, `${VAR:-default}` and `${VAR:?message}` in scalars, and YAML nodes as values.
extension Validator {
    mutating func interpolate(_ tree: YAMLTree) -> YAMLTree {
        switch tree {
        case .scalar(let text, let quoted, let location):
            switch EnvironmentInterpolation.expand(text, environment: loader.variables, lenient: !loader.checksEnvironment) {
            case .success(let expanded):
                if expanded != text, expanded.unicodeScalars.count >= 3 { interpolated.append((expanded, text)) }
                // A value built from variables reads like a plain scalar, so "${N}" can be a number
                // even when quoted (quoting is often needed for '{' and '}' in flow mappings).
                return .scalar(expanded, quoted: quoted && !text.contains("${"), location)
            case .failure(let problem):
                poisoned.insert(location)
                // The column is exact for plain and quoted scalars on one line.
                let column = location.column + problem.offset + (quoted ? 1 : 0)
                error(SourceLocation(file: file, line: location.line, column: text.contains("\n") ? location.column : column), problem.message)
                return tree
            }
        case .sequence(let items, let location):
            return .sequence(items.map { interpolate($0) }, location)
        case .mapping(let pairs, let location):
            return .mapping(pairs.map { ($0.key, interpolate($0.value)) }, location)
        }
    }

    // MARK: Values

    /// Converts a subtree into a `Value`, reporting non-string keys.
    mutating func value(_ tree: YAMLTree) -> Value {
        switch tree {
        case .scalar(let text, let quoted, _): return quoted ? .string(text) : YAMLTree.resolvePlain(text)
        case .sequence(let items, _): return .array(items.map { value($0) })
        case .mapping(let pairs, _):
            var object: [String: Value] = [:]
            for (keyNode, valueNode) in pairs where !Validator.isRenamedDuplicate(keyNode.scalarText ?? "") && !poisoned.contains(valueNode.location) {
                guard let key = keyNode.scalarText else {
                    error(keyNode.location, "mapping keys must be plain strings")
                    continue
                }
                object[key] = value(valueNode)
            }
            return .object(object)
        }
    }
}
