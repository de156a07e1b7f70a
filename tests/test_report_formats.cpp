// The text reports threads, and the GitHub annotation and GitLab code quality formats.
#include "pipeline/lint.hpp"
#include "report/report.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <memory>

using miglint::Finding;
using miglint::LintOutput;
using miglint::Severity;
using miglint::testing::TempDir;

namespace {

// One finding on line 2 of a file whose path needs property escaping.
LintOutput handmade(Severity severity, std::string message, std::string help = "") {
    const auto source = std::make_shared<const miglint::SourceText>("db/a:b,c.sql", "SELECT 1;\n  CREATE INDEX i ON t (a);\n");
    Finding finding;
    finding.rule = "non-concurrent-index";
    finding.severity = severity;
    finding.message = std::move(message);
    finding.help = std::move(help);
    finding.source = source;
    finding.span = {12, 35};
    LintOutput output;
    output.files_linted = 1;
    output.findings.push_back(std::move(finding));
    return output;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < text.size();) {
        const auto end = text.find('\n', at);
        out.push_back(text.substr(at, end - at));
        at = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

// `count` findings over the lines of one file, with tabs, multi-line help and
// every severity, as many as a large history reports.
LintOutput many_findings(std::size_t count) {
    std::string text;
    for (int line = 0; line < 500; ++line) text += "ALTER TABLE t" + std::to_string(line) + "\tADD COLUMN c int;\n";
    const auto source = std::make_shared<const miglint::SourceText>("db/m.sql", text);
    LintOutput output;
    output.files_linted = 1;
    for (std::size_t i = 0; i < count; ++i) {
        Finding finding;
        finding.rule = "rule-" + std::to_string(i % 7);
        finding.severity = static_cast<Severity>(i % 3);
        finding.message = "finding " + std::to_string(i);
        finding.help = i % 2 == 0 ? "first line\nsecond line" : "";
        finding.source = source;
        const auto begin = static_cast<std::uint32_t>((i * 37) % (text.size() - 10));
        finding.span = {begin, begin + static_cast<std::uint32_t>(i % 40)};
        output.findings.push_back(std::move(finding));
    }
    return output;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("text: the report is the same bytes whatever the number of threads formatting it") {
        // Past one batch of findings, and with a last batch of another size.
        const auto output = many_findings(9'001);
        miglint::report::ReportOptions options;
        options.color = true;
        const auto one = miglint::report::render_text(output, options);
        CHECK(lines_of(one).back() == "1 file checked, 9001 findings (3000 error, 3000 warning, 3001 info)");
        CHECK(one.find("finding 9000\n") != std::string::npos);
        for (const unsigned jobs : {2U, 3U, 0U}) {
            options.jobs = jobs;
            CHECK(miglint::report::render_text(output, options) == one);
        }
    }

    TEST_CASE("github: a workflow command with file, line, col, endLine, endColumn and title, escaped") {
        const auto out = miglint::report::render_github(handmade(Severity::warning, "50% done\r\nnext", "use: a, b"), {});
        const auto lines = lines_of(out);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == "::warning file=db/a%3Ab%2Cc.sql,line=2,col=3,endLine=2,endColumn=26,"
                          "title=miglint non-concurrent-index::50%25 done%0D%0Anext%0Ause: a, b");
        CHECK(lines[1] == "miglint: 1 file checked, 1 finding (0 error, 1 warning, 0 info)");
    }

    TEST_CASE("github: info is a notice, and the most severe annotations come first") {
        auto output = handmade(Severity::info, "a note");
        auto error = handmade(Severity::error, "an error");
        output.findings.push_back(error.findings.front());
        const auto lines = lines_of(miglint::report::render_github(output, {}));
        REQUIRE(lines.size() == 3);
        CHECK(lines[0].starts_with("::error file="));
        CHECK(lines[0].ends_with("::an error"));
        CHECK(lines[1].starts_with("::notice file="));
    }

    TEST_CASE("github: the change's own findings come first, graph findings outside it last, most severe first within") {
        const auto judged = std::make_shared<const miglint::SourceText>("db/b.sql", "CREATE INDEX i ON t (a);\n");
        const auto old = std::make_shared<const miglint::SourceText>("db/a.py", "down_revision = None\n");
        LintOutput output;
        output.files_linted = 2;
        auto heads = miglint::testing::make_finding(old, "multiple-heads", Severity::error, "two heads", {0, 20});
        heads.outside_scope = true;
        output.findings.push_back(heads);
        output.findings.push_back(miglint::testing::make_finding(judged, "note-rule", Severity::info, "a note", {0, 6}));
        output.findings.push_back(miglint::testing::make_finding(judged, "warn-rule", Severity::warning, "a warning", {7, 12}));
        miglint::sort_findings(output.findings);
        const auto lines = lines_of(miglint::report::render_github(output, {}));
        REQUIRE(lines.size() == 4);
        CHECK(lines[0].starts_with("::warning file=db/b.sql,"));
        CHECK(lines[1].starts_with("::notice file=db/b.sql,"));
        CHECK(lines[2].starts_with("::error file=db/a.py,"));
        CHECK(lines[2].ends_with("::two heads"));
        // Inside the scope, as before: the most severe first.
        for (auto& finding : output.findings) finding.outside_scope = false;
        CHECK(lines_of(miglint::report::render_github(output, {}))[0].starts_with("::error file=db/a.py,"));
    }

    TEST_CASE("github: unreadable files are error annotations, suppressed findings are not shown") {
        TempDir dir;
        dir.write("m.sql", "-- miglint: ignore\nCREATE INDEX a ON users (a);\n");
        auto output = miglint::lint_paths({dir.path().string(), (dir.path() / "gone.sql").string()}, {});
        miglint::report::ReportOptions options;
        options.base_dir = dir.path().string();
        const auto lines = lines_of(miglint::report::render_github(output, options));
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == "::error file=gone.sql,title=miglint::no such file or directory");
        CHECK(lines[1] == "miglint: 1 file checked, 0 findings (0 error, 0 warning, 0 info), 1 file error(s)");
    }

    TEST_CASE("gitlab: code quality issues with severity mapping, path, line and a stable fingerprint") {
        for (const auto& [severity, expected] : std::vector<std::pair<Severity, std::string>>{
                 {Severity::info, "info"}, {Severity::warning, "minor"}, {Severity::error, "major"}}) {
            const auto json = nlohmann::json::parse(miglint::report::render_gitlab(handmade(severity, "msg"), {}));
            REQUIRE(json.size() == 1);
            CHECK(json[0]["severity"] == expected);
            CHECK(json[0]["description"] == "msg");
            CHECK(json[0]["check_name"] == "non-concurrent-index");
            CHECK(json[0]["location"]["path"] == "db/a:b,c.sql");
            CHECK(json[0]["location"]["lines"]["begin"] == 2);
            CHECK(json[0]["fingerprint"].get<std::string>().size() == 32);
        }
    }

    TEST_CASE("gitlab: fingerprints ignore moved lines but tell identical lines apart") {
        TempDir dir;
        dir.write("a/m.sql", "CREATE INDEX x ON t (a);\nCREATE INDEX x ON t (a);\n");
        dir.write("b/m.sql", "\n\nCREATE INDEX x ON t (a);\n\nCREATE INDEX x ON t (a);\n");
        const auto render = [&](const std::string& sub) {
            miglint::report::ReportOptions options;
            options.base_dir = (dir.path() / sub).string();
            miglint::Settings settings;
            settings.select = {"non-concurrent-index"};
            return nlohmann::json::parse(miglint::report::render_gitlab(miglint::lint_paths({(dir.path() / sub).string()}, settings), options));
        };
        const auto a = render("a");
        const auto b = render("b");
        REQUIRE(a.size() == 2);
        REQUIRE(b.size() == 2);
        CHECK(a[0]["fingerprint"] != a[1]["fingerprint"]);
        CHECK(a[0]["fingerprint"] == b[0]["fingerprint"]);
        CHECK(a[1]["fingerprint"] == b[1]["fingerprint"]);
        CHECK(b[1]["location"]["lines"]["begin"] == 5);
    }
}
