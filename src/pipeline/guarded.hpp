// One file's work with whatever it throws turned into an error for that file.
// An exception that leaves a worker thread ends the process (std::terminate,
// exit 134) and every other file's findings with it; a front end that throws
// on one hostile file (out of memory included) must cost that file alone.
#pragma once

#include <miglint/result.hpp>

#include <exception>
#include <new>
#include <optional>
#include <string>

namespace miglint {

// Calls `work()`; when it throws, returns an error naming `path` (its
// `what()`, cut to a line's length), else nothing. `work` must leave what it
// writes in a state the caller can drop: the caller treats the file as not read.
template <class Work>
std::optional<Error> run_guarded(const std::string& path, Work&& work) noexcept {
    constexpr std::size_t k_max_what = 200;
    try {
        work();
        return std::nullopt;
    } catch (const std::bad_alloc&) {
        return Error{"internal error: out of memory while reading this file: not linted", path, {}};
    } catch (const std::exception& e) {
        std::string what = e.what();
        if (what.size() > k_max_what) what = what.substr(0, k_max_what) + "...";
        return Error{"internal error while reading this file (" + what + "): not linted", path, {}};
    } catch (...) {
        return Error{"internal error while reading this file: not linted", path, {}};
    }
}

}  // namespace miglint
