#include "database_stats.hpp"

#include "redact.hpp"
#include "libpq_loader.hpp"

#include <miglint/schema.hpp>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>

namespace miglint {
namespace {

using Clock = std::chrono::steady_clock;

struct ConnectionCloser {
    const Libpq* pq;
    void operator()(PGconn* connection) const { pq->finish(connection); }
};
struct ResultClearer {
    const Libpq* pq;
    void operator()(PGresult* result) const { pq->clear(result); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;
using QueryResult = std::unique_ptr<PGresult, ResultClearer>;

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

// A schema or table name is at most 63 bytes, a bigint 20 characters.
constexpr int k_max_field_bytes = 256;

std::string first_line(const char* message) {
    std::string text = message != nullptr ? message : "";
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

// libpq's parse errors quote pieces of the string they could not parse, which
// may be a password in any position: every quoted piece but `"="` is hidden.
std::string without_quoted_pieces(const std::string& message) {
    std::string out;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const auto close = message[i] == '"' ? message.find('"', i + 1) : std::string::npos;
        if (close == std::string::npos) {
            out += message[i];
            continue;
        }
        const auto piece = message.substr(i, close - i + 1);
        out += piece == "\"=\"" ? piece : "\"...\"";
        i = close;
    }
    return out;
}

std::string seconds(std::chrono::milliseconds limit) {
    const auto count = limit.count();
    return count % 1000 == 0 ? std::to_string(count / 1000) + " s" : std::to_string(count) + " ms";
}

// Waits until `socket` is ready for `events`; false when `deadline` passes first.
bool wait_for(int socket, short events, Clock::time_point deadline) {
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd watched{socket, events, 0};
        const int ready = ::poll(&watched, 1, static_cast<int>(left));
        if (ready > 0) return true;  // readable, writable, or closed: libpq finds out which
        if (ready < 0 && errno != EINTR) return true;
    }
}

}  // namespace

Result<TableRows> read_database_stats(const std::string& url, const DatabaseLimits& limits,
                                      std::optional<PgVersion>* server_version) {
    const std::string where = "--database-url";
    const auto loaded = load_libpq();
    if (!loaded) return loaded.error();
    const Libpq& pq = **loaded;
    const auto fail = [&](const std::string& message) {
        return Error{"cannot read table sizes: " + message, where, {}};
    };

    // Parsed first, to know the password every later message must hide.
    char* parse_error = nullptr;
    PQconninfoOption* options = pq.conninfo_parse(url.c_str(), &parse_error);
    if (options == nullptr) {
        const auto why = parse_error != nullptr ? first_line(parse_error) : std::string("out of memory");
        if (parse_error != nullptr) pq.freemem(parse_error);
        return fail("not a libpq connection string or postgresql:// URL (" +
                    redact_credentials(without_quoted_pieces(why)) + ")");
    }
    std::string password;
    for (const auto* option = options; option->keyword != nullptr; ++option) {
        if (option->val != nullptr && std::string_view(option->keyword) == "password") password = option->val;
    }
    pq.conninfo_free(options);
    const auto libpq_says = [&](const char* message) { return redact_credentials(first_line(message), password); };

    // Later keywords override what the URL says: the session stays short and read-only.
    const char* keywords[] = {"dbname", "connect_timeout", "options", "application_name", nullptr};
    const auto connect_seconds = std::to_string(std::max<long long>(1, limits.connect.count() / 1000));
    const char* values[] = {url.c_str(), connect_seconds.c_str(),
                            "-c default_transaction_read_only=on -c statement_timeout=10000", "miglint", nullptr};
    Connection connection(pq.connect_start_params(keywords, values, 1), ConnectionCloser{&pq});
    if (!connection) return fail("out of memory");
    const auto refused = [&] {
        return fail("the database refused the connection or is unreachable (" +
                    libpq_says(pq.error_message(connection.get())) + ")");
    };
    // libpq's asynchronous connection: wait for what PQconnectPoll asks, never past the deadline.
    const auto connect_deadline = Clock::now() + limits.connect;
    for (auto polling = PGRES_POLLING_WRITING; polling != PGRES_POLLING_OK;) {
        if (polling == PGRES_POLLING_FAILED || pq.status(connection.get()) == CONNECTION_BAD) return refused();
        const short events = polling == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        if (!wait_for(pq.socket(connection.get()), events, connect_deadline)) {
            return fail("the database did not finish connecting within " + seconds(limits.connect));
        }
        polling = pq.connect_poll(connection.get());
    }

    if (server_version != nullptr) {
        *server_version = pg_version_from_number(std::to_string(pq.server_version(connection.get())));
    }

    // Row by row, so a server that answers without end is stopped at the limit, not held in memory.
    if (pq.send_query(connection.get(), k_query) == 0 || pq.set_single_row_mode(connection.get()) == 0) {
        return fail("cannot query pg_class: " + libpq_says(pq.error_message(connection.get())));
    }
    const auto read_deadline = Clock::now() + limits.read;
    TableRows rows;
    std::size_t count = 0;
    while (true) {
        while (pq.is_busy(connection.get()) != 0) {
            if (!wait_for(pq.socket(connection.get()), POLLIN, read_deadline)) {
                return fail("the database did not answer within " + seconds(limits.read));
            }
            if (pq.consume_input(connection.get()) == 0) {
                return fail("cannot read table sizes from pg_class: " + libpq_says(pq.error_message(connection.get())));
            }
        }
        const QueryResult result(pq.get_result(connection.get()), ResultClearer{&pq});
        if (!result) break;  // the query's answer is complete
        const auto status = pq.result_status(result.get());
        if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK) {
            return fail("cannot read table sizes from pg_class: " + libpq_says(pq.result_error_message(result.get())));
        }
        if (pq.ntuples(result.get()) > 0 && pq.nfields(result.get()) != 3) {
            return fail("the database's answer is not the three columns asked for");
        }
        for (int i = 0; i < pq.ntuples(result.get()); ++i) {
            if (++count > limits.max_rows) {
                return fail("the database answered more than " + std::to_string(limits.max_rows) + " tables");
            }
            for (int field = 0; field < 3; ++field) {
                if (pq.getlength(result.get(), i, field) > k_max_field_bytes) {
                    return fail("the database answered a name longer than PostgreSQL allows");
                }
            }
            const long long rows_estimate = std::strtoll(pq.getvalue(result.get(), i, 2), nullptr, 10);
            if (rows_estimate < 0) continue;  // never analyzed and no statistics: unknown
            rows[SchemaState::key({pq.getvalue(result.get(), i, 0), pq.getvalue(result.get(), i, 1)})] =
                static_cast<std::uint64_t>(rows_estimate);
        }
    }
    return rows;
}

}  // namespace miglint
