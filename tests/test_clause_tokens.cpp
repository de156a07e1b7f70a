// clause_tokens must find the clause keywords, brackets, dots, commas, `=`
// and parameters exactly where PostgreSQL's own scanner does.
#include "sql/clause_tokens.hpp"
#include "sql/identifiers.hpp"

#include <doctest/doctest.h>
#include <pg_query.h>
#include <pg_query.pb-c.h>

#include <set>
#include <string>
#include <vector>

namespace {

using miglint::sql::SqlToken;

// The tokens cutting clauses depends on, as (token, begin, end).
std::vector<std::tuple<int, std::uint32_t, std::uint32_t>> structural(const std::vector<SqlToken>& tokens) {
    static const std::set<int> kept{PG_QUERY__TOKEN__WITH,  PG_QUERY__TOKEN__UPDATE,    PG_QUERY__TOKEN__DELETE_P,
                                    PG_QUERY__TOKEN__FROM,  PG_QUERY__TOKEN__ONLY,      PG_QUERY__TOKEN__SET,
                                    PG_QUERY__TOKEN__USING, PG_QUERY__TOKEN__WHERE,     PG_QUERY__TOKEN__RETURNING,
                                    PG_QUERY__TOKEN__DISTINCT, PG_QUERY__TOKEN__PARAM, '(', ')', '[', ']', '.', ',', '='};
    std::vector<std::tuple<int, std::uint32_t, std::uint32_t>> out;
    for (const auto& t : tokens) {
        if (kept.count(t.token) > 0) out.emplace_back(t.token, t.begin, t.end);
    }
    return out;
}

}  // namespace

TEST_SUITE("sql") {
    TEST_CASE("clause_tokens finds the clause structure where PostgreSQL's scanner does") {
        const std::vector<std::string> statements{
            "UPDATE users SET auth = 'LDAP' WHERE password = 'LDAP'",
            "UPDATE ONLY app.\"Users\" AS u SET a = (b + 1) * 2, c = DEFAULT FROM teams t WHERE t.id = u.team_id RETURNING u.id",
            "WITH old AS (SELECT id FROM t WHERE x) UPDATE t SET y = $1 WHERE id IN (SELECT id FROM old)",
            "DELETE FROM ONLY s.t USING u WHERE t.id = u.id AND u.name <> 'it''s -- not a comment'",
            "UPDATE t SET a = E'back\\\\slash \\' quote', b = $$ where from $$, c = $tag$ set = $tag$ WHERE d IS DISTINCT FROM e",
            "UPDATE t /* set from /* nested */ where */ SET a=-1, b= +2, c >= 3 -- where\nWHERE f[1] = ARRAY[2, 3][1]",
            "UPDATE t SET \"from\" = B'101', \"where\" = X'ff', n = 1.5e3 WHERE x::text = 'set'",
            "DELETE FROM t WHERE a = ANY ('{1,2}'::int[]) AND b = U&'d\\0061t' AND c.d = 10..20 AND e := 1 AND f::int = 2",
        };
        for (const auto& sql : statements) {
            CAPTURE(sql);
            CHECK(structural(miglint::sql::clause_tokens(sql)) == structural(miglint::sql::sql_tokens(sql)));
        }
    }
}
