#include "config/config.hpp"

#include "config/toml_nesting.hpp"
#include "pipeline/discover.hpp"

#include <miglint/rule.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

namespace miglint::config {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view k_miglint_toml = "miglint.toml";
constexpr std::string_view k_pyproject = "pyproject.toml";
constexpr std::string_view k_table_stats_env = "MIGLINT_TABLE_STATS";
constexpr std::string_view k_database_url_env = "MIGLINT_DATABASE_URL";

// Config files are small; this bounds what a hostile one makes miglint read.
constexpr std::uint64_t k_max_config_bytes = 16ULL * 1024 * 1024;

bool pyproject_configures_miglint(const fs::path& path) {
    const auto text = read_file(path.string(), k_max_config_bytes);
    if (!text) return false;
    // A broken pyproject.toml is reported when it is loaded, if it is the one.
    const auto mentions_miglint = [&] { return text->find("[tool.miglint") != std::string::npos; };
    if (check_toml_nesting(*text, path.string())) return mentions_miglint();
    try {
        const auto table = toml::parse(*text, path.string());
        return table["tool"]["miglint"].is_table();
    } catch (const toml::parse_error&) {
        return mentions_miglint();
    }
}

class Loader {
public:
    Loader(std::string path, Settings& settings, std::vector<Error>& warnings)
        : m_path(std::move(path)), m_settings(&settings), m_warnings(&warnings) {}

    std::optional<Error> apply(const toml::table& table) {
        using Handler = std::function<std::optional<Error>(const toml::node&)>;
        const std::map<std::string, Handler, std::less<>> handlers{
            {"select", [&](const toml::node& n) { return ids(n, m_settings->select, "all"); }},
            {"extend-select", [&](const toml::node& n) { return ids(n, m_settings->enable, "all"); }},
            {"ignore", [&](const toml::node& n) { return ids(n, m_settings->ignore, ""); }},
            {"severity", [&](const toml::node& n) { return severities(n); }},
            {"per-file-ignores", [&](const toml::node& n) { return per_file_ignores(n); }},
            {"pg-version", [&](const toml::node& n) { return pg_version(n); }},
            {"assume-in-transaction", [&](const toml::node& n) { return sql_runner(n); }},
            {"large-tables", [&](const toml::node& n) { return large_tables(n); }},
            {"large-table-rows", [&](const toml::node& n) { return count(n, m_settings->large_table_rows); }},
            {"fail-on", [&](const toml::node& n) { return fail_on(n); }},
            {"runner-sets-timeouts", [&](const toml::node& n) { return boolean(n, m_settings->runner_sets_timeouts); }},
            {"lint-downgrades", [&](const toml::node& n) { return boolean(n, m_settings->lint_downgrades); }},
            {"fix-lock-timeout", [&](const toml::node& n) { return timeout(n, m_settings->fix_lock_timeout); }},
            {"fix-statement-timeout", [&](const toml::node& n) { return timeout(n, m_settings->fix_statement_timeout); }},
            {"max-file-size", [&](const toml::node& n) { return count(n, m_settings->max_file_bytes); }},
            {"non-postgres-paths", [&](const toml::node& n) { return globs(n, m_settings->non_postgres_paths); }},
            {"naming-convention", [&](const toml::node& n) { return naming_convention(n); }},
            {"table-stats",
             [&](const toml::node& n) { return untrusted(n, "table-stats", "--table-stats FILE", k_table_stats_env); }},
            {"database-url",
             [&](const toml::node& n) {
                 return untrusted(n, "database-url", "--database-url URL", k_database_url_env);
             }},
            {"rules", [&](const toml::node& n) { return rule_options(n); }},
            {"diff-base", [&](const toml::node& n) { return git_ref(n); }},
            {"start-after", [&](const toml::node& n) { return start_after(n); }},
        };
        for (const auto& [key, node] : in_file_order(table)) {
            const auto handler = handlers.find(key->str());
            if (handler == handlers.end()) {
                std::string known;
                for (const auto& [name, unused] : handlers) known += (known.empty() ? "" : ", ") + name;
                return error_at(key->source(), "unknown key `" + std::string(key->str()) + "` (known keys: " + known + ")");
            }
            if (auto e = handler->second(*node)) return e;
        }
        return std::nullopt;
    }

private:
    [[nodiscard]] Error error_at(const toml::node& node, std::string message) const {
        return error_at(node.source(), std::move(message));
    }

    [[nodiscard]] Error error_at(const toml::source_region& region, std::string message) const {
        const auto& begin = region.begin;
        std::optional<Position> where;
        if (begin.line > 0) where = Position{begin.line, begin.column};
        return Error{std::move(message), m_path, where};
    }

    template <class Located>
    std::optional<Error> unknown_rule(const Located& where, const std::string& id) const {
        return error_at(where, "unknown rule id `" + id + "` (see `miglint rules`)");
    }

    // The entries of `table` in the order they are written, so the first
    // problem in the file is the one reported.
    static std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& table) {
        std::vector<std::pair<const toml::key*, const toml::node*>> entries;
        for (const auto& [key, node] : table) entries.emplace_back(&key, &node);
        std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            const auto& pa = a.first->source().begin;
            const auto& pb = b.first->source().begin;
            return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
        });
        return entries;
    }

    // A list of rule ids; `wildcard` ("all", "*") is accepted besides real ids.
    std::optional<Error> ids(const toml::node& node, std::set<std::string>& into, std::string_view wildcard) {
        const auto* array = node.as_array();
        if (array == nullptr) return error_at(node, "expected a list of rule ids, like [\"non-concurrent-index\"]");
        into.clear();
        for (const auto& item : *array) {
            const auto id = item.value<std::string>();
            if (!id) return error_at(item, "expected a rule id (a string)");
            if (*id != wildcard && find_rule(*id) == nullptr && !is_rule_group(*id)) return unknown_rule(item, *id);
            into.insert(*id);
        }
        return std::nullopt;
    }

    std::optional<Error> severities(const toml::node& node) {
        const auto* table = node.as_table();
        if (table == nullptr) return error_at(node, "expected a table of rule id = \"info\" | \"warning\" | \"error\"");
        for (const auto& [key, value] : in_file_order(*table)) {
            const std::string id(key->str());
            if (find_rule(id) == nullptr) return unknown_rule(key->source(), id);
            const auto text = value->value_exact<std::string>();
            const auto level = text ? parse_severity(*text) : std::nullopt;
            if (!level) return error_at(*value, "expected \"info\", \"warning\" or \"error\"");
            m_settings->severity_overrides[id] = *level;
        }
        return std::nullopt;
    }

    std::optional<Error> per_file_ignores(const toml::node& node) {
        const auto* table = node.as_table();
        if (table == nullptr) return error_at(node, "expected a table of \"glob\" = [rule ids]");
        for (const auto& [key, value] : in_file_order(*table)) {
            std::set<std::string> rules;
            if (auto e = ids(*value, rules, "*")) return e;
            m_settings->per_path_ignores.emplace_back(std::string(key->str()), std::move(rules));
        }
        return std::nullopt;
    }

    std::optional<Error> pg_version(const toml::node& node) {
        std::optional<PgVersion> version;
        if (const auto number = node.value_exact<std::int64_t>()) version = parse_pg_version(std::to_string(*number));
        else if (const auto text = node.value_exact<std::string>()) version = parse_pg_version(*text);
        if (!version || !is_known_pg_version(*version)) {
            return error_at(node, "expected a PostgreSQL version from 10 to 18, such as 15 or \"14.3\"");
        }
        m_settings->pg_version = *version;
        m_settings->pg_version_from = PgVersionFrom::config;
        return std::nullopt;
    }

    std::optional<Error> fail_on(const toml::node& node) {
        const auto text = node.value_exact<std::string>();
        const auto level = text ? parse_severity(*text) : std::nullopt;
        if (!level) return error_at(node, "expected \"info\", \"warning\" or \"error\"");
        m_settings->fail_on = *level;
        return std::nullopt;
    }

    // A branch, tag or commit (git checks it exists when the lint starts).
    std::optional<Error> git_ref(const toml::node& node) {
        const auto text = node.value_exact<std::string>();
        if (!text || text->empty() || text->front() == '-') {
            return error_at(node, "expected a git branch, tag or commit, such as \"origin/main\"");
        }
        m_settings->diff_base = *text;
        return std::nullopt;
    }

    // A revision id ("3f2a9c1b7d4e") or a version ("0042", or 42 as a number).
    std::optional<Error> start_after(const toml::node& node) {
        std::optional<std::string> text = node.value_exact<std::string>();
        if (const auto number = node.value_exact<std::int64_t>(); number && *number >= 0) text = std::to_string(*number);
        if (!text || text->empty()) return error_at(node, "expected a revision id or a version, such as \"0042\"");
        m_settings->start_after = *text;
        return std::nullopt;
    }

    std::optional<Error> boolean(const toml::node& node, bool& into) {
        const auto value = node.value_exact<bool>();
        if (!value) return error_at(node, "expected true or false");
        into = *value;
        return std::nullopt;
    }

    // A timeout as PostgreSQL reads one ("5s", "500ms", "2 min"), not zero, which turns it off.
    std::optional<Error> timeout(const toml::node& node, std::string& into) {
        static const std::regex k_timeout(R"(([0-9]+(\.[0-9]+)?) ?(us|ms|s|min|h|d)?)");
        const auto value = node.value_exact<std::string>();
        std::smatch match;
        if (!value || !std::regex_match(*value, match, k_timeout) || std::stod(match[1].str()) == 0) {
            return error_at(node, "expected a timeout that is not zero, like \"5s\", \"500ms\" or \"2min\"");
        }
        into = *value;
        return std::nullopt;
    }

    // true: the runner wraps every SQL file in a transaction; false: it wraps none.
    std::optional<Error> sql_runner(const toml::node& node) {
        bool wrapped = false;
        if (auto e = boolean(node, wrapped)) return e;
        m_settings->sql_runner = wrapped ? RunnerTransaction::per_file : RunnerTransaction::none;
        return std::nullopt;
    }

    std::optional<Error> count(const toml::node& node, std::uint64_t& into) {
        const auto value = node.value_exact<std::int64_t>();
        if (!value || *value < 0) return error_at(node, "expected a non-negative integer");
        into = static_cast<std::uint64_t>(*value);
        return std::nullopt;
    }

    // A setting that would make miglint connect to a service or read a file
    // the repository chooses: a config file comes with the repository being
    // linted (an untrusted pull request, a fresh clone opened in an editor),
    // so it is ignored with a warning, and only the user's command line or
    // environment sets it. The value is never echoed: it may hold a password.
    std::optional<Error> untrusted(const toml::node& node, std::string_view key, std::string_view flag,
                                   std::string_view env) {
        m_warnings->push_back(error_at(node, "`" + std::string(key) +
                                                 "` is ignored in a config file, which the repository controls: pass " +
                                                 std::string(flag) + " or set " + std::string(env) + " instead"));
        return std::nullopt;
    }

    std::optional<Error> globs(const toml::node& node, std::vector<std::string>& into) {
        const auto* array = node.as_array();
        if (array == nullptr) return error_at(node, "expected a list of path globs, like [\"legacy/versions/*.py\"]");
        for (const auto& item : *array) {
            const auto glob = item.value_exact<std::string>();
            if (!glob || glob->empty()) return error_at(item, "expected a path glob (a string)");
            into.push_back(*glob);
        }
        return std::nullopt;
    }

    std::optional<Error> large_tables(const toml::node& node) {
        const auto* array = node.as_array();
        if (array == nullptr) return error_at(node, "expected a list of table names, like [\"users\", \"app.events\"]");
        for (const auto& item : *array) {
            const auto name = item.value_exact<std::string>();
            if (!name || name->empty()) return error_at(item, "expected a table name (a string)");
            m_settings->large_tables.emplace(*name, std::nullopt);
        }
        return std::nullopt;
    }

    // `[naming-convention]`: SQLAlchemy's convention keys, each a name template.
    std::optional<Error> naming_convention(const toml::node& node) {
        const auto* table = node.as_table();
        if (table == nullptr) {
            return error_at(node, "expected a table like [naming-convention] pk = \"pk_%(table_name)s\"");
        }
        static const std::set<std::string, std::less<>> k_keys{"pk", "uq", "fk", "ck", "ix"};
        for (const auto& [key, value] : in_file_order(*table)) {
            if (k_keys.count(key->str()) == 0) {
                return error_at(key->source(), "unknown naming convention key `" + std::string(key->str()) +
                                                   "` (keys: ck, fk, ix, pk, uq)");
            }
            const auto text = value->value_exact<std::string>();
            if (!text || text->empty()) return error_at(*value, "expected a name template (a string)");
            m_settings->naming_convention[std::string(key->str())] = *text;
        }
        return std::nullopt;
    }

    // `[rules.<id>]` tables: option = value, kept as written for the rule to read.
    std::optional<Error> rule_options(const toml::node& node) {
        const auto* table = node.as_table();
        if (table == nullptr) return error_at(node, "expected [rules.<rule-id>] tables of options");
        for (const auto& [key, options] : in_file_order(*table)) {
            const std::string id(key->str());
            const auto* rule = find_rule(id);
            if (rule == nullptr) return unknown_rule(key->source(), id);
            const auto* option_table = options->as_table();
            if (option_table == nullptr) return error_at(*options, "expected a table of options for `" + id + "`");
            for (const auto& [name_key, value_node] : in_file_order(*option_table)) {
                const auto& name = *name_key;
                const auto& value = *value_node;
                const auto declared = std::find_if(rule->options.begin(), rule->options.end(),
                                                   [&](const RuleOption& o) { return o.name == name.str(); });
                if (declared == rule->options.end()) {
                    std::string listed;
                    for (const auto& o : rule->options) listed += (listed.empty() ? "" : ", ") + std::string(o.name);
                    return error_at(name.source(), "unknown option `" + std::string(name.str()) + "` for rule `" + id + "` (" +
                                               (listed.empty() ? std::string("it has no options") : "options: " + listed) + ")");
                }
                if (auto problem = option_type_problem(*declared, value)) {
                    return error_at(value, "option `" + std::string(name.str()) + "` of rule `" + id + "` takes " + *problem);
                }
                auto text = scalar_text(value);
                if (!text) return error_at(value, "expected a string, number, boolean or list of them");
                m_settings->rule_options[id][std::string(name.str())] = std::move(*text);
            }
        }
        return std::nullopt;
    }

    // What is wrong with `value` for the option's declared type ("a positive integer, not ..."), or nothing.
    static std::optional<std::string> option_type_problem(const RuleOption& option, const toml::node& value) {
        const auto as_written = [&] {
            std::ostringstream out;
            value.visit([&](const auto& written) { out << written; });
            return ", not " + out.str();
        };
        if (option.type == "int") {
            const auto number = value.value_exact<std::int64_t>();
            if (!number || *number < 1) return "a positive integer" + as_written();
        } else if (option.type == "bool") {
            if (!value.value_exact<bool>()) return "true or false" + as_written();
        } else if (option.type == "string") {
            const auto text = value.value_exact<std::string>();
            if (!text || text->empty()) return "a non-empty string" + as_written();
        } else if (option.type == "list") {
            const auto* array = value.as_array();
            const bool strings = array != nullptr && std::all_of(array->begin(), array->end(), [](const toml::node& item) {
                return item.value_exact<std::string>().has_value();
            });
            if (!strings) return "a list of strings" + as_written();
        }
        return std::nullopt;
    }

    // A value as the rule reads it: strings bare, lists comma-separated.
    static std::optional<std::string> scalar_text(const toml::node& node) {
        if (const auto s = node.value_exact<std::string>()) return *s;
        if (const auto i = node.value_exact<std::int64_t>()) return std::to_string(*i);
        if (const auto b = node.value_exact<bool>()) return std::string(*b ? "true" : "false");
        if (const auto d = node.value_exact<double>()) {
            std::ostringstream out;
            out << *d;
            return out.str();
        }
        if (const auto* array = node.as_array()) {
            std::string joined;
            for (const auto& item : *array) {
                if (item.is_array() || item.is_table()) return std::nullopt;
                const auto part = scalar_text(item);
                if (!part) return std::nullopt;
                joined += (joined.empty() ? "" : ",") + *part;
            }
            return joined;
        }
        return std::nullopt;
    }

    std::string m_path;
    Settings* m_settings;
    std::vector<Error>* m_warnings;
};

}  // namespace

std::optional<fs::path> discover(const fs::path& start) {
    std::error_code ec;
    auto dir = fs::absolute(start, ec).lexically_normal();
    if (ec) return std::nullopt;
    if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
    while (true) {
        if (fs::is_regular_file(dir / k_miglint_toml, ec)) return dir / k_miglint_toml;
        if (fs::is_regular_file(dir / k_pyproject, ec) && pyproject_configures_miglint(dir / k_pyproject)) {
            return dir / k_pyproject;
        }
        // A repository's root ends the walk: a config above it belongs to
        // someone else (a home folder, a shared checkout), not to this project.
        if (fs::exists(dir / ".git", ec) || !dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
        dir = dir.parent_path();
    }
}

Result<bool> load(const fs::path& path, Settings& settings, std::vector<Error>& warnings) {
    const auto text = read_file(path.string(), k_max_config_bytes);
    if (!text) {
        auto why = text.error().message;
        if (constexpr std::string_view k_prefix = "cannot read file: "; why.starts_with(k_prefix))
            why.erase(0, k_prefix.size());
        return Error{"cannot read config file: " + why, path.string(), std::nullopt};
    }
    return load_text(*text, path, settings, warnings);
}

Result<bool> load_text(std::string_view text, const fs::path& path, Settings& settings, std::vector<Error>& warnings) {
    const auto display = path.string();
    if (auto too_deep = check_toml_nesting(text, display)) return *too_deep;
    toml::table document;
    try {
        document = toml::parse(text, display);
    } catch (const toml::parse_error& e) {
        const auto& begin = e.source().begin;
        std::optional<Position> where;
        if (begin.line > 0) where = Position{begin.line, begin.column};
        return Error{"invalid TOML: " + std::string(e.description()), display, where};
    }
    const toml::table* table = &document;
    if (path.filename() == k_pyproject) {
        table = document["tool"]["miglint"].as_table();
        if (table == nullptr) {
            if (document["tool"]["miglint"]) {
                return Error{"[tool.miglint] must be a table", display, std::nullopt};
            }
            return false;
        }
    }
    if (auto e = Loader(display, settings, warnings).apply(*table)) return *e;
    return true;
}

Result<std::optional<fs::path>> load_discovered(const fs::path& start, Settings& settings,
                                                std::vector<Error>& warnings) {
    const auto file = discover(start);
    if (!file) return std::optional<fs::path>{};
    const auto loaded = load(*file, settings, warnings);
    if (!loaded) return loaded.error();
    return *loaded ? file : std::optional<fs::path>{};
}

void apply_environment(Settings& settings) {
    if (const char* stats = std::getenv(k_table_stats_env.data()); stats != nullptr && *stats != '\0') {
        settings.table_stats_path = stats;
    }
    if (const char* url = std::getenv(k_database_url_env.data()); url != nullptr && *url != '\0') {
        settings.database_url = url;
    }
}

}  // namespace miglint::config
