// Names written back as SQL, the way PostgreSQL's quote_ident() writes them,
// so any help or fix text that names an object runs as it reads.
#pragma once

#include <miglint/operation.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace miglint {

// `name` as it must be written in SQL to mean that name: as is when it is
// lower-case letters, digits and underscores, starting with a letter or
// underscore, and not a keyword PostgreSQL reserves in any way; else in
// double quotes with `"` doubled ("Subscription", "user", "a""b").
std::string quote_ident(std::string_view name);

// `name` qualified by its schema when it has one, each part as quote_ident writes it.
std::string quote_qualified(const QualifiedName& name);

// True when PostgreSQL reserves `word` (lower-case) in some way, so a name
// spelled like it must be quoted: reserved, column-name and type-or-function keywords.
bool is_quoted_keyword(std::string_view word);

// ---- names PostgreSQL gives what the user left unnamed ------------------------

// PostgreSQL's makeObjectName: `name1`, `name2` (may be empty) and `label`
// joined by "_", with name1 and name2 shortened (the longer one first, at a
// UTF-8 character boundary) so the whole fits 63 bytes: orders_customer_id_fkey.
std::string generated_object_name(std::string_view name1, std::string_view name2, std::string_view label);

// The column part of a generated index or constraint name
// (ChooseIndexNameAddition): the names joined by "_", stopping once 63 bytes are reached.
std::string generated_name_addition(const std::vector<std::string>& columns);

// The name of an index's column as PostgreSQL's generated names use it: the
// column, or for an expression the name FigureIndexColname picks (a function
// call's name, also read from SQL text when there was no parse tree), else "expr".
std::string index_column_name(const IndexKey& key);

// Those names for each column of `index`, in order.
std::vector<std::string> index_column_names(const CreateIndex& index);

// The name PostgreSQL gives `index` when it has none (ChooseIndexName):
// <table>_<columns>_idx, shortened to 63 bytes, and with `clash` (1, 2, ...)
// appended to the label when the plain name is taken.
std::string generated_index_name(const CreateIndex& index, int clash = 0);

}  // namespace miglint
