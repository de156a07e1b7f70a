#include "sql/sql_layout.hpp"

#include "sql/char_class.hpp"

#include <algorithm>
#include <cctype>

namespace miglint::sql {
namespace {

std::string lower(std::string_view s) { return chars::lowered(s); }

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

struct Marker {
    enum class Kind { none, up, down, other } kind = Kind::none;
    MarkerStyle style = MarkerStyle::none;
    bool no_transaction = false;
};

// Reads one line as a goose or dbmate directive.
Marker read_marker(std::string_view line) {
    line = trim(line);
    if (!line.starts_with("--")) return {};
    const auto after = trim(line.substr(2));
    // Nearly every comment is prose: only "+goose" and "migrate:" start a directive.
    if (after.empty() || (after.front() != '+' && after.front() != 'm' && after.front() != 'M')) return {};
    auto body = lower(after);
    // A second comment on the marker line is not part of the directive.
    body = std::string(trim(std::string_view(body).substr(0, body.find("--"))));
    if (body.starts_with("+goose")) {
        const auto word = trim(std::string_view(body).substr(6));
        if (word == "up") return {Marker::Kind::up, MarkerStyle::goose, false};
        if (word == "down") return {Marker::Kind::down, MarkerStyle::goose, false};
        return {Marker::Kind::other, MarkerStyle::goose, word == "no transaction"};
    }
    if (body.starts_with("migrate:up")) {
        return {Marker::Kind::up, MarkerStyle::dbmate, body.find("transaction:false") != std::string::npos};
    }
    if (body.starts_with("migrate:down")) {
        return {Marker::Kind::down, MarkerStyle::dbmate, body.find("transaction:false") != std::string::npos};
    }
    return {};
}

// The identifier a template action stands for: its last word that starts with a
// letter, lower-cased (`{{ index .Options "Namespace" }}` -> "namespace").
std::string template_identifier(std::string_view action) {
    std::string_view last;
    for (std::size_t i = 0; i < action.size();) {
        std::size_t end = i;
        while (end < action.size() && (chars::is_alnum(action[end]) || action[end] == '_')) ++end;
        if (end > i && chars::is(action[i], chars::alpha)) last = action.substr(i, end - i);
        i = end + 1;
    }
    return last.empty() ? "tmpl" : lower(last);
}

}  // namespace

bool blank_go_templates(std::string& text) {
    if (text.find("{{") == std::string::npos) return false;
    bool changed = false;
    for (auto open = text.find("{{"); open != std::string::npos; open = text.find("{{", open)) {
        const auto close = text.find("}}", open + 2);
        const auto line_end = text.find('\n', open);
        if (close == std::string::npos || (line_end != std::string::npos && line_end < close)) {
            open += 2;
            continue;
        }
        const auto length = close + 2 - open;
        auto name = template_identifier(std::string_view(text).substr(open + 2, close - open - 2));
        if (name.size() > length) name.resize(length);
        text.replace(open, length, name + std::string(length - name.size(), ' '));
        changed = true;
        open += length;
    }
    return changed;
}

std::string other_database_of(std::string_view dialect) {
    if (dialect == "mysql") return "MySQL";
    if (dialect == "cockroach") return "CockroachDB";
    if (dialect == "sqlite3" || dialect == "sqlite") return "SQLite";
    return {};
}

RunnerTransaction runner_for(NameLayout layout) {
    switch (layout) {
        case NameLayout::flyway_versioned:
        case NameLayout::flyway_undo:
        case NameLayout::flyway_repeatable:
        case NameLayout::up_in_dir:
        case NameLayout::down_in_dir: return RunnerTransaction::per_file;
        case NameLayout::up_file:
        case NameLayout::down_file:
        case NameLayout::prisma_in_dir: return RunnerTransaction::single_query;
        case NameLayout::plain: return RunnerTransaction::none;
    }
    return RunnerTransaction::none;
}

DirectionMarkers find_direction_markers(std::string_view text) {
    DirectionMarkers out;
    std::optional<Span>* open = nullptr;  // the part being read, until the next marker
    std::optional<Span> up;
    std::uint32_t begin = 0;
    const auto size = static_cast<std::uint32_t>(text.size());
    while (begin < size) {
        auto end = static_cast<std::uint32_t>(std::min<std::size_t>(text.find('\n', begin), text.size()));
        const auto next = std::min(end + 1, size);
        const auto marker = read_marker(text.substr(begin, end - begin));
        if (marker.kind != Marker::Kind::none && out.style == MarkerStyle::none) out.style = marker.style;
        if (marker.no_transaction) out.no_transaction = true;
        if (marker.kind == Marker::Kind::up || marker.kind == Marker::Kind::down) {
            const bool is_up = marker.kind == Marker::Kind::up;
            if (is_up) out.up_marker = {begin, end};
            else out.down_marker = Span{begin, end};
            open = is_up ? &up : &out.down;
            *open = Span{next, next};
        } else if (open != nullptr && marker.kind == Marker::Kind::none) {
            (*open)->end = next;
        }
        begin = next;
    }
    if (up) out.up = *up;
    return out;
}

std::optional<Fix> transaction_opt_out(std::string_view text, const DirectionMarkers& markers, std::uint32_t bom) {
    if (markers.no_transaction) return std::nullopt;
    if (markers.style == MarkerStyle::goose) {
        // goose reads the annotation on any line; the first keeps it in sight.
        const auto eol = text.find('\n');
        const bool crlf = eol != std::string_view::npos && eol > 0 && text[eol - 1] == '\r';
        const std::string line = std::string("-- +goose NO TRANSACTION") + (crlf ? "\r\n" : "\n");
        return Fix{"`-- +goose NO TRANSACTION`", {{{bom, bom}, line}}};
    }
    if (markers.style != MarkerStyle::dbmate) return std::nullopt;
    // Options follow the marker word; anything after it (more options, a comment) stays after.
    const auto line = lower(text.substr(markers.up_marker.begin, markers.up_marker.end - markers.up_marker.begin));
    const auto word = line.find("migrate:up");
    if (word == std::string::npos) return std::nullopt;
    const auto at = markers.up_marker.begin + static_cast<std::uint32_t>(word + std::string_view("migrate:up").size());
    return Fix{"`transaction:false`", {{{at, at}, " transaction:false"}}};
}

std::string keep_only(std::string_view text, Span keep) {
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if ((i < keep.begin || i >= keep.end) && out[i] != '\n') out[i] = ' ';
    }
    return out;
}

}  // namespace miglint::sql
