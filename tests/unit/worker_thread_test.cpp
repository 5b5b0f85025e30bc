#include "core/worker_thread.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>

namespace {

// Recursion that needs about `depth` KiB of stack and cannot be turned into a
// loop: every frame keeps a buffer the compiler must not drop.
[[gnu::noinline]] std::size_t deep(std::size_t depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (depth == 0) return frame[0];
  return deep(depth - 1) + static_cast<std::size_t>(frame[0] != 0);
}

}  // namespace

TEST_CASE("a worker thread has room for recursion far beyond the default 8 MiB stack") {
  // 64 MiB of frames: a std::thread (8 MiB) dies with SIGSEGV here.
  std::size_t result = 0;
  hlint::WorkerThread thread([&] { result = deep(64 * 1024); });
  thread.join();
  CHECK(result > 0);
}

TEST_CASE("a worker thread still starts when its stack size is refused") {
  // pthread_attr_setstacksize refuses sizes under PTHREAD_STACK_MIN: the
  // thread falls back to the default stack instead of not running.
  std::atomic<int> runs{0};
  {
    hlint::WorkerThread thread([&] { ++runs; }, 1);
  }  // the destructor joins
  CHECK(runs == 1);
}
