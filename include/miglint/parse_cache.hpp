// Parsed migrations kept from one lint to the next. The language server lints
// a document's whole folder on every change, and all but the edited file
// parse exactly as they did the time before: a cached parse is copied instead.
#pragma once

#include <miglint/migration.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

namespace miglint {

class ParseCache {
public:
    // One file's parse: what the front end returned (empty when the file is
    // no migration) for the text of `source`, with these Alembic engines.
    struct Entry {
        std::shared_ptr<const SourceText> source;
        std::set<std::string> engines;
        std::optional<Migration> migration;
    };

    // How the last lint got its parses.
    struct Counts {
        std::size_t reused = 0;
        std::size_t parsed = 0;
    };

    // The parse of `path` if it was made from `text` with `engines`, else
    // null. Only reads: any number of threads may look up at once, as long as
    // none stores.
    [[nodiscard]] const Entry* find(const std::string& path, std::string_view text,
                                    const std::set<std::string>& engines) const;

    // What one lint did, told once it has parsed every file: `path` was
    // reused from the cache, or parsed afresh into `entry`.
    void reused(const std::string& path);
    void parsed(Entry entry);

    // Ends a lint: a file no lint has read for `k_kept_lints` lints (a folder
    // the editor has left, a file deleted or renamed) is forgotten.
    void end_lint();

    [[nodiscard]] Counts last_lint() const { return m_last; }
    [[nodiscard]] std::size_t size() const { return m_entries.size(); }

    static constexpr std::uint64_t k_kept_lints = 8;

private:
    struct Kept {
        Entry entry;
        std::uint64_t last_used = 0;  // the lint that last read it
    };

    std::unordered_map<std::string, Kept> m_entries;
    std::uint64_t m_lint = 0;
    Counts m_current;
    Counts m_last;
};

}  // namespace miglint
