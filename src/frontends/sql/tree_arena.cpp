#include "sql/tree_arena.hpp"

#include <algorithm>

namespace miglint::sql {
namespace {

constexpr std::size_t k_block_bytes = std::size_t{256} << 10U;
// Kept across files after a rewind to the start: enough for the trees of
// large migrations without returning to malloc for every file.
constexpr std::size_t k_kept_bytes = std::size_t{8} << 20U;
constexpr std::size_t k_alignment = alignof(std::max_align_t);

void* allocate_in(void* arena, std::size_t size) { return static_cast<TreeArena*>(arena)->allocate(size); }
void release_nothing(void* /*arena*/, void* /*pointer*/) {}

}  // namespace

TreeArena& TreeArena::for_this_thread() {
    thread_local TreeArena arena;
    return arena;
}

TreeArena::TreeArena() : m_allocator{&allocate_in, &release_nothing, this} {}

TreeArena::Block::Block(std::size_t at_least)
    : data(std::make_unique<std::byte[]>(std::max(at_least, k_block_bytes))), size(std::max(at_least, k_block_bytes)) {}

void* TreeArena::allocate(std::size_t size) {
    size = std::max<std::size_t>((size + k_alignment - 1) & ~(k_alignment - 1), k_alignment);
    if (m_blocks.empty()) m_blocks.emplace_back(size);
    if (m_used + size > m_blocks[m_block].size) {
        // The blocks after the current one hold nothing live: reuse the next
        // if it is big enough, else put a big enough one in its place.
        ++m_block;
        m_used = 0;
        if (m_block == m_blocks.size()) {
            m_blocks.emplace_back(size);
        } else if (m_blocks[m_block].size < size) {
            m_blocks[m_block] = Block(size);
        }
    }
    void* at = m_blocks[m_block].data.get() + m_used;
    m_used += size;
    return at;
}

void TreeArena::rewind(Mark mark) {
    m_block = mark.block;
    m_used = mark.used;
    if (mark.block != 0 || mark.used != 0) return;
    std::size_t kept = 0;
    std::size_t keep = 0;
    while (keep < m_blocks.size() && kept + m_blocks[keep].size <= k_kept_bytes) kept += m_blocks[keep++].size;
    m_blocks.erase(m_blocks.begin() + static_cast<std::ptrdiff_t>(keep), m_blocks.end());  // all, when the first alone is over the limit
}

std::size_t TreeArena::capacity() const {
    std::size_t bytes = 0;
    for (const auto& block : m_blocks) bytes += block.size;
    return bytes;
}

}  // namespace miglint::sql
