#include <miglint/parse_cache.hpp>

namespace miglint {

const ParseCache::Entry* ParseCache::find(const std::string& path, std::string_view text,
                                          const std::set<std::string>& engines) const {
    const auto it = m_entries.find(path);
    if (it == m_entries.end()) return nullptr;
    const auto& entry = it->second.entry;
    if (entry.source->text() != text || entry.engines != engines) return nullptr;
    return &entry;
}

void ParseCache::reused(const std::string& path) {
    if (const auto it = m_entries.find(path); it != m_entries.end()) it->second.last_used = m_lint;
    ++m_current.reused;
}

void ParseCache::parsed(Entry entry) {
    auto path = entry.source->path();
    m_entries.insert_or_assign(std::move(path), Kept{std::move(entry), m_lint});
    ++m_current.parsed;
}

void ParseCache::end_lint() {
    std::erase_if(m_entries, [&](const auto& item) { return item.second.last_used + k_kept_lints <= m_lint; });
    ++m_lint;
    m_last = m_current;
    m_current = {};
}

}  // namespace miglint
