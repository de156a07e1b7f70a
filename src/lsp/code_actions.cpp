#include "lsp/code_actions.hpp"

#include "fix/split_migration.hpp"
#include "lsp/uri.hpp"

#include <miglint/input_check.hpp>
#include "lsp/diagnostics.hpp"

#include <cctype>
#include <optional>
#include <set>
#include <utility>

namespace miglint::lsp {
namespace {

bool is_python(const SourceText& source) {
    return source.path().ends_with(".py");
}

// The file's line ending: CRLF or a lone CR when it uses one, else LF.
std::string_view line_ending(const std::string& text) {
    const auto cr = text.find('\r');
    if (cr == std::string::npos) return "\n";
    return cr + 1 < text.size() && text[cr + 1] == '\n' ? "\r\n" : "\r";
}

Json text_edit(const SourceText& source, const Edit& edit, PositionEncoding encoding) {
    return {{"range", to_lsp_range(source, edit.span, encoding)}, {"newText", edit.replacement}};
}

// The one action the client may apply without asking (the rule's own fix).
enum class Preferred { no, yes };

Json quick_fix(const Document& doc, const Finding& finding, std::string title, const std::vector<Edit>& edits,
               Preferred preferred, PositionEncoding encoding) {
    Json changes = Json::array();
    for (const auto& edit : edits) changes.push_back(text_edit(*finding.source, edit, encoding));
    Json action = {{"title", std::move(title)},
                   {"kind", "quickfix"},
                   {"diagnostics", Json::array({diagnostic_of(finding, encoding)})},
                   {"edit", {{"changes", {{doc.uri, std::move(changes)}}}}}};
    if (preferred == Preferred::yes) action["isPreferred"] = true;
    return action;
}

// A fix that also creates files, as documentChanges: each file created
// (never over one that exists) and given its text, then the document's own
// edits. Null when the files cannot be placed (no free version).
Json creating_quick_fix(const Document& doc, const Finding& finding, std::string title, PositionEncoding encoding) {
    const auto files = fix::files_created_by(*finding.fix, finding.path(), {});
    if (!files) return nullptr;
    Json changes = Json::array();
    for (const auto& file : *files) {
        const auto uri = uri_of_path(file.path);
        changes.push_back({{"kind", "create"}, {"uri", uri}, {"options", {{"overwrite", false}, {"ignoreIfExists", false}}}});
        const Json start = {{"line", 0}, {"character", 0}};
        changes.push_back({{"textDocument", {{"uri", uri}, {"version", nullptr}}},
                           {"edits", Json::array({{{"range", {{"start", start}, {"end", start}}}, {"newText", file.text}}})}});
    }
    Json edits = Json::array();
    for (const auto& edit : finding.fix->edits) edits.push_back(text_edit(*finding.source, edit, encoding));
    if (!edits.empty()) changes.push_back({{"textDocument", {{"uri", doc.uri}, {"version", nullptr}}}, {"edits", std::move(edits)}});
    return {{"title", std::move(title)},
            {"kind", "quickfix"},
            {"diagnostics", Json::array({diagnostic_of(finding, encoding)})},
            {"edit", {{"documentChanges", std::move(changes)}}}};
}

// True when the client's `only` filter admits quick fixes ("quickfix" or a parent kind "").
bool wants_quick_fixes(const Json& context) {
    if (!context.is_object() || !context.contains("only") || !context["only"].is_array()) return true;
    for (const auto& kind : context["only"]) {
        if (kind.is_string() && (kind == "quickfix" || kind == "")) return true;
    }
    return false;
}

// True when byte `offset` of Python `text` lies inside a triple-quoted
// string (SQL passed to op.execute), where a `#` line would become SQL.
bool inside_triple_quoted(std::string_view text, std::uint32_t offset) {
    enum class State { code, comment, string, triple } state = State::code;
    char quote = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        const char c = text[i];
        const bool three = i + 2 < text.size() && text[i + 1] == c && text[i + 2] == c;
        switch (state) {
            case State::code:
                if (c == '#') {
                    state = State::comment;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    state = three ? State::triple : State::string;
                    if (three) i += 2;
                }
                break;
            case State::comment:
                if (c == '\n' || c == '\r') state = State::code;
                break;
            case State::string:
                if (c == '\\') {
                    ++i;
                } else if (c == quote || c == '\n') {
                    state = State::code;
                }
                break;
            case State::triple:
                if (c == '\\') {
                    ++i;
                } else if (c == quote && three) {
                    state = State::code;
                    i += 2;
                }
                break;
        }
    }
    return state == State::triple;
}

// What a directive covers: its line and the next, or the whole file.
enum class Scope { line, file };

// Where to add a rule id to a `miglint: ignore` (or, for Scope::file,
// `miglint: ignore-file`) directive on `line`: its rule list's end, before
// `]` or after the last id; empty when the line holds no such directive with
// ids (none, the other scope's, or one for every rule).
std::optional<std::uint32_t> directive_list_end(const SourceText& source, std::uint32_t line, Scope scope) {
    const std::string_view directive = scope == Scope::file ? "miglint: ignore-file" : "miglint: ignore";
    const auto text = source.line_text(line);
    const auto at = text.find(directive);
    if (at == std::string_view::npos) return std::nullopt;
    auto rest = text.substr(at + directive.size());
    if (rest.starts_with("-file")) return std::nullopt;
    const auto offset = [&](std::size_t in_rest) {
        return source.line_start(line) + static_cast<std::uint32_t>(at + directive.size() + in_rest);
    };
    const auto first = rest.find_first_not_of(' ');
    if (first == std::string_view::npos) return std::nullopt;
    if (rest[first] == '[') {
        const auto close = rest.find(']', first);
        if (close == std::string_view::npos ||
            rest.substr(first + 1, close - first - 1).find_first_not_of(' ') == std::string_view::npos) {
            return std::nullopt;
        }
        return offset(close);
    }
    // "a, b" up to a reason ("-- why", "# why") or the line's end.
    std::size_t end = first;
    for (std::size_t i = first; i < rest.size(); ++i) {
        const char c = rest[i];
        if (rest.substr(i).starts_with("--") || c == '#') break;
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_' && c != ',' && c != ' ') break;
        if (c != ' ') end = i + 1;
    }
    if (end == first) return std::nullopt;
    return offset(end);
}

// True for a Python file's first lines that must stay first: a shebang, and
// an encoding declaration (PEP 263: line 1 or 2).
bool must_stay_first(std::string_view line, std::uint32_t number) {
    if (number == 1 && line.starts_with("#!")) return true;
    return number <= 2 && line.starts_with("#") && line.find("coding") != std::string_view::npos;
}

}  // namespace

Edit ignore_file_edit(const Finding& finding) {
    const auto& source = *finding.source;
    // A file-level directive naming rules already: one list is easier to read than two.
    for (std::uint32_t line = 1; line <= source.line_count(); ++line) {
        if (const auto end = directive_list_end(source, line, Scope::file)) return {{*end, *end}, ", " + finding.rule};
    }
    const bool python = is_python(source);
    const auto eol = std::string(line_ending(source.text()));
    const auto directive =
        python ? "# miglint: ignore-file[" + finding.rule + "]" : "-- miglint: ignore-file " + finding.rule;
    auto at = static_cast<std::uint32_t>(bom_length(source.text()));
    for (std::uint32_t line = 1; python && line <= source.line_count(); ++line) {
        const auto text = source.line_text(line);
        if (!must_stay_first(text, line)) break;
        const auto end = source.line_start(line) + static_cast<std::uint32_t>(text.size());
        // The last line without an ending: the directive goes on a line of its own after it.
        if (end >= source.text().size()) return {{end, end}, eol + directive};
        at = line + 1 <= source.line_count() ? source.line_start(line + 1)
                                             : static_cast<std::uint32_t>(source.text().size());
    }
    return {{at, at}, directive + eol};
}

Edit ignore_edit(const Finding& finding) {
    const auto& source = *finding.source;
    const auto line = source.line_of(finding.span.begin);
    // A directive for other rules just above: add this one to it, since a
    // second line in between would leave that directive out of reach.
    if (line > 1) {
        if (const auto end = directive_list_end(source, line - 1, Scope::line))
            return {{*end, *end}, ", " + finding.rule};
    }
    const auto text = source.line_text(line);
    const auto indent = text.substr(
        0, text.find_first_not_of(" \t") == std::string_view::npos ? text.size() : text.find_first_not_of(" \t"));
    const auto start = source.line_start(line);
    // SQL inside a Python string takes an SQL comment, which the suppression scan reads too.
    const bool python_comment = is_python(source) && !inside_triple_quoted(source.text(), start);
    const auto directive =
        python_comment ? "# miglint: ignore[" + finding.rule + "]" : "-- miglint: ignore " + finding.rule;
    return {{start, start}, std::string(indent) + directive + std::string(line_ending(source.text()))};
}

Json code_actions(const Document& doc, const Json& params, PositionEncoding encoding, ClientEdits client) {
    Json actions = Json::array();
    if (!doc.linted || !wants_quick_fixes(params.value("context", Json::object()))) return actions;
    if (!params.contains("range")) throw RpcError(ErrorCode::invalid_params, "codeAction needs a `range`");
    const auto& range = params["range"];
    const auto& source = *doc.linted;
    const auto first = source.line_of(from_lsp_position(source, range.at("start"), encoding));
    const auto last = source.line_of(from_lsp_position(source, range.at("end"), encoding));
    std::set<std::pair<std::string, std::uint32_t>> ignores_offered;
    Json ignores = Json::array();
    std::set<std::string> file_ignores_offered;
    Json file_ignores = Json::array();
    for (const auto& finding : doc.findings) {
        const auto begin_line = source.line_of(finding.span.begin);
        const auto end_line = source.line_of(std::max(finding.span.begin, finding.span.end));
        // Every finding on a line the range touches: editors ask with the cursor's position.
        if (end_line < first || begin_line > last) continue;
        if (finding.fix && (!finding.fix->edits.empty() || !finding.fix->edits_own_file_only())) {
            // An unsafe fix changes how the migration runs: offered, named as such, never preferred.
            const bool unsafe = finding.fix->unsafe;
            auto title = "miglint: " + finding.fix->description + (unsafe ? " (unsafe fix)" : "");
            if (finding.fix->edits_own_file_only()) {
                actions.push_back(quick_fix(doc, finding, std::move(title), finding.fix->edits,
                                            unsafe ? Preferred::no : Preferred::yes, encoding));
            } else if (client.creates_files) {  // else left to `miglint --fix`
                if (auto action = creating_quick_fix(doc, finding, std::move(title), encoding); !action.is_null()) {
                    actions.push_back(std::move(action));
                }
            }
        }
        if (ignores_offered.emplace(finding.rule, begin_line).second) {
            ignores.push_back(quick_fix(doc, finding, "Ignore " + finding.rule + " on this line",
                                        {ignore_edit(finding)}, Preferred::no, encoding));
        }
        if (file_ignores_offered.insert(finding.rule).second) {
            file_ignores.push_back(quick_fix(doc, finding, "Ignore " + finding.rule + " in this file",
                                             {ignore_file_edit(finding)}, Preferred::no, encoding));
        }
    }
    // The fixes first: they are what a user usually wants; the widest ignore last.
    for (auto& action : ignores) actions.push_back(std::move(action));
    for (auto& action : file_ignores) actions.push_back(std::move(action));
    return actions;
}

}  // namespace miglint::lsp
