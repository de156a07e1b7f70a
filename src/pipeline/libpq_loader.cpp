#include "libpq_loader.hpp"

#include <dlfcn.h>

#include <mutex>
#include <optional>
#include <string>

namespace miglint {
namespace {

// libpq's soname has been libpq.so.5 since PostgreSQL 8.3.
constexpr const char* k_library = "libpq.so.5";

template <class Function>
bool resolve(void* library, const char* name, Function& out, std::string& missing) {
    out = reinterpret_cast<Function>(::dlsym(library, name));
    if (out == nullptr && missing.empty()) missing = name;
    return out != nullptr;
}

Result<const Libpq*> load() {
    void* library = ::dlopen(k_library, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        const char* why = ::dlerror();
        return Error{std::string("cannot read table sizes from a database: ") + k_library + " could not be loaded (" +
                         (why != nullptr ? why : "unknown error") + "); install libpq (Debian: libpq5)",
                     "--database-url", std::nullopt};
    }
    static Libpq pq;
    std::string missing;
    resolve(library, "PQconninfoParse", pq.conninfo_parse, missing);
    resolve(library, "PQconninfoFree", pq.conninfo_free, missing);
    resolve(library, "PQfreemem", pq.freemem, missing);
    resolve(library, "PQconnectStartParams", pq.connect_start_params, missing);
    resolve(library, "PQconnectPoll", pq.connect_poll, missing);
    resolve(library, "PQsocket", pq.socket, missing);
    resolve(library, "PQstatus", pq.status, missing);
    resolve(library, "PQserverVersion", pq.server_version, missing);
    resolve(library, "PQerrorMessage", pq.error_message, missing);
    resolve(library, "PQsendQuery", pq.send_query, missing);
    resolve(library, "PQsetSingleRowMode", pq.set_single_row_mode, missing);
    resolve(library, "PQconsumeInput", pq.consume_input, missing);
    resolve(library, "PQisBusy", pq.is_busy, missing);
    resolve(library, "PQgetResult", pq.get_result, missing);
    resolve(library, "PQresultStatus", pq.result_status, missing);
    resolve(library, "PQresultErrorMessage", pq.result_error_message, missing);
    resolve(library, "PQntuples", pq.ntuples, missing);
    resolve(library, "PQnfields", pq.nfields, missing);
    resolve(library, "PQgetvalue", pq.getvalue, missing);
    resolve(library, "PQgetlength", pq.getlength, missing);
    resolve(library, "PQclear", pq.clear, missing);
    resolve(library, "PQfinish", pq.finish, missing);
    if (!missing.empty()) {
        return Error{std::string("cannot read table sizes from a database: ") + k_library + " has no " + missing,
                     "--database-url", std::nullopt};
    }
    return static_cast<const Libpq*>(&pq);
}

}  // namespace

Result<const Libpq*> load_libpq() {
    // Loaded once per process, by whichever thread asks first.
    static std::once_flag once;
    static std::optional<Result<const Libpq*>> loaded;
    std::call_once(once, [] { loaded.emplace(load()); });
    return *loaded;
}

}  // namespace miglint
