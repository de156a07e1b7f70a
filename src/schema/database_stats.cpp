#include "schema/database_stats.hpp"

#include "schema/libpq_loader.hpp"

#include <miglint/schema.hpp>

#include <cstdlib>
#include <memory>

namespace miglint {
namespace {

struct ConnectionCloser {
    const Libpq* pq;
    void operator()(PGconn* connection) const { pq->finish(connection); }
};
struct ResultClearer {
    const Libpq* pq;
    void operator()(PGresult* result) const { pq->clear(result); }
};

// The same numbers docs/table-stats.md's query writes to a file.
constexpr const char* k_query =
    "SELECT n.nspname, c.relname,"
    "       CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint ELSE coalesce(s.n_live_tup, -1) END"
    "  FROM pg_class c"
    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid"
    " WHERE c.relkind IN ('r', 'p', 'm')"
    "   AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
    "   AND n.nspname NOT LIKE 'pg_toast%'";

std::string first_line(const char* message) {
    std::string text = message != nullptr ? message : "";
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

}  // namespace

Result<TableRows> read_database_stats(const std::string& url) {
    const std::string where = "--database-url";
    const auto loaded = load_libpq();
    if (!loaded) return loaded.error();
    const Libpq& pq = **loaded;
    // Later keywords override what the URL says: the session stays short and read-only.
    const char* keywords[] = {"dbname", "connect_timeout", "options", "application_name", nullptr};
    const char* values[] = {url.c_str(), "5", "-c default_transaction_read_only=on -c statement_timeout=10000",
                            "miglint", nullptr};
    std::unique_ptr<PGconn, ConnectionCloser> connection(pq.connectdb_params(keywords, values, 1), ConnectionCloser{&pq});
    if (!connection || pq.status(connection.get()) != CONNECTION_OK) {
        return Error{"cannot read table sizes: the database refused the connection or is unreachable (" +
                         first_line(connection ? pq.error_message(connection.get()) : "out of memory") + ")",
                     where, std::nullopt};
    }
    std::unique_ptr<PGresult, ResultClearer> result(pq.exec(connection.get(), k_query), ResultClearer{&pq});
    if (!result || pq.result_status(result.get()) != PGRES_TUPLES_OK) {
        return Error{"cannot read table sizes from pg_class: " + first_line(pq.error_message(connection.get())), where,
                     std::nullopt};
    }
    TableRows rows;
    for (int i = 0; i < pq.ntuples(result.get()); ++i) {
        const long long count = std::strtoll(pq.getvalue(result.get(), i, 2), nullptr, 10);
        if (count < 0) continue;  // never analyzed and no statistics: unknown
        rows[SchemaState::key({pq.getvalue(result.get(), i, 0), pq.getvalue(result.get(), i, 1)})] =
            static_cast<std::uint64_t>(count);
    }
    return rows;
}

}  // namespace miglint
