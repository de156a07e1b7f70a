#include "pg_test_server.hpp"

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace miglint::testing {
namespace {

namespace fs = std::filesystem;

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
    return text;
}

// The last `lines` lines of `file`, for error messages.
std::string tail(const fs::path& file, std::size_t lines = 15) {
    std::ifstream in(file);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);) all.push_back(line);
    std::string out;
    for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += "\n  " + all[i];
    return out;
}

// Runs `argv` (as the postgres user through runuser when `as_postgres`), its
// output appended to `log`; returns the exit status, or -1 when it cannot run.
int run_command(std::vector<std::string> argv, bool as_postgres, const fs::path& log) {
    if (as_postgres) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) dup2(null, STDIN_FILENO);
        execvp(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The first line `command` prints, or "".
std::string first_line_of(const std::string& command) {
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        std::array<char, 512> buffer{};
        if (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) out = buffer.data();
        pclose(pipe);
    }
    return trimmed(out);
}

bool has_server_binaries(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "initdb", ec) && fs::exists(dir / "pg_ctl", ec) && fs::exists(dir / "postgres", ec);
}

// The directory holding initdb, pg_ctl and postgres, or empty.
fs::path find_bindir() {
    if (const char* env = std::getenv("MIGLINT_PG_BINDIR"); env != nullptr && *env != '\0') return env;
    // Debian installs the server outside PATH. Prefer 15, the version the rules' claims are
    // proven on, even where pg_config (libpq-dev from another repository) names a newer one.
    if (has_server_binaries("/usr/lib/postgresql/15/bin")) return "/usr/lib/postgresql/15/bin";
    if (const auto dir = first_line_of("pg_config --bindir 2>/dev/null"); !dir.empty() && has_server_binaries(dir)) {
        return dir;
    }
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        if (has_server_binaries(entry.path() / "bin")) found.push_back(entry.path() / "bin");
    }
    std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
        return std::atoi(a.parent_path().filename().c_str()) < std::atoi(b.parent_path().filename().c_str());
    });
    return found.empty() ? fs::path() : found.back();
}

// Where the server's directory goes: the temp dir, unless the postgres user could
// not reach it (as root) or the socket path would pass the 107-byte unix limit.
fs::path server_parent_directory(bool as_root) {
    std::error_code ec;
    auto dir = fs::temp_directory_path(ec);
    if (ec || dir.string().size() > 60) return "/tmp";
    if (as_root) {
        for (auto p = dir; !p.empty() && p != p.root_path(); p = p.parent_path()) {
            const auto perms = fs::status(p, ec).permissions();
            if (ec || (perms & fs::perms::others_exec) == fs::perms::none) return "/tmp";
        }
    }
    return dir;
}

// A TCP port on 127.0.0.1 that nothing listens on right now, or 0.
int free_loopback_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    int port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    close(fd);
    return port;
}

std::string percent_encoded(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') {
            out += c;
        } else {
            std::array<char, 4> hex{};
            std::snprintf(hex.data(), hex.size(), "%%%02X", static_cast<unsigned char>(c));
            out += hex.data();
        }
    }
    return out;
}

// Quotes `value` for a libpq key/value connection string.
std::string conninfo_value(std::string_view value) {
    std::string out = "'";
    for (const char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

Result<PgRows> rows_of(PGresult* result, PGconn* conn) {
    const auto status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) {
        const char* message = PQresultErrorMessage(result);
        Error error{trimmed(message != nullptr && *message != '\0' ? message : PQerrorMessage(conn)), "", std::nullopt};
        PQclear(result);
        return error;
    }
    PgRows rows;
    const int fields = PQnfields(result);
    for (int c = 0; c < fields; ++c) rows.columns.emplace_back(PQfname(result, c));
    for (int r = 0; r < PQntuples(result); ++r) {
        auto& row = rows.rows.emplace_back();
        for (int c = 0; c < fields; ++c) {
            if (PQgetisnull(result, r, c) != 0) {
                row.emplace_back(std::nullopt);
            } else {
                row.emplace_back(PQgetvalue(result, r, c));
            }
        }
    }
    PQclear(result);
    return rows;
}

// Collects every result of the running query; the last rows, or the first error.
Result<PgRows> collect(PGconn* conn) {
    std::optional<Error> error;
    PgRows last;
    while (PGresult* result = PQgetResult(conn)) {
        auto rows = rows_of(result, conn);
        if (!rows.ok()) {
            if (!error) error = rows.error();
        } else {
            last = std::move(rows.value());
        }
    }
    if (error) return *error;
    return last;
}

}  // namespace

std::string PgRows::text(std::size_t row, std::size_t column) const {
    if (row >= rows.size() || column >= rows[row].size() || !rows[row][column]) return "";
    return *rows[row][column];
}

bool PgRows::is_null(std::size_t row, std::size_t column) const {
    return row >= rows.size() || column >= rows[row].size() || !rows[row][column];
}

Result<PgConnection> PgConnection::open(const std::string& conninfo) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (conn == nullptr) return Error{"libpq could not allocate a connection", "", std::nullopt};
    if (PQstatus(conn) != CONNECTION_OK) {
        Error error{"cannot connect (" + conninfo + "): " + trimmed(PQerrorMessage(conn)), "", std::nullopt};
        PQfinish(conn);
        return error;
    }
    // Notices (NOTICE: ... does not exist, skipping) are noise in test output.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return PgConnection(conn);
}

PgConnection::PgConnection(PgConnection&& other) noexcept : m_conn(other.m_conn) {
    other.m_conn = nullptr;
}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
    if (this != &other) {
        if (m_conn != nullptr) PQfinish(m_conn);
        m_conn = other.m_conn;
        other.m_conn = nullptr;
    }
    return *this;
}

PgConnection::~PgConnection() {
    if (m_conn != nullptr) PQfinish(m_conn);
}

Result<PgRows> PgConnection::exec(const std::string& sql) {
    if (PQsendQuery(m_conn, sql.c_str()) == 0) return Error{trimmed(PQerrorMessage(m_conn)), "", std::nullopt};
    return collect(m_conn);
}

bool PgConnection::send(const std::string& sql) {
    return PQsendQuery(m_conn, sql.c_str()) != 0;
}

bool PgConnection::is_busy() {
    if (PQconsumeInput(m_conn) == 0) return false;  // connection broken: wait() reports it
    return PQisBusy(m_conn) != 0;
}

Result<PgRows> PgConnection::wait() {
    return collect(m_conn);
}

int PgConnection::backend_pid() const {
    return PQbackendPID(m_conn);
}

std::string PgConnection::last_error() const {
    return trimmed(PQerrorMessage(m_conn));
}

Result<std::unique_ptr<PgTestServer>> PgTestServer::start(const PgServerOptions& options) {
    const auto bindir = find_bindir();
    if (bindir.empty() || !has_server_binaries(bindir)) {
        return Error{
            "no PostgreSQL server binaries (initdb, pg_ctl, postgres): install Debian's postgresql package, "
            "or set MIGLINT_PG_BINDIR",
            "", std::nullopt};
    }
    const bool as_root = geteuid() == 0;
    const passwd* postgres_user = as_root ? getpwnam("postgres") : nullptr;
    if (as_root && postgres_user == nullptr) {
        return Error{"running as root and there is no `postgres` user to run the server as (initdb refuses root)", "",
                     std::nullopt};
    }

    auto pattern = (server_parent_directory(as_root) / "miglint-pg-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return Error{"cannot create a temporary directory", pattern, std::nullopt};
    std::unique_ptr<PgTestServer> server(new PgTestServer());
    server->m_dir = pattern;
    server->m_bindir = bindir;
    server->m_as_postgres_user = as_root;
    server->m_tcp = options.tcp;
    if (as_root && chown(pattern.c_str(), postgres_user->pw_uid, postgres_user->pw_gid) != 0) {
        return Error{"cannot hand the temporary directory to the postgres user", pattern, std::nullopt};
    }
    // The socket file is named after the port, inside our own directory: any port works without TCP.
    server->m_port = options.tcp ? free_loopback_port() : 5432;
    if (server->m_port == 0) return Error{"no free TCP port on 127.0.0.1", "", std::nullopt};

    const auto data = server->m_dir / "data";
    const auto commands_log = server->m_dir / "commands.log";
    if (as_root) {
        // The log must be writable by the postgres user that the commands run as.
        std::ofstream(commands_log).close();
        if (chown(commands_log.c_str(), postgres_user->pw_uid, postgres_user->pw_gid) != 0) {
            return Error{"cannot hand the log file to the postgres user", commands_log.string(), std::nullopt};
        }
    }
    const int init = run_command({(bindir / "initdb").string(), "-D", data.string(), "-U", "postgres", "--auth=trust",
                                  "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
                                 as_root, commands_log);
    if (init != 0)
        return Error{"initdb failed (exit " + std::to_string(init) + "):" + tail(commands_log), "", std::nullopt};

    {
        std::ofstream conf(data / "postgresql.conf", std::ios::app);
        conf << "\n# miglint test server\n"
             << "listen_addresses = '" << (options.tcp ? "127.0.0.1" : "") << "'\n"
             << "port = " << server->m_port << "\n"
             << "unix_socket_directories = '" << server->m_dir.string() << "'\n"
             << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
             << "max_connections = 20\nshared_buffers = 16MB\n"
             // No background reads or locks on the tables a test measures.
             << "autovacuum = off\n";
        for (const auto& line : options.settings) conf << line << "\n";
    }
    const int started = run_command({(bindir / "pg_ctl").string(), "-D", data.string(), "-l",
                                     server->log_file().string(), "-w", "-t", "60", "start"},
                                    as_root, commands_log);
    server->m_running = true;  // stop() is harmless if it did not start
    if (started != 0) {
        return Error{"pg_ctl start failed (exit " + std::to_string(started) + "):" + tail(commands_log) +
                         tail(server->log_file()),
                     "", std::nullopt};
    }
    auto version = server->run_sql("SELECT version()");
    if (!version.ok())
        return Error{"the server started but refuses connections: " + version.error().message, "", std::nullopt};
    server->m_version = version->text();
    return server;
}

PgTestServer::~PgTestServer() {
    stop();
    if (m_dir.empty() || m_keep || std::getenv("MIGLINT_KEEP_TEMP") != nullptr) return;
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

void PgTestServer::stop() {
    if (!m_running) return;
    m_running = false;
    run_command({(m_bindir / "pg_ctl").string(), "-D", (m_dir / "data").string(), "-m", "fast", "-w", "stop"},
                m_as_postgres_user, m_dir / "commands.log");
}

std::string PgTestServer::connection_string(std::string_view database) const {
    return "host=" + conninfo_value(m_dir.string()) + " port=" + std::to_string(m_port) +
           " user=postgres dbname=" + conninfo_value(database) + " connect_timeout=10";
}

std::string PgTestServer::url(std::string_view database) const {
    const auto host = m_tcp ? std::string("127.0.0.1") : percent_encoded(m_dir.string());
    return "postgresql://postgres@" + host + ":" + std::to_string(m_port) + "/" +
           percent_encoded(std::string(database));
}

Result<PgConnection> PgTestServer::connect(std::string_view database) const {
    return PgConnection::open(connection_string(database));
}

Result<PgRows> PgTestServer::run_sql(const std::string& sql, std::string_view database) const {
    auto conn = connect(database);
    if (!conn.ok()) return conn.error();
    return conn->exec(sql);
}

}  // namespace miglint::testing
