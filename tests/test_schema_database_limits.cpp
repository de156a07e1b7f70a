// --database-url against servers that misbehave: one that stalls, one that
// answers without end, and URLs whose passwords libpq's messages would quote.
// A fake server on loopback speaks just enough of the protocol for libpq.
#include "pipeline/redact.hpp"
#include "pipeline/database_stats.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

using namespace miglint;

namespace {

enum class Behaviour { silent_at_connect, stall_on_query, endless_rows };

std::string int32(std::uint32_t value) {
    const auto big = htonl(value);
    return std::string(reinterpret_cast<const char*>(&big), 4);
}

std::string int16(std::uint16_t value) {
    const auto big = htons(value);
    return std::string(reinterpret_cast<const char*>(&big), 2);
}

std::string message(char type, const std::string& body) {
    return type + int32(static_cast<std::uint32_t>(body.size() + 4)) + body;
}

bool read_exactly(int fd, std::string& into, std::size_t count) {
    into.resize(count);
    std::size_t done = 0;
    while (done < count) {
        const auto got = ::recv(fd, into.data() + done, count - done, 0);
        if (got <= 0) return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

bool send_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const auto sent = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (sent <= 0) return false;
        done += static_cast<std::size_t>(sent);
    }
    return true;
}

// A server on 127.0.0.1 that accepts one connection and behaves as told;
// it ends when the client hangs up.
class FakeServer {
public:
    explicit FakeServer(Behaviour behaviour) {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        socklen_t length = sizeof address;
        REQUIRE(::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        m_port = ntohs(address.sin_port);
        REQUIRE(::listen(m_listener, 1) == 0);
        m_thread = std::thread([this, behaviour] { serve(behaviour); });
    }
    ~FakeServer() {
        ::shutdown(m_listener, SHUT_RDWR);
        m_thread.join();
        ::close(m_listener);
    }
    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    [[nodiscard]] std::string url() const {
        return "postgresql://miglint:s3cret@127.0.0.1:" + std::to_string(m_port) +
               "/app?sslmode=disable&gssencmode=disable";
    }

private:
    void serve(Behaviour behaviour) const {
        const int client = ::accept(m_listener, nullptr, nullptr);
        if (client < 0) return;
        std::string data;
        if (behaviour == Behaviour::silent_at_connect) {
            while (read_exactly(client, data, 1)) {
            }  // reads the startup, answers nothing
            ::close(client);
            return;
        }
        // The startup message: its length, then the rest.
        if (read_exactly(client, data, 4) &&
            read_exactly(client, data, length_at(data, 0) - 4)) {
            send_all(client, message('R', int32(0)) + message('Z', "I"));  // AuthenticationOk, ReadyForQuery
            if (read_exactly(client, data, 5) &&                           // the query's type and length, then its text
                read_exactly(client, data, length_at(data, 1) - 4)) {
                if (behaviour == Behaviour::endless_rows) send_rows_until_hung_up(client);
                while (read_exactly(client, data, 1)) {
                }  // stalls until the client hangs up
            }
        }
        ::close(client);
    }

    // The big-endian length at byte `at` of a message, read byte-wise: the buffer need not be aligned.
    static std::uint32_t length_at(const std::string& data, std::size_t at) {
        std::uint32_t length = 0;
        std::memcpy(&length, data.data() + at, sizeof length);
        return ntohl(length);
    }

    static void send_rows_until_hung_up(int client) {
        std::string description = int16(3);
        for (const char* name : {"nspname", "relname", "reltuples"}) {
            description += std::string(name) + '\0' + int32(0) + int16(0) + int32(25) + int16(0xFFFF) +
                           int32(0xFFFFFFFF) + int16(0);
        }
        if (!send_all(client, message('T', description))) return;
        std::string batch;
        for (int i = 0; i < 1000; ++i) {
            const auto table = "t" + std::to_string(i);
            batch += message('D', int16(3) + int32(6) + "public" + int32(static_cast<std::uint32_t>(table.size())) +
                                      table + int32(1) + "5");
        }
        while (send_all(client, batch)) {
        }
    }

    int m_listener = -1;
    int m_port = 0;
    std::thread m_thread;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_SUITE("schema") {
    TEST_CASE("a database that accepts the connection and never answers the startup is given up on at the deadline") {
        const FakeServer server(Behaviour::silent_at_connect);
        const auto start = std::chrono::steady_clock::now();
        const auto rows = read_database_stats(server.url(), DatabaseLimits{.connect = std::chrono::milliseconds(500)});
        CHECK(seconds_since(start) < 3.0);
        REQUIRE_FALSE(rows);
        CHECK(rows.error().message == "cannot read table sizes: the database did not finish connecting within 500 ms");
    }

    TEST_CASE("a database that connects, then stalls on the query, is given up on at the read deadline") {
        const FakeServer server(Behaviour::stall_on_query);
        const auto start = std::chrono::steady_clock::now();
        const auto rows = read_database_stats(server.url(), DatabaseLimits{.read = std::chrono::milliseconds(1000)});
        CHECK(seconds_since(start) < 4.0);
        REQUIRE_FALSE(rows);
        CHECK(rows.error().message == "cannot read table sizes: the database did not answer within 1 s");
    }

    TEST_CASE("a database that answers without end is stopped at the row limit") {
        const FakeServer server(Behaviour::endless_rows);
        const auto rows = read_database_stats(server.url(), DatabaseLimits{.max_rows = 5000});
        REQUIRE_FALSE(rows);
        CHECK(rows.error().message == "cannot read table sizes: the database answered more than 5000 tables");
    }

    TEST_CASE("a URL libpq cannot parse is an error that shows no password") {
        for (const std::string url :
             {"postgresql://admin:s3cret@[::1/db", "postgresql://admin:s3cret@h:port/db",
              "host=db password=s3cret bogus", "host=db password='s3cret", "postgresql://h/db?password=s3cret&bogus=1",
              "postgresql://admin:s3cret@h/db?sslmode=nonsense"}) {
            CAPTURE(url);
            const auto rows = read_database_stats(url, DatabaseLimits{.connect = std::chrono::milliseconds(500)});
            REQUIRE_FALSE(rows);
            CHECK(rows.error().display().find("s3cret") == std::string::npos);
            CHECK(rows.error().path == "--database-url");
        }
    }

    TEST_CASE("redact_credentials hides password settings and URI passwords, and a known secret anywhere") {
        CHECK(redact_credentials("host=db password=s3cret user=x") == "host=db password=*** user=x");
        CHECK(redact_credentials("host=db PASSWORD = 'it\\'s secret' user=x") == "host=db PASSWORD =*** user=x");
        CHECK(redact_credentials("postgresql://h/db?sslmode=require&password=s3cret&x=1") ==
              "postgresql://h/db?sslmode=require&password=***&x=1");
        CHECK(redact_credentials("invalid port in \"postgres://admin:s3cret@db:x/app\"") ==
              "invalid port in \"postgres://admin:***@db:x/app\"");
        CHECK(redact_credentials("postgresql://admin:p/a@ss@db/app") == "postgresql://admin:***@db/app");
        CHECK(redact_credentials("postgresql://admin@db/app and mysql://root@h") ==
              "postgresql://admin@db/app and mysql://root@h");
        CHECK(redact_credentials("missing \"=\" after \"hunter2\"", "hunter2") == "missing \"=\" after \"***\"");
        CHECK(redact_credentials("no secrets here") == "no secrets here");
    }
}
