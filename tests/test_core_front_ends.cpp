// The front-end table (pipeline/front_ends.cpp) and the layout discovery reads
// once per file and hands on.
#include "pipeline/discover.hpp"
#include "pipeline/file_layout.hpp"
#include "pipeline/front_ends.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

TEST_SUITE("core") {
    TEST_CASE("front_end_for gives a .py file to the Alembic front end and any other path to the SQL one") {
        CHECK(miglint::front_end_for("versions/1a2b_add.py").name == "alembic");
        CHECK_FALSE(miglint::front_end_for("versions/1a2b_add.py").ordered_by_name);
        CHECK(miglint::front_end_for("db/0001_init.sql").name == "sql");
        CHECK(miglint::front_end_for("db/0001_init.sql").ordered_by_name);
        // ".py" alone is a hidden file's name, not an extension; a named file is SQL whatever its extension.
        CHECK(miglint::front_end_for("db/.py").name == "sql");
        CHECK(miglint::front_end_for("db/schema.psql").name == "sql");
        CHECK(miglint::front_ends().back().name == "sql");
    }

    TEST_CASE("discovery reads each file's layout, and the SQL front end takes it as given") {
        const miglint::testing::TempDir tmp;
        tmp.write("set/2024-01-01-000000_create/up.sql", "CREATE TABLE t (id int);\n");
        tmp.write("set/2024-01-01-000000_create/down.sql", "DROP TABLE t;\n");
        const auto found = miglint::discover({tmp.path().string()});
        REQUIRE(found.files.size() == 2);
        const auto& down = found.files[0];
        CHECK(down.layout.layout == miglint::NameLayout::down_in_dir);
        CHECK(down.layout.set_folder == (tmp.path() / "set").string());
        CHECK(found.files[1].layout.pair_key == down.layout.pair_key);
        // The front end reads nothing from the name itself: a layout handed in is the one it uses.
        const auto source = std::make_shared<const miglint::SourceText>(found.files[1].path, "SELECT 1;\n");
        const auto as_given = miglint::parse_migration(source, found.files[1].layout, {"postgresql"});
        REQUIRE(as_given);
        CHECK(as_given->group == (tmp.path() / "set").string());
        CHECK(as_given->version == "2024-01-01-000000_create");
        const auto as_plain = miglint::parse_migration(source, miglint::FileLayout{}, {"postgresql"});
        REQUIRE(as_plain);
        CHECK(as_plain->group.empty());
        CHECK(as_plain->pair_key.empty());
    }
}
