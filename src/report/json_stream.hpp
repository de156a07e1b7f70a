// Writing a JSON document as it is produced, in exactly the layout
// write_json_document gives a whole nlohmann document (two-space indent,
// invalid UTF-8 replaced): a report of tens of thousands of findings is then
// not built as a tree of small objects first.
#pragma once

#include <nlohmann/json.hpp>

#include <concepts>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::report {

// `text` as a JSON string literal, quotes included, appended to `out`: what
// nlohmann's serializer writes for it (UTF-8 kept, invalid bytes replaced by U+FFFD).
void append_json_string(std::string& out, std::string_view text);

class JsonStream {
public:
    explicit JsonStream(std::ostream& out) : m_out(out) {}
    JsonStream(const JsonStream&) = delete;
    JsonStream& operator=(const JsonStream&) = delete;

    // Containers: an object's members are a key() and then one value each.
    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    void key(std::string_view name);

    void value(std::string_view text);
    void value(const char* text) { value(std::string_view(text)); }
    void value(const std::string& text) { value(std::string_view(text)); }
    void value(bool flag);
    template <std::integral Number>
    requires(!std::same_as<Number, bool>) void value(Number number) { integer(static_cast<std::int64_t>(number)); }
    void null();
    // A whole nlohmann value (a rule's description, a notification) at this place.
    void value(const nlohmann::ordered_json& document);

    // key(name), then value(member): one member of an object.
    template <class Value>
    void member(std::string_view name, const Value& member) {
        key(name);
        value(member);
    }

    // The final newline, and everything still buffered, to the stream.
    void finish();

private:
    void open(char bracket);
    void close(char bracket);
    void integer(std::int64_t number);
    void before_value();
    void newline_indent(std::size_t depth);
    void flush_when_full();

    std::ostream& m_out;
    std::string m_pending;
    // One entry per open container: how many values it holds so far.
    std::vector<std::size_t> m_counts;
    bool m_after_key = false;
};

}  // namespace miglint::report
