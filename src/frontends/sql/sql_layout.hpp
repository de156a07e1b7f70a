// What a .sql migration's name and markers say about it: which runner's
// layout it follows, its version, where its down direction lives, and
// whether the runner wraps it in a transaction.
#pragma once

#include <miglint/migration.hpp>
#include <miglint/source.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace miglint::sql {

enum class NameLayout {
    plain,              // 0001_name.sql, or any other name
    flyway_versioned,   // V1__name.sql, V1_2__name.sql, V1.2__name.sql
    flyway_undo,        // U1__name.sql: the downgrade of V1
    flyway_repeatable,  // R__name.sql: runs after every versioned migration
    up_file,            // 20240101120000_name.up.sql (golang-migrate, sqlx)
    down_file,          // 20240101120000_name.down.sql
    up_in_dir,          // <version>/up.sql (diesel, sourcegraph)
    down_in_dir,        // <version>/down.sql
    prisma_in_dir,      // <timestamp>_<name>/migration.sql (Prisma Migrate): no down direction
};

struct SqlFileName {
    NameLayout layout = NameLayout::plain;
    // The version the name claims ("1.2" for V1_2__x, "0001" for 0001_x, the
    // folder name for <version>/up.sql); empty when the name has none.
    std::string version;
    // What an up file and its down file share (the folder and the version);
    // empty for layouts that do not pair files.
    std::string pair_key;
    // The database an up/down file's name says it is for, as ory/pop spells
    // it (X.postgres.up.sql, X.mysql.up.sql, X.cockroach.up.sql,
    // X.sqlite3.up.sql); empty when the name names none (every database).
    std::string dialect;
    // pop's `.autocommit` before .up.sql: the file runs outside a transaction.
    bool autocommit = false;

    [[nodiscard]] bool is_down() const {
        return layout == NameLayout::down_file || layout == NameLayout::down_in_dir || layout == NameLayout::flyway_undo;
    }
    [[nodiscard]] bool pairs_files() const { return !pair_key.empty(); }
};

// Reads the layout from the path alone; never touches the file system.
SqlFileName classify_sql_name(std::string_view path);

// The text with each Go template action (`{{ index .Options "Namespace" }}`,
// which pop expands before running the file) replaced by an identifier named
// after its last word and padded with spaces to the same length, so offsets
// stay file offsets and `{{ ... }}.users` reads as `namespace .users`.
// Unchanged (and not copied) when the text holds no `{{`.
bool blank_go_templates(std::string& text);

// The database a dialect suffix names, for messages ("MySQL"); empty for
// PostgreSQL's own ("postgres") and for no suffix.
std::string other_database_of(std::string_view dialect);

// The folder of the set a file replays in when its layout names one (the
// folder above a <version>/up.sql's or a Prisma migration.sql's version
// folder), else empty: the set is then the file's own folder.
std::string layout_set_folder(std::string_view path, const SqlFileName& name);

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
