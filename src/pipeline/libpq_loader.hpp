// libpq, loaded the first time a run reads a database. Linking it would make
// every run map libpq and the TLS, Kerberos and LDAP libraries it pulls in
// (about 6 of the 9 ms a small run takes to start), though only
// --database-url needs it.
#pragma once

#include <miglint/result.hpp>

#include <libpq-fe.h>

namespace miglint {

// The libpq functions miglint calls, resolved from the shared library.
struct Libpq {
    decltype(&PQconninfoParse) conninfo_parse = nullptr;
    decltype(&PQconninfoFree) conninfo_free = nullptr;
    decltype(&PQfreemem) freemem = nullptr;
    decltype(&PQconnectStartParams) connect_start_params = nullptr;
    decltype(&PQconnectPoll) connect_poll = nullptr;
    decltype(&PQsocket) socket = nullptr;
    decltype(&PQstatus) status = nullptr;
    decltype(&PQserverVersion) server_version = nullptr;
    decltype(&PQerrorMessage) error_message = nullptr;
    decltype(&PQsendQuery) send_query = nullptr;
    decltype(&PQsetSingleRowMode) set_single_row_mode = nullptr;
    decltype(&PQconsumeInput) consume_input = nullptr;
    decltype(&PQisBusy) is_busy = nullptr;
    decltype(&PQgetResult) get_result = nullptr;
    decltype(&PQresultStatus) result_status = nullptr;
    decltype(&PQresultErrorMessage) result_error_message = nullptr;
    decltype(&PQntuples) ntuples = nullptr;
    decltype(&PQnfields) nfields = nullptr;
    decltype(&PQgetvalue) getvalue = nullptr;
    decltype(&PQgetlength) getlength = nullptr;
    decltype(&PQclear) clear = nullptr;
    decltype(&PQfinish) finish = nullptr;
};

// The loaded library (kept for the rest of the process), or an error that
// says which library or function is missing.
Result<const Libpq*> load_libpq();

}  // namespace miglint
