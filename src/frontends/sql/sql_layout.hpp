// What a .sql migration's layout (read by discovery) and markers say about
// it: where its down direction lives, and whether the runner wraps it in a
// transaction.
#pragma once

#include <miglint/file_layout.hpp>
#include <miglint/migration.hpp>
#include <miglint/source.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace miglint::sql {

// The text with each Go template action (`{{ index .Options "Namespace" }}`,
// which pop expands before running the file) replaced by an identifier named
// after its last word and padded with spaces to the same length, so offsets
// stay file offsets and `{{ ... }}.users` reads as `namespace .users`.
// Unchanged (and not copied) when the text holds no `{{`.
bool blank_go_templates(std::string& text);

// The database a dialect suffix names, for messages ("MySQL"); empty for
// PostgreSQL's own ("postgres") and for no suffix.
std::string other_database_of(std::string_view dialect);

// The runner transaction model of a layout: Flyway and diesel-style folders
// wrap each file in a transaction; golang-migrate and Prisma Migrate send a
// file as one query; plain files run statement by statement.
RunnerTransaction runner_for(NameLayout layout);

enum class MarkerStyle { none, goose, dbmate };

// The two directions of a file that holds both: goose (`-- +goose Up` /
// `-- +goose Down`, `-- +goose NO TRANSACTION`) or dbmate (`-- migrate:up` /
// `-- migrate:down`, `transaction:false`). Spans are whole lines after the
// marker up to the next marker; text before the first marker belongs to neither.
struct DirectionMarkers {
    MarkerStyle style = MarkerStyle::none;
    Span up_marker;              // the marker line itself, for migration-level findings
    Span up;
    std::optional<Span> down_marker;
    std::optional<Span> down;
    bool no_transaction = false;
};

DirectionMarkers find_direction_markers(std::string_view text);

// The fix that makes the runner run a goose or dbmate file's upgrade outside
// a transaction (`markers` read from `text`, whose first `bom` bytes are a
// byte order mark): a `-- +goose NO TRANSACTION` first line, or
// ` transaction:false` right after `migrate:up`. Empty for other files and
// for files that already opt out.
std::optional<Fix> transaction_opt_out(std::string_view text, const DirectionMarkers& markers, std::uint32_t bom);

// `text` with every byte outside `keep` blanked to a space (newlines kept),
// so lowering one part gives spans and lines of the whole file.
std::string keep_only(std::string_view text, Span keep);

}  // namespace miglint::sql
