#include "alembic/env_py.hpp"

#include "alembic/call_args.hpp"
#include "alembic/python_string.hpp"
#include "alembic/syntax_tree.hpp"

#include <map>
#include <regex>

namespace miglint::alembic {
namespace {

// A literal True or False, or nullopt for anything computed.
std::optional<bool> literal_bool(Node node) {
    if (node.is("true")) return true;
    if (node.is("false")) return false;
    return std::nullopt;
}

std::optional<std::string> literal_string(Node node, std::string_view source) {
    if (!node.is("string")) return std::nullopt;
    auto decoded = decode_string(node, source);
    if (!decoded) return std::nullopt;
    return decoded->value;
}

// Every string literal in `node`'s subtree (`text("SET ...")` included).
void strings_below(Node node, std::string_view source, std::vector<std::string>& out, int depth = 0) {
    if (!node || depth > 32) return;
    if (auto s = literal_string(node, source)) {
        out.push_back(std::move(*s));
        return;
    }
    for (const Node child : node.named_children()) strings_below(child, source, out, depth + 1);
}

// `SET [SESSION] name ...` or set_config('name', ..., false) in SQL run on the
// connection. SET LOCAL ends with the transaction env.py opens, before revisions commit theirs.
bool sets_in_sql(const std::string& sql, std::string_view name) {
    const std::regex set("\\bset\\s+(session\\s+)?" + std::string(name) + "\\b", std::regex::icase);
    const std::regex config("set_config\\s*\\(\\s*'" + std::string(name) + "'", std::regex::icase);
    return std::regex_search(sql, set) || std::regex_search(sql, config);
}

// libpq's `options` ("-c lock_timeout=5s") as a connect argument or in the URL.
bool sets_in_options(const std::string& text, std::string_view name) {
    const std::regex option("-c\\s*" + std::string(name) + "\\s*=", std::regex::icase);
    return std::regex_search(text, option);
}

std::string_view callee_name(Node call, std::string_view source) {
    const Node function = call.field("function");
    if (function.is("attribute")) return function.field("attribute").text(source);
    if (function.is("identifier")) return function.text(source);
    return {};
}

class EnvReader {
public:
    explicit EnvReader(std::string_view source) : m_source(source) {}

    void visit(Node root) {
        std::vector<Node> stack{root};
        while (!stack.empty()) {
            const Node node = stack.back();
            stack.pop_back();
            if (node.is("call")) visit_call(node);
            if (node.is("pair")) visit_pair(node);
            if (node.is("string")) visit_string(node);
            if (node.is("assignment") && node.field("right").is("dictionary")) {
                m_dicts[std::string(node.field("left").text(m_source))] = node.field("right");
            }
            if (node.is("assignment") && node.field("left").text(m_source) == "target_metadata") visit_metadata(node.field("right"));
            const auto children = node.named_children();
            for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(*it);
        }
    }

    EnvFacts facts() const {
        EnvFacts out = m_facts;
        out.overrides_ini_url = m_sets_url || (m_builds_engine && !m_reads_ini_url);
        // The online configuration runs the revisions; the offline one only prints them.
        const auto& configures = m_online.empty() ? m_offline : m_online;
        std::optional<EnvTransaction> decided;
        std::string reason;
        const auto decide = [&](EnvTransaction mode, std::string why) {
            if (decided && *decided != mode) {
                decided = EnvTransaction::run_time;
                reason = "context.configure() is called with different transaction settings";
                return;
            }
            decided = mode;
            reason = std::move(why);
        };
        for (const auto& configure : configures) decide(configure.first, configure.second);
        if (m_autocommit) {
            if (decided == EnvTransaction::run_time) {
                // kept: a computed setting still leaves the mode unknown
            } else {
                decided = m_autocommit_known ? EnvTransaction::none : EnvTransaction::run_time;
                reason = m_autocommit_known ? "the connection's isolation_level=\"AUTOCOMMIT\""
                                            : "isolation_level is computed when env.py runs";
            }
        }
        if (m_convention) {
            Node dict = m_convention;
            if (dict.is("identifier")) {
                const auto it = m_dicts.find(std::string(dict.text(m_source)));
                dict = it != m_dicts.end() ? it->second : Node{};
            }
            for (const Node pair : dict.named_children()) {
                const auto key = literal_string(pair.field("key"), m_source);
                const auto value = literal_string(pair.field("value"), m_source);
                if (key && value) out.naming_convention[*key] = *value;
            }
        }
        out.metadata_from_code = m_metadata_from_code && out.naming_convention.empty();
        out.transaction = decided.value_or(EnvTransaction::alembic_default);
        out.transaction_reason = reason;
        return out;
    }

private:
    // `target_metadata = ...`: a MetaData(...) built here, None, or one from elsewhere.
    void visit_metadata(Node value) {
        if (value.is("none")) return;
        if (value.is("call") && callee_name(value, m_source) == "MetaData") return;
        m_metadata_from_code = true;
    }

    void visit_call(Node call) {
        const auto name = callee_name(call, m_source);
        const CallArgs args = call_args(call, m_source);
        const Node first = args.positional.empty() ? Node{} : args.positional.front();
        if (name == "configure") visit_configure(args);
        if (name == "MetaData" && args.keyword("naming_convention")) m_convention = args.keyword("naming_convention");
        if (name == "set_main_option" || name == "set_section_option") {
            for (const Node arg : args.positional) {
                if (literal_string(arg, m_source) == "sqlalchemy.url") m_sets_url = true;
            }
        }
        if (name == "get_main_option" || name == "get_section_option") {
            for (const Node arg : args.positional) {
                if (literal_string(arg, m_source) == "sqlalchemy.url") m_reads_ini_url = true;
            }
        }
        if (name == "engine_from_config" || name == "async_engine_from_config" || name == "get_section") {
            m_reads_ini_url = true;
        }
        if (name == "create_engine" || name == "create_async_engine") m_builds_engine = true;
        if (const Node level = args.keyword("isolation_level")) {
            const auto value = literal_string(level, m_source);
            if (!value) {
                m_autocommit = true;
                m_autocommit_known = false;
            } else if (*value == "AUTOCOMMIT") {
                m_autocommit = true;
            }
        }
        if ((name == "execute" || name == "exec_driver_sql") && first) {
            std::vector<std::string> strings;
            strings_below(first, m_source, strings);
            for (const auto& sql : strings) {
                if (sets_in_sql(sql, "lock_timeout")) m_facts.sets_lock_timeout = true;
                if (sets_in_sql(sql, "statement_timeout")) m_facts.sets_statement_timeout = true;
            }
        }
    }

    void visit_configure(const CallArgs& args) {
        EnvTransaction mode = EnvTransaction::alembic_default;
        std::string reason;
        if (const Node per = args.keyword("transaction_per_migration")) {
            const auto value = literal_bool(per);
            if (!value) {
                mode = EnvTransaction::run_time;
                reason = "transaction_per_migration is computed when env.py runs";
            } else if (*value) {
                mode = EnvTransaction::per_migration;
                reason = "transaction_per_migration=True";
            }
        }
        if (const Node ddl = args.keyword("transactional_ddl")) {
            const auto value = literal_bool(ddl);
            if (!value) {
                mode = EnvTransaction::run_time;
                reason = "transactional_ddl is computed when env.py runs";
            } else if (!*value) {
                mode = EnvTransaction::none;
                reason = "transactional_ddl=False";
            }
        }
        (args.has_keyword("connection") ? m_online : m_offline).emplace_back(mode, std::move(reason));
    }

    // server_settings={"lock_timeout": "5s"} (asyncpg) and similar option dicts.
    void visit_pair(Node pair) {
        const auto key = literal_string(pair.field("key"), m_source);
        if (key == "lock_timeout") m_facts.sets_lock_timeout = true;
        if (key == "statement_timeout") m_facts.sets_statement_timeout = true;
    }

    void visit_string(Node string) {
        const auto value = literal_string(string, m_source);
        if (!value) return;
        if (sets_in_options(*value, "lock_timeout")) m_facts.sets_lock_timeout = true;
        if (sets_in_options(*value, "statement_timeout")) m_facts.sets_statement_timeout = true;
    }

    std::string_view m_source;
    EnvFacts m_facts;
    std::vector<std::pair<EnvTransaction, std::string>> m_online;
    std::vector<std::pair<EnvTransaction, std::string>> m_offline;
    bool m_sets_url = false;
    bool m_reads_ini_url = false;
    bool m_builds_engine = false;
    bool m_autocommit = false;
    bool m_autocommit_known = true;
    bool m_metadata_from_code = false;
    Node m_convention;                    // the naming_convention= argument of MetaData(...)
    std::map<std::string, Node> m_dicts;  // dict literals bound to names
};

}  // namespace

EnvFacts read_env_py(std::string_view text) {
    const SyntaxTree tree(text);
    EnvReader reader(text);
    if (const Node root = tree.root()) reader.visit(root);
    return reader.facts();
}

}  // namespace miglint::alembic
