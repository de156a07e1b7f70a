#include "server_skip.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <iostream>
#include <map>

namespace miglint::testing {
namespace {

constexpr std::string_view k_unavailable = ": unavailable: ";

class SkipListener : public doctest::IReporter {
public:
    explicit SkipListener(const doctest::ContextOptions& /*options*/) {}
    void report_query(const doctest::QueryData& /*data*/) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        if (stats.numAssertsFailed != 0 || stats.numTestCasesFailed != 0) return;
        for (const auto& [suite, why] : m_reasons) std::cout << suite << ": SKIPPED: " << why << std::endl;
    }
    void test_case_start(const doctest::TestCaseData& /*data*/) override {}
    void test_case_reenter(const doctest::TestCaseData& /*data*/) override {}
    void test_case_end(const doctest::CurrentTestCaseStats& /*stats*/) override {}
    void test_case_exception(const doctest::TestCaseException& /*exception*/) override {}
    void subcase_start(const doctest::SubcaseSignature& /*signature*/) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData& /*data*/) override {}
    void log_message(const doctest::MessageData& data) override {
        const std::string_view text = data.m_string.c_str();
        const auto at = text.find(k_unavailable);
        if (at == std::string_view::npos) return;
        m_reasons.emplace(std::string(text.substr(0, at)), std::string(text.substr(at + k_unavailable.size())));
    }
    void test_case_skipped(const doctest::TestCaseData& /*data*/) override {}

private:
    std::map<std::string, std::string> m_reasons;  // the first reason of each suite
};

REGISTER_LISTENER("server-skip", 1, SkipListener);

}  // namespace

bool is_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string_view(ci) == "true";
}

void report_unavailable(std::string_view suite, const std::string& why) {
    const auto text = std::string(suite) + std::string(k_unavailable) + why;
    if (is_ci()) FAIL(text << " (CI=true: the " << suite << " suite must run)");
    MESSAGE(text);
}

}  // namespace miglint::testing
