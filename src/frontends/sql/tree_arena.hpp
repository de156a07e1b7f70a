// Memory for the parse trees protobuf-c unpacks from libpg_query's output.
//
// A tree is read once and then dropped whole, so it is carved out of a
// per-thread arena instead of malloc'ed node by node: unpacking does not call
// malloc per node, dropping does not walk the tree to free it (protobuf-c's
// free_unpacked does, at a cost near that of unpacking), and every file's
// tree reuses the same, still cached, memory.
//
// Trees nest (the statements of a DO block are parsed while the file's tree is
// alive), so the arena is a stack: a tree marks where it starts and rewinds
// there when it goes; the one after it reuses that memory.
#pragma once

#include <protobuf-c/protobuf-c.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace miglint::sql {

class TreeArena {
public:
    struct Mark {
        std::size_t block = 0;
        std::size_t used = 0;
    };

    // The calling thread's arena.
    static TreeArena& for_this_thread();

    TreeArena();
    TreeArena(const TreeArena&) = delete;
    TreeArena& operator=(const TreeArena&) = delete;

    // What to hand protobuf-c's unpack; its free does nothing (see rewind).
    [[nodiscard]] ProtobufCAllocator* allocator() { return &m_allocator; }

    [[nodiscard]] Mark mark() const { return {m_block, m_used}; }
    // Releases everything allocated since `mark`. A rewind to the start also
    // returns memory beyond what a typical file needs, so one huge file does
    // not keep its tree's memory for the rest of the run.
    void rewind(Mark mark);

    // Bytes held in blocks, for tests.
    [[nodiscard]] std::size_t capacity() const;

    void* allocate(std::size_t size);

private:
    struct Block {
        // A block of the usual size, or one that holds `at_least` bytes when that is more.
        explicit Block(std::size_t at_least);
        std::unique_ptr<std::byte[]> data;
        std::size_t size = 0;
    };

    std::vector<Block> m_blocks;
    std::size_t m_block = 0;  // the block allocations come from
    std::size_t m_used = 0;   // bytes used of it
    ProtobufCAllocator m_allocator{};
};

}  // namespace miglint::sql
