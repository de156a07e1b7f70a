// Helpers the machine formats share: stable fingerprints, relative paths,
// severity order.
#pragma once

#include <miglint/finding.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::report {

// 64-bit FNV-1a of `text`, continuing from `seed`: stable across platforms and runs.
std::uint64_t fnv1a(std::string_view text, std::uint64_t seed = 0xcbf29ce484222325ULL);
// `value` as 16 lower-case hex digits.
std::string hex64(std::uint64_t value);

// The finding's first line with leading and trailing blanks removed and every
// run of blanks inside folded to one space, so re-indenting keeps fingerprints.
std::string normalized_line(const Finding& finding);

// For each of `shown` (in order), its 1-based occurrence among all of
// `output`'s findings (suppressed ones too, so showing them changes no
// counter) of the same file and rule whose normalized line is identical.
std::vector<std::size_t> line_occurrences(const std::vector<Finding>& all, const std::vector<const Finding*>& shown);

// `path` relative to `base_dir` (the current directory when empty), with '/'
// separators; empty when `path` lies outside it.
std::optional<std::string> relative_path(const std::string& path, const std::string& base_dir);

// `path` percent-encoded for a URI (RFC 3986 unreserved characters and '/' kept).
std::string uri_encode(std::string_view path);

// The indices of `findings` ordered most severe first, file order within a severity.
std::vector<std::size_t> most_severe_first(const std::vector<const Finding*>& findings);
// The same, after putting the change's own findings first: those that are not
// `outside_scope` (revision-graph findings in files the run does not judge)
// come before those that are, so a reader capped at a few sees the change's.
std::vector<std::size_t> own_findings_first(const std::vector<const Finding*>& findings);

// Writes `pending` to `out` and empties it once it holds a few pages, so a
// reporter can build text with += and still stream it.
void write_when_full(std::string& pending, std::ostream& out);

// Writes `document` indented by two spaces, with a final newline, straight to
// `out` (no string of the whole report); invalid UTF-8 quoted from a source
// file is replaced, not an error.
void write_json_document(const nlohmann::ordered_json& document, std::ostream& out);

}  // namespace miglint::report
