#include <miglint/rule.hpp>

#include <algorithm>

namespace miglint {

Reporter::Builder& Reporter::Builder::help(std::string text) {
    m_finding->help = std::move(text);
    return *this;
}

Reporter::Builder& Reporter::Builder::fix(std::optional<Fix> fix) {
    if (fix) m_finding->fix = std::move(fix);
    return *this;
}

Reporter::Builder& Reporter::Builder::severity(Severity severity) {
    m_finding->severity = severity;
    return *this;
}

Reporter::Builder& Reporter::Builder::unless_at_head(std::function<bool(const SchemaState& head)> resolved) {
    m_finding->resolved_at_head = std::move(resolved);
    return *this;
}

Reporter::Reporter(const Rule& rule, Severity severity, const Migration& migration, std::vector<Finding>& sink)
    : m_rule(&rule), m_severity(severity), m_migration(&migration), m_sink(&sink) {}

Reporter::Builder Reporter::report(Span span, std::string message) { return report(*m_migration, span, std::move(message)); }

Reporter::Builder Reporter::report(const Migration& where, Span span, std::string message) {
    return report(where.source, span, std::move(message));
}

Reporter::Builder Reporter::report(const std::shared_ptr<const SourceText>& source, Span span, std::string message) {
    Finding finding;
    finding.rule = std::string(m_rule->id);
    finding.severity = m_severity;
    finding.message = std::move(message);
    finding.source = source;
    finding.span = span;
    m_sink->push_back(std::move(finding));
    return Builder(m_sink->back());
}

RuleContext::RuleContext(const Migration& migration, MigrationIndex index, const std::vector<Operation>& ops,
                         std::size_t position, const SchemaState& schema, const Settings& settings, const Rule& rule)
    : m_migration(&migration), m_index(index), m_ops(&ops), m_position(position), m_schema(&schema),
      m_settings(&settings), m_rule(&rule) {}

bool RuleContext::created_in_this_migration(const QualifiedName& table) const {
    const auto* state = m_schema->table(table);
    return state != nullptr && state->created_in == m_index;
}

std::optional<std::uint64_t> RuleContext::large_table_rows(const QualifiedName& table) const {
    const auto key = SchemaState::key(table);
    if (const auto measured = m_settings->table_rows.find(key); measured != m_settings->table_rows.end()) {
        return measured->second;
    }
    const auto declared = m_settings->large_tables.find(key);
    return declared == m_settings->large_tables.end() ? std::nullopt : declared->second;
}

bool RuleContext::is_large_table(const QualifiedName& table) const {
    // A table the team lists as large is large, whatever a stale statistic says.
    if (m_settings->large_tables.count(SchemaState::key(table)) > 0) return true;
    const auto rows = large_table_rows(table);
    return rows.has_value() && *rows >= m_settings->large_table_rows;
}

std::string RuleContext::option(std::string_view name, std::string_view fallback) const {
    const auto rule = m_settings->rule_options.find(std::string(m_rule->id));
    if (rule != m_settings->rule_options.end()) {
        const auto it = rule->second.find(std::string(name));
        if (it != rule->second.end()) return it->second;
    }
    return std::string(fallback);
}

}  // namespace miglint
