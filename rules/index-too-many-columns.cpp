// A non-unique index over more than `max-columns` key columns.
// No lock of its own (building it takes the locks non-concurrent-index
// describes); the cost is size and write amplification, and a B-tree helps
// only queries that constrain its leading columns (PostgreSQL manual,
// "Multicolumn Indexes": "Multicolumn indexes should be used sparingly. In
// most situations, an index on a single column is sufficient").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <charconv>

namespace miglint::rules {
namespace {

// The `max-columns` option; the config loader has checked it is a positive integer.
std::size_t max_columns(const RuleContext& ctx) {
    const auto text = ctx.option("max-columns", "3");
    std::size_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value == 0 ? 3 : value;
}

// Access methods with INCLUDE (covering) columns: B-tree and GiST (PostgreSQL 11, 12).
bool supports_include(const std::string& method) { return method.empty() || method == "btree" || method == "gist"; }

// The index keyed on its first `limit` keys, the other columns carried as INCLUDE
// columns; empty when a later key is an expression or has an operator class
// or ordering, which INCLUDE cannot carry.
std::optional<CreateIndex> covering(const CreateIndex& index, std::size_t limit) {
    auto out = index;
    out.keys.clear();
    out.columns.clear();
    for (std::size_t i = 0; i < index.columns.size(); ++i) {
        const IndexKey key = i < index.keys.size() ? index.keys[i] : IndexKey{.column = index.columns[i]};
        if (i < limit) {
            out.keys.push_back(key);
            out.columns.push_back(index.columns[i]);
        } else if (key.column.empty() || !key.options.empty()) {
            return std::nullopt;
        } else {
            out.include.push_back(key.column);
        }
    }
    return out;
}

std::string safe_way(const Operation& op, const CreateIndex& index, std::size_t limit, const RuleContext& ctx) {
    const auto narrower = supports_include(index.method) ? covering(index, limit) : std::nullopt;
    if (!narrower) {
        return "index only the columns queries filter on, or split it into narrower indexes that the planner can combine";
    }
    const auto lead = "keep the " + std::to_string(limit) +
                      " columns queries filter on as keys and carry the rest as INCLUDE columns for index-only scans "
                      "(or drop them):\n";
    const IndexForm form{.concurrently = index.concurrently, .if_not_exists = index.if_not_exists};
    return lead + SafeForm(op, ctx).run(create_index_step(*narrower, form)).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& index = op.as<CreateIndex>();
    const auto limit = max_columns(ctx);
    // Within the limit.
    if (index.columns.size() <= limit) return;
    // A unique index defines a key: every column is part of what must be unique.
    if (index.unique) return;
    // A bloom index is made for many columns, each tested independently.
    if (index.method == "bloom") return;
    const auto name = index.name.empty() ? std::string("an index") : "index " + quoted(index.name);
    out.report(op.span, name + " on " + quoted(index.table) + " has " + std::to_string(index.columns.size()) +
                            " key columns, more than " + std::to_string(limit) +
                            ": it is large, slows every write to the table, and helps only queries that filter on its "
                            "leading columns")
        .help(safe_way(op, index, limit, ctx));
}

}  // namespace

const Rule& index_too_many_columns() {
    static const Rule rule{
        .id = "index-too-many-columns",
        .summary = "A non-unique index over many columns is large and slows writes, and helps only queries on its leading columns.",
        .default_severity = Severity::info,
        .enabled_by_default = false,  // the opt-in "style" group
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::create_index},
        .options = {{"max-columns", "int", "3", "the most key columns a non-unique index may have"}},
        .check = &check,
        .tags = {"schema-quality", "style"},
    };
    return rule;
}

}  // namespace miglint::rules
