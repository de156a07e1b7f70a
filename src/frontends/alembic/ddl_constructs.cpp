#include "alembic/ddl_constructs.hpp"

#include "alembic/construct_reader.hpp"
#include "alembic/index_construct.hpp"
#include "alembic/sqlalchemy_table.hpp"

#include <miglint/sql_names.hpp>

namespace miglint::alembic {
namespace {

std::string create_schema_sql(Node call, ConstructReader& reader) {
    const BoundArgs args = reader.bind(call, "CreateSchema", {"name", "if_not_exists"}, {"quote"});
    const auto name = reader.name(args, "CreateSchema");
    return std::string("CREATE SCHEMA ") +
           (reader.flag(args.get("if_not_exists"), "if_not_exists") ? "IF NOT EXISTS " : "") + name;
}

std::string drop_schema_sql(Node call, ConstructReader& reader) {
    const BoundArgs args = reader.bind(call, "DropSchema", {"name", "cascade", "if_exists"}, {"quote"});
    const auto name = reader.name(args, "DropSchema");
    return std::string("DROP SCHEMA ") + (reader.flag(args.get("if_exists"), "if_exists") ? "IF EXISTS " : "") + name +
           (reader.flag(args.get("cascade"), "cascade") ? " CASCADE" : "");
}

// The Sequence a CreateSequence or DropSequence holds: its call's arguments.
struct SequenceRead {
    BoundArgs args;
    std::string name;  // schema-qualified, as SQL writes it
};

// A MetaData(...) with no schema of its own, which gives a Sequence none.
bool is_schemaless_metadata(Node metadata, ConstructReader& reader) {
    const Node call = bound_expression(metadata, reader.eval(), reader.scope());
    if (reader.sqlalchemy_member(call) != "MetaData") return false;
    const CallArgs args = call_args(call, reader.eval().source());
    return args.positional.empty() && !reader.given(args.keyword("schema"));
}

std::optional<SequenceRead> read_sequence(Node expr, ConstructReader& reader) {
    const Node call = reader.call_of(expr, "Sequence");
    if (!call) return std::nullopt;
    SequenceRead sequence;
    sequence.args = reader.bind(
        call, "Sequence",
        {"name", "start", "increment", "minvalue", "maxvalue", "nominvalue", "nomaxvalue", "cycle", "schema", "cache",
         "order", "data_type", "optional", "quote", "metadata", "quote_schema", "for_update"});
    const auto& args = sequence.args;
    std::string schema;
    const Node schema_node = args.get("schema");
    const auto schema_path = reader.eval().path_of(schema_node, reader.scope());
    // sa.schema.BLANK_SCHEMA asks for no schema even where the MetaData has one.
    if (!schema_path || !schema_path->ends_with(".BLANK_SCHEMA")) schema = reader.text(schema_node, "schema");
    if (schema.empty() && reader.given(args.get("metadata")) && !is_schemaless_metadata(args.get("metadata"), reader)) {
        reader.fail("a Sequence whose schema may come from its MetaData");
    }
    sequence.name = reader.name(args, "Sequence");
    if (!schema.empty()) sequence.name = reader.identifier(schema, args.get("quote_schema")) + "." + sequence.name;
    if (reader.failed()) return std::nullopt;
    return sequence;
}

// data_type=: the integer types PostgreSQL sequences take, as SQLAlchemy names them in SQL.
std::string sequence_type(Node type, ConstructReader& reader) {
    const auto member = reader.sqlalchemy_member(type.is("call") ? type : Node{});
    const auto path = reader.eval().path_of(type, reader.scope());
    const std::string name = !member.empty() ? member : path ? std::string(member_of(*path, "sqlalchemy")) : "";
    if (name == "Integer" || name == "INTEGER") return "INTEGER";
    if (name == "BigInteger" || name == "BIGINT") return "BIGINT";
    if (name == "SmallInteger" || name == "SMALLINT") return "SMALLINT";
    reader.fail("`data_type=` is not an integer type miglint knows");
    return {};
}

// The options SQLAlchemy writes after the name, in its order.
std::string sequence_options(const SequenceRead& sequence, ConstructReader& reader) {
    const auto& args = sequence.args;
    std::string out;
    const auto number = [&](std::string_view param, std::string_view keyword) {
        if (const auto value = reader.integer(args.get(param), param)) {
            out += " " + std::string(keyword) + " " + std::to_string(*value);
        }
    };
    if (reader.given(args.get("data_type"))) out += " AS " + sequence_type(args.get("data_type"), reader);
    number("increment", "INCREMENT BY");
    number("start", "START WITH");
    number("minvalue", "MINVALUE");
    number("maxvalue", "MAXVALUE");
    // Any value but None asks for the clause, False included.
    if (reader.given(args.get("nominvalue"))) out += " NO MINVALUE";
    if (reader.given(args.get("nomaxvalue"))) out += " NO MAXVALUE";
    number("cache", "CACHE");
    if (reader.given(args.get("cycle"))) out += reader.flag(args.get("cycle"), "cycle") ? " CYCLE" : " NO CYCLE";
    return out;
}

std::string sequence_sql(Node call, bool create, ConstructReader& reader) {
    const std::string_view construct = create ? "CreateSequence" : "DropSequence";
    const BoundArgs args = reader.bind(call, construct, {"element", create ? "if_not_exists" : "if_exists"});
    const auto sequence = read_sequence(args.get("element"), reader);
    if (!sequence) return {};
    if (!create) {
        return std::string("DROP SEQUENCE ") + (reader.flag(args.get("if_exists"), "if_exists") ? "IF EXISTS " : "") +
               sequence->name;
    }
    return std::string("CREATE SEQUENCE ") +
           (reader.flag(args.get("if_not_exists"), "if_not_exists") ? "IF NOT EXISTS " : "") + sequence->name +
           sequence_options(*sequence, reader);
}

std::string index_sql(Node call, bool create, ConstructReader& reader) {
    const std::string_view construct = create ? "CreateIndex" : "DropIndex";
    const std::string_view flag = create ? "if_not_exists" : "if_exists";
    const BoundArgs args = reader.bind(call, construct, {"element", flag});
    const bool guarded = reader.flag(args.get(flag), flag);
    return create ? create_index_sql(args.get("element"), guarded, reader)
                  : drop_index_sql(args.get("element"), guarded, reader);
}

}  // namespace

std::optional<ConstructSql> ddl_construct_sql(Node statement, const Evaluator& eval, const Scope& scope) {
    Node call = statement;
    while (call.is("parenthesized_expression")) call = call.named_child(0);
    call = bound_expression(call, eval, scope);
    ConstructReader reader(eval, scope);
    const auto construct = reader.sqlalchemy_member(call);
    std::string sql;
    if (construct == "CreateSchema") {
        sql = create_schema_sql(call, reader);
    } else if (construct == "DropSchema") {
        sql = drop_schema_sql(call, reader);
    } else if (construct == "CreateSequence" || construct == "DropSequence") {
        sql = sequence_sql(call, construct == "CreateSequence", reader);
    } else if (construct == "CreateIndex" || construct == "DropIndex") {
        sql = index_sql(call, construct == "CreateIndex", reader);
    } else {
        return std::nullopt;
    }
    if (reader.failed()) return ConstructSql{{}, "`" + construct + "(...)` with " + reader.why()};
    return ConstructSql{sql, {}};
}

}  // namespace miglint::alembic
