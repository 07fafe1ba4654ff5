// switch.cc - the C++20 peer of switch.c: the same pingers, as C++20
// coroutines, with the least machinery that can run them: a task type
// whose coroutines start suspended, an awaitable that puts the awaiting
// coroutine on a ready queue (a ring of coroutine_handles), and a loop that
// resumes the queue's head until the queue is empty.
//
//   switch-cpp ITERATIONS [K]    as switch.c: K pingers (default 2) each
//                                yield ITERATIONS times; exits 1 unless
//                                every pinger ran ITERATIONS times, in turn
//
// Built as the benchmark says: g++ -std=c++20 -O2.
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <vector>

namespace {

unsigned long ticks, resumes;
int bad;

class ReadyQueue {
public:
    explicit ReadyQueue(std::size_t min_capacity)
    {
        std::size_t cap = 1;
        while (cap < min_capacity)
            cap *= 2;
        ring_.resize(cap);
        mask_ = cap - 1;
    }
    bool empty() const { return head_ == tail_; }
    void push(std::coroutine_handle<> h) { ring_[tail_++ & mask_] = h; }
    std::coroutine_handle<> pop() { return ring_[head_++ & mask_]; }

private:
    std::vector<std::coroutine_handle<>> ring_;
    std::size_t mask_ = 0, head_ = 0, tail_ = 0;
};

ReadyQueue *ready;

struct Task {
    struct promise_type {
        Task get_return_object()
        {
            return Task{std::coroutine_handle<promise_type>::from_promise(*this)};
        }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_void() noexcept {}
        void unhandled_exception() { std::terminate(); }
    };
    std::coroutine_handle<promise_type> handle;
};

// co_await Null{}: let the others run (bl_null()).
struct Null {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) const noexcept { ready->push(h); }
    void await_resume() const noexcept {}
};

Task pinger(long n, int k)
{
    for (long i = 0; i < n; i++) {
        unsigned long mark = ++ticks;
        co_await Null{};
        if (i + 1 < n && ticks - mark != static_cast<unsigned long>(k) - 1)
            bad = 1;
        resumes++;
    }
}

double now()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

} // namespace

int main(int argc, char **argv)
{
    long n = argc > 1 ? std::atol(argv[1]) : 0;
    int k = argc > 2 ? std::atoi(argv[2]) : 2;
    if (argc < 2 || argc > 3 || n < 1 || k < 2 || k > 64) {
        std::fprintf(stderr, "usage: switch-cpp ITERATIONS [K: 2..64]\n");
        return 2;
    }
    double t0 = now();
    ReadyQueue queue(static_cast<std::size_t>(k) + 1);
    ready = &queue;
    std::vector<Task> tasks;
    for (int j = 0; j < k; j++) {
        tasks.push_back(pinger(n, k));
        queue.push(tasks.back().handle);
    }
    while (!queue.empty())
        queue.pop().resume();
    int unfinished = 0;
    for (Task &t : tasks) {
        unfinished += !t.handle.done();
        t.handle.destroy();
    }
    double t1 = now();
    unsigned long want = static_cast<unsigned long>(n) * static_cast<unsigned long>(k);
    if (unfinished || bad || resumes != want) {
        std::fprintf(stderr, "switch-cpp: %d unfinished, %lu of %lu resumes, %s\n",
                     unfinished, resumes, want, bad ? "out of turn" : "in turn");
        return 1;
    }
    std::printf("switches=%lu ns_per_switch=%.2f frame_bytes=n/a\n", want,
                (t1 - t0) * 1e9 / static_cast<double>(want));
    return 0;
}
