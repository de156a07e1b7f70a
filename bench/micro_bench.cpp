// In-process benchmarks of miglint's stages over one corpus directory, each on
// one thread: reading and indexing text, parsing, the rule pass over the
// replayed history, suppressions and rendering, and the editor's lint of a
// folder after one file changed. The whole-process figures come
// from bench/run.sh; these say which stage a change moved.
//
// Usage: miglint_bench [--benchmark_* flags] CORPUS_DIR
#include "pipeline/discover.hpp"
#include "pipeline/history_order.hpp"
#include "pipeline/source_overlay.hpp"
#include "pipeline/suppressions.hpp"
#include "report/report.hpp"

#include "pipeline/lint.hpp"
#include <miglint/parse_cache.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace {

struct Corpus {
    std::string dir;
    std::vector<std::shared_ptr<const miglint::SourceText>> sources;
    std::vector<miglint::Migration> ordered;  // parsed and in run order, as the rules see them
    std::size_t bytes = 0;
};

Corpus& corpus() {
    static Corpus loaded;
    return loaded;
}

void load(const std::string& dir) {
    auto& c = corpus();
    c.dir = dir;
    for (const auto& file : miglint::discover({dir}).files) {
        auto text = miglint::read_file(file.path, 1U << 30U);
        if (!text) continue;
        c.bytes += text->size();
        c.sources.push_back(std::make_shared<const miglint::SourceText>(file.path, std::move(*text)));
    }
    for (const auto& source : c.sources) {
        if (auto m = miglint::parse_migration(source)) c.ordered.push_back(std::move(*m));
    }
    miglint::order_migrations(c.ordered);
}

miglint::Settings all_rules() {
    miglint::Settings settings;
    settings.select = {"all"};
    settings.jobs = 1;
    return settings;
}

void set_bytes(benchmark::State& state) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * corpus().bytes));
}

void source_text(benchmark::State& state) {
    for (auto _ : state) {
        for (const auto& s : corpus().sources) {
            const miglint::SourceText copy(s->path(), s->text());
            benchmark::DoNotOptimize(copy.line_count());
        }
    }
    set_bytes(state);
}
BENCHMARK(source_text)->Unit(benchmark::kMillisecond);

void parse(benchmark::State& state) {
    for (auto _ : state) {
        for (const auto& s : corpus().sources) benchmark::DoNotOptimize(miglint::parse_migration(s));
    }
    set_bytes(state);
}
BENCHMARK(parse)->Unit(benchmark::kMillisecond);

void rules(benchmark::State& state) {
    const auto settings = all_rules();
    for (auto _ : state) {
        state.PauseTiming();
        auto copy = corpus().ordered;  // lint_migrations takes its input by value
        state.ResumeTiming();
        benchmark::DoNotOptimize(miglint::lint_migrations(std::move(copy), settings));
    }
    set_bytes(state);
}
BENCHMARK(rules)->Unit(benchmark::kMillisecond);

void suppressions(benchmark::State& state) {
    for (auto _ : state) {
        for (const auto& s : corpus().sources) benchmark::DoNotOptimize(miglint::find_suppressions(*s));
    }
    set_bytes(state);
}
BENCHMARK(suppressions)->Unit(benchmark::kMillisecond);

void render(benchmark::State& state, const char* format) {
    const auto output = miglint::lint_migrations(corpus().ordered, all_rules());
    miglint::report::ReportOptions options;
    options.docs_dir.clear();
    for (auto _ : state) benchmark::DoNotOptimize(miglint::report::render(format, output, options));
    state.counters["findings"] = static_cast<double>(output.findings.size());
}
BENCHMARK_CAPTURE(render, text, "text")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(render, json, "json")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(render, sarif, "sarif")->Unit(benchmark::kMillisecond);

// The language server's lint after a keystroke: the whole folder, one file's
// text changed (a comment appended, so each lint sees a new text), through
// the parse cache when `cached`, parsing every file again otherwise.
void relint(benchmark::State& state, bool cached) {
    miglint::Settings settings;
    settings.jobs = 1;
    const auto& edited = corpus().sources.front();
    miglint::SourceOverlay overlay{{miglint::overlay_key(edited->path()), edited->text()}};
    miglint::ParseCache cache;
    if (cached) miglint::lint_paths({corpus().dir}, settings, overlay, cache);
    int keystroke = 0;
    for (auto _ : state) {
        overlay.begin()->second = edited->text() + "\n-- " + std::to_string(++keystroke) + "\n";
        if (cached) {
            benchmark::DoNotOptimize(miglint::lint_paths({corpus().dir}, settings, overlay, cache));
        } else {
            benchmark::DoNotOptimize(miglint::lint_paths({corpus().dir}, settings, overlay));
        }
    }
    if (cached) state.counters["parsed"] = static_cast<double>(cache.last_lint().parsed);
}
BENCHMARK_CAPTURE(relint, cached, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(relint, uncached, false)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: miglint_bench [--benchmark_* flags] CORPUS_DIR\n");
        return 2;
    }
    load(argv[1]);
    std::printf("corpus %s: %zu files, %zu parsed, %zu bytes\n", argv[1], corpus().sources.size(), corpus().ordered.size(),
                corpus().bytes);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
