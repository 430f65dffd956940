/// Environment interpolation in YAML scalars: `${VAR}`, `${VAR:-default}`, `${VAR:?message}`,
/// and `$$` for a literal dollar sign. It runs on scalar values after parsing, so a variable
/// can never inject YAML structure.
public enum EnvironmentInterpolation {
    /// A problem at a scalar offset (Unicode scalars from the start of the scalar's text).
    public struct Problem: Error, Sendable, Equatable {
        /// Offset of the `$` that starts the bad reference.
        public var offset: Int
        /// What is wrong.
        public var message: String
    }

    /// `text` with every reference replaced, or the first problem. `lenient` (linting without
    /// the environment) turns an unset variable into its default or an empty string.
    public static func expand(_ text: String, environment: [String: String], lenient: Bool = false) -> Result<String, Problem> {
        guard text.contains("$") else { return .success(text) }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            guard scalar == "$", i + 1 < scalars.count else { out.append(scalar); i += 1; continue }
            let next = scalars[i + 1]
            if next == "$" { out.append("$"); i += 2; continue }
            guard next == "{" else { out.append(scalar); i += 1; continue }
            guard let close = scalars[(i + 2)...].firstIndex(of: "}") else {
                return .failure(Problem(offset: i, message: "unterminated '${' (missing '}')"))
            }
            let body = String(String.UnicodeScalarView(scalars[(i + 2)..<close]))
            var name = body
            var mode: Character?
            var argument = ""
            if let separator = body.range(of: ":-") {
                name = String(body[..<separator.lowerBound]); mode = "-"; argument = String(body[separator.upperBound...])
            } else if let separator = body.range(of: ":?") {
                name = String(body[..<separator.lowerBound]); mode = "?"; argument = String(body[separator.upperBound...])
            }
            guard isValidName(name) else {
                return .failure(Problem(offset: i, message: "invalid variable name '\(name)' in '${\(body)}'"))
            }
            let value = environment[name].flatMap { $0.isEmpty && mode != nil ? nil : $0 }
            switch (value, mode) {
            case (let value?, _): out.append(contentsOf: value.unicodeScalars)
            case (nil, "-"?) where lenient: out.append(contentsOf: argument.unicodeScalars)
            case (nil, _) where lenient: break
            case (nil, "-"?): out.append(contentsOf: argument.unicodeScalars)
            case (nil, "?"?):
                return .failure(Problem(offset: i, message: "environment variable '\(name)' is not set: \(argument.isEmpty ? "required" : argument)"))
            default:
                return .failure(Problem(offset: i, message: "environment variable '\(name)' is not set (use ${\(name):-default} for a default)"))
            }
            i = close + 1
        }
        return .success(String(out))
    }

    private static func isValidName(_ name: String) -> Bool {
        func letter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" }
        guard let first = name.unicodeScalars.first, letter(first) else { return false }
        return name.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }
}
