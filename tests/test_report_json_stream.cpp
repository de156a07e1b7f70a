// The streaming JSON writer the json and sarif reports use: the same bytes as
// nlohmann's serializer gives the same document, for any string and any shape.
#include "report/json_stream.hpp"
#include "report/report_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <sstream>

using miglint::report::JsonStream;
using Json = nlohmann::ordered_json;

namespace {

std::string serialized(const std::string& text) {
    std::string out;
    nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char>(out), ' ',
                                                  Json::error_handler_t::replace);
    serializer.dump(Json(text), false, false, 0);
    return out;
}

// Bytes a report quotes: plain text, escapes, UTF-8 of every length, and
// broken UTF-8 (stray continuations, overlong forms, surrogates, cut sequences).
std::string random_text(std::mt19937& rng) {
    static const std::vector<std::string> pieces{"a",
                                                 "Z",
                                                 " ",
                                                 "CREATE INDEX",
                                                 "\"",
                                                 "\\",
                                                 "\n",
                                                 "\r\n",
                                                 "\t",
                                                 "\b",
                                                 "\f",
                                                 std::string(1, '\0'),
                                                 "\x01",
                                                 "\x1f",
                                                 "\x7f",
                                                 "\xc3\xa9",
                                                 "\xe2\x80\xa6",
                                                 "\xf0\x9f\x98\x80",
                                                 "\xed\x9f\xbf",
                                                 "\xef\xbf\xbd",
                                                 "\xf4\x8f\xbf\xbf",
                                                 "\x80",
                                                 "\xbf",
                                                 "\xc0\x80",
                                                 "\xc1\xbf",
                                                 "\xe0\x80\x80",
                                                 "\xed\xa0\x80",
                                                 "\xf0\x80\x80\x80",
                                                 "\xf4\x90\x80\x80",
                                                 "\xf5",
                                                 "\xff",
                                                 "\xc3",
                                                 "\xe2\x80",
                                                 "\xf0\x9f\x98"};
    std::string text;
    const auto count = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int i = 0; i < count; ++i) {
        if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
            text += static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
        } else {
            text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
        }
    }
    return text;
}

// A random tree, written to `stream` as it is built; returns the same tree as a document.
Json random_tree(std::mt19937& rng, JsonStream& stream, int depth) {
    const auto pick = std::uniform_int_distribution<int>(0, depth > 0 ? 7 : 4)(rng);
    switch (pick) {
        case 0: {
            const auto text = random_text(rng);
            stream.value(text);
            return text;
        }
        case 1: {
            const auto number = std::uniform_int_distribution<std::int64_t>(-100000, 100000)(rng);
            stream.value(number);
            return number;
        }
        case 2: {
            const bool flag = (rng() & 1U) != 0;
            stream.value(flag);
            return flag;
        }
        case 3:
            stream.null();
            return nullptr;
        case 4: {
            const Json document = {
                {"text", random_text(rng)}, {"list", {1, 2, Json::object()}}, {"empty", Json::array()}};
            stream.value(document);
            return document;
        }
        case 5:
        case 6: {
            Json object = Json::object();
            stream.begin_object();
            const auto members = std::uniform_int_distribution<int>(0, 3)(rng);
            for (int i = 0; i < members; ++i) {
                const auto name = "k" + std::to_string(i) + random_text(rng);
                stream.key(name);
                object[name] = random_tree(rng, stream, depth - 1);
            }
            stream.end_object();
            return object;
        }
        default: {
            Json array = Json::array();
            stream.begin_array();
            const auto items = std::uniform_int_distribution<int>(0, 3)(rng);
            for (int i = 0; i < items; ++i) array.push_back(random_tree(rng, stream, depth - 1));
            stream.end_array();
            return array;
        }
    }
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("a string is quoted as nlohmann's serializer quotes it, broken UTF-8 included") {
        std::mt19937 rng(20261201);
        for (int round = 0; round < 5000; ++round) {
            const auto text = random_text(rng);
            std::string quoted;
            miglint::report::append_json_string(quoted, text);
            CHECK_MESSAGE(quoted == serialized(text), "round ", round);
        }
    }

    TEST_CASE("a streamed document has the bytes write_json_document gives the same tree") {
        std::mt19937 rng(7);
        for (int round = 0; round < 500; ++round) {
            std::ostringstream streamed;
            JsonStream stream(streamed);
            // Keys must be unique for the tree to hold every member: random_tree numbers them.
            const auto tree = random_tree(rng, stream, 4);
            stream.finish();
            std::ostringstream whole;
            miglint::report::write_json_document(tree, whole);
            CHECK_MESSAGE(streamed.str() == whole.str(), "round ", round);
        }
    }
}
