// A throw-away PostgreSQL server for tests, and a small libpq connection.
//
// `PgTestServer::start()` runs initdb into a fresh temporary directory, starts
// the server with pg_ctl listening on a unix socket inside that directory (and,
// when asked, on 127.0.0.1 with a free port, never on other interfaces), waits
// until it accepts connections, and on destruction stops it and removes the
// directory (unless `keep()` was called or MIGLINT_KEEP_TEMP is set). initdb
// refuses to run as root, so as root the server binaries run as the `postgres`
// system user (through runuser) and the directory is handed to that user.
//
// The binaries come from $MIGLINT_PG_BINDIR, else /usr/lib/postgresql/15/bin
// (Debian's layout), else `pg_config --bindir`, else the newest
// /usr/lib/postgresql/<major>/bin.
#pragma once

#include <miglint/result.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;

namespace miglint::testing {

// The rows of one query result, each value as text (empty optional for NULL).
struct PgRows {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;

    [[nodiscard]] bool empty() const { return rows.empty(); }
    // The value at `row`, `column` ("" for NULL or out of range).
    [[nodiscard]] std::string text(std::size_t row = 0, std::size_t column = 0) const;
    [[nodiscard]] bool is_null(std::size_t row = 0, std::size_t column = 0) const;
};

// One libpq connection, closed on destruction. Movable, not copyable.
class PgConnection {
public:
    // Connects with a libpq connection string or URL (`conninfo`).
    static Result<PgConnection> open(const std::string& conninfo);

    PgConnection(PgConnection&& other) noexcept;
    PgConnection& operator=(PgConnection&& other) noexcept;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;
    ~PgConnection();

    // Runs `sql` (one or more statements, simple query protocol) and returns the
    // rows of the last statement; the server's message when a statement fails.
    Result<PgRows> exec(const std::string& sql);
    // Sends `sql` without waiting (PQsendQuery); false with `last_error()` set on failure.
    bool send(const std::string& sql);
    // True while a query sent with `send` still runs (reads what arrived, never blocks).
    [[nodiscard]] bool is_busy();
    // Waits for the query sent with `send` to finish and returns its last result.
    Result<PgRows> wait();
    // The server process id serving this connection (pg_backend_pid()).
    [[nodiscard]] int backend_pid() const;
    [[nodiscard]] std::string last_error() const;
    [[nodiscard]] pg_conn* raw() const { return m_conn; }

private:
    explicit PgConnection(pg_conn* conn) : m_conn(conn) {}
    pg_conn* m_conn = nullptr;
};

struct PgServerOptions {
    // Also listen on 127.0.0.1 at a free port (for tests that need a TCP URL).
    bool tcp = false;
    // Extra postgresql.conf lines, e.g. "log_lock_waits = on".
    std::vector<std::string> settings;
};

class PgTestServer {
public:
    // Starts a fresh server; the error says what is missing or what failed
    // (with the tail of the server log).
    static Result<std::unique_ptr<PgTestServer>> start(const PgServerOptions& options = {});

    PgTestServer(const PgTestServer&) = delete;
    PgTestServer& operator=(const PgTestServer&) = delete;
    ~PgTestServer();

    // A libpq key/value connection string for `database` as the superuser `postgres`.
    [[nodiscard]] std::string connection_string(std::string_view database = "postgres") const;
    // A postgresql:// URL for `database`: TCP when started with `tcp`, else the socket directory.
    [[nodiscard]] std::string url(std::string_view database = "postgres") const;
    [[nodiscard]] Result<PgConnection> connect(std::string_view database = "postgres") const;
    // Runs `sql` on a new connection to `database`.
    [[nodiscard]] Result<PgRows> run_sql(const std::string& sql, std::string_view database = "postgres") const;

    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] const std::filesystem::path& directory() const { return m_dir; }
    // Where initdb, pg_ctl and the server's own pg_dump are.
    [[nodiscard]] const std::filesystem::path& bindir() const { return m_bindir; }
    [[nodiscard]] std::filesystem::path log_file() const { return m_dir / "server.log"; }
    // "PostgreSQL 15.x ..." as the server reports it.
    [[nodiscard]] const std::string& version() const { return m_version; }
    // Keeps the directory (data, server.log) after destruction, to inspect a failure.
    void keep() { m_keep = true; }

private:
    PgTestServer() = default;
    void stop();

    std::filesystem::path m_dir;
    std::filesystem::path m_bindir;
    int m_port = 0;
    bool m_tcp = false;
    bool m_running = false;
    bool m_as_postgres_user = false;
    bool m_keep = false;
    std::string m_version;
};

}  // namespace miglint::testing
