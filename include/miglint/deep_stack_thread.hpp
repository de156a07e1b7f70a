// Threads with a stack deep enough for any parse tree libpg_query hands over.
//
// libpg_query serialises a tree at most about 10,000 messages deep (deeper
// ones are its own "nested too deeply" error), and protobuf-c unpacks it
// recursively at about 1 KB of stack a level: up to 10 MB, more than the 8 MB
// a thread gets by default, so a chain such as `a IS NULL IS NULL ...` 4,995
// levels deep overflowed the stack. Every thread that parses SQL runs with
// `k_deep_stack_bytes`; the pages are only reserved, and touched only as deep
// as a parse goes.
#pragma once

#include <cstddef>
#include <functional>

namespace miglint {

inline constexpr std::size_t k_deep_stack_bytes = 64U * 1024 * 1024;

// A joinable thread running `body` on a stack of `k_deep_stack_bytes`; join()
// waits for it (the destructor joins too). Falls back to running `body` on the
// calling thread, before the constructor returns, if no such thread can be made.
class DeepStackThread {
public:
    explicit DeepStackThread(std::function<void()> body);
    ~DeepStackThread();
    DeepStackThread(DeepStackThread&& other) noexcept;
    DeepStackThread(const DeepStackThread&) = delete;
    DeepStackThread& operator=(const DeepStackThread&) = delete;
    DeepStackThread& operator=(DeepStackThread&&) = delete;

    void join();

    struct State;  // the body, the pthread and a failure to rethrow; in the .cpp

private:
    State* m_state = nullptr;
};

// Runs `body` on a DeepStackThread and waits for it: for a program's main
// work, so the main thread's smaller stack never parses.
void run_on_deep_stack(const std::function<void()>& body);

}  // namespace miglint
