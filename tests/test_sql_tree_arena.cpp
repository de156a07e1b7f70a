// The arena parse trees are unpacked into: a stack that hands memory out in
// order, takes it back to a mark, and does not keep a huge tree's memory.
#include "sql/pg_tree.hpp"
#include "sql/tree_arena.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>

using miglint::sql::TreeArena;

TEST_SUITE("sql") {
    TEST_CASE("TreeArena: aligned, distinct blocks; rewinding to a mark hands the same memory out again") {
        TreeArena arena;
        auto* first = static_cast<char*>(arena.allocate(3));
        const auto mark = arena.mark();
        auto* second = static_cast<char*>(arena.allocate(40));
        CHECK(reinterpret_cast<std::uintptr_t>(first) % alignof(std::max_align_t) == 0);
        CHECK(reinterpret_cast<std::uintptr_t>(second) % alignof(std::max_align_t) == 0);
        CHECK(second >= first + 3);
        std::memset(second, 0x5a, 40);  // writable
        arena.rewind(mark);
        CHECK(arena.allocate(40) == second);
        // protobuf-c calls it through the allocator it is given.
        auto* allocator = arena.allocator();
        CHECK(allocator->alloc(allocator->allocator_data, 8) != nullptr);
    }

    TEST_CASE("TreeArena: a request larger than a block gets one; a rewind to the start lets go of it") {
        TreeArena arena;
        const auto start = arena.mark();
        arena.allocate(100);
        const std::size_t huge = std::size_t{64} << 20U;  // a tree bigger than the arena keeps between files
        auto* big = static_cast<char*>(arena.allocate(huge));
        big[huge - 1] = 'x';
        CHECK(arena.capacity() >= huge);
        arena.rewind(start);
        CHECK(arena.capacity() < huge);
        CHECK(arena.allocate(16) != nullptr);
    }

    TEST_CASE("ParseTree: trees opened inside one another unpack into the arena and give it back in order") {
        auto& arena = TreeArena::for_this_thread();
        const auto before = arena.mark();
        {
            const miglint::sql::ParseTree outer("CREATE TABLE a (id int); CREATE INDEX i ON a (id);");
            REQUIRE(outer.ok());
            {
                const miglint::sql::ParseTree inner("DROP TABLE b;");
                REQUIRE(inner.ok());
                CHECK(inner.tree()->n_stmts == 1);
            }
            // The outer tree is intact after the inner one gave its memory back.
            REQUIRE(outer.tree()->n_stmts == 2);
            CHECK(outer.tree()->stmts[1]->stmt->node_case == PG_QUERY__NODE__NODE_INDEX_STMT);
            const miglint::sql::ParseTree broken("CREATE TABL x;");
            CHECK_FALSE(broken.ok());
            CHECK(broken.error() != nullptr);
        }
        const auto after = arena.mark();
        CHECK(after.block == before.block);
        CHECK(after.used == before.used);
    }
}
