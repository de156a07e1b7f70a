// What a migration file's path says about it: which runner's layout it
// follows, its version, the file its other direction lives in, and the set
// it replays in. Discovery reads it once per file (pipeline/file_layout.hpp)
// and hands it to the front end as data.
#pragma once

#include <string>

namespace miglint {

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

struct FileLayout {
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
    // The folder of the set the file replays in when its layout names one (the
    // folder above a <version>/up.sql's or a Prisma migration.sql's version
    // folder), else empty: the set is then the file's own folder.
    std::string set_folder;
    // pop's `.autocommit` before .up.sql: the file runs outside a transaction.
    bool autocommit = false;
    // A manifest.json beside the file (temporal's and cadence's schema tool)
    // lists the files each version runs, and this one is not among them.
    bool unlisted_in_manifest = false;

    [[nodiscard]] bool is_down() const {
        return layout == NameLayout::down_file || layout == NameLayout::down_in_dir || layout == NameLayout::flyway_undo;
    }
    [[nodiscard]] bool pairs_files() const { return !pair_key.empty(); }
    // The layout keeps each migration in a version folder of its own (diesel, Prisma).
    [[nodiscard]] bool is_in_version_folder() const {
        return layout == NameLayout::up_in_dir || layout == NameLayout::down_in_dir ||
               layout == NameLayout::prisma_in_dir;
    }
};

}  // namespace miglint
