#include <miglint/deep_stack_thread.hpp>

#include <pthread.h>

#include <exception>
#include <utility>

namespace miglint {

struct DeepStackThread::State {
    std::function<void()> body;
    pthread_t thread{};
    bool running = false;
    std::exception_ptr failure;
};

namespace {

void* run_body(void* state) {
    auto* s = static_cast<DeepStackThread::State*>(state);
    // An exception must not leave a thread's start function: it is kept for join().
    try {
        s->body();
    } catch (...) {
        s->failure = std::current_exception();
    }
    return nullptr;
}

}  // namespace

DeepStackThread::DeepStackThread(std::function<void()> body) : m_state(new State{std::move(body)}) {
    pthread_attr_t attributes;
    bool started = false;
    if (pthread_attr_init(&attributes) == 0) {
        started = pthread_attr_setstacksize(&attributes, k_deep_stack_bytes) == 0 &&
                  pthread_create(&m_state->thread, &attributes, &run_body, m_state) == 0;
        pthread_attr_destroy(&attributes);
    }
    m_state->running = started;
    if (!started) run_body(m_state);
}

DeepStackThread::DeepStackThread(DeepStackThread&& other) noexcept : m_state(std::exchange(other.m_state, nullptr)) {}

DeepStackThread::~DeepStackThread() {
    if (m_state == nullptr) return;
    if (m_state->running) pthread_join(m_state->thread, nullptr);
    delete m_state;
}

void DeepStackThread::join() {
    if (m_state == nullptr) return;
    if (m_state->running) {
        pthread_join(m_state->thread, nullptr);
        m_state->running = false;
    }
    if (m_state->failure) std::rethrow_exception(std::exchange(m_state->failure, nullptr));
}

void run_on_deep_stack(const std::function<void()>& body) {
    DeepStackThread thread(body);
    thread.join();
}

}  // namespace miglint
