// A thread with a stack of a chosen size. std::thread takes the system's
// default (8 MiB on Linux, less under some ulimits), and tidy-html5 5.6 -- the
// one Debian ships -- parses nested elements by recursion, so the depth of its
// stack follows the input. HtmlDom keeps absurd nesting away from tidy (see
// too_deep_tags in html_dom.cpp), but that is an estimate of tidy's tree; a
// large stack is the second line, so that a document the estimate misjudges
// costs memory it only touches, not a dead run.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <functional>

namespace hlint {

class WorkerThread {
 public:
  // The linter's workers: 256 MiB of address space each, of which only the
  // pages a deep parse touches are ever backed by memory.
  static constexpr std::size_t kDefaultStackBytes = std::size_t{256} << 20;

  // Starts `body` on a thread with `stack_bytes` of stack. If the system
  // refuses that size (a strict overcommit limit), the thread gets the
  // default stack instead. Throws std::system_error if no thread can start.
  WorkerThread(std::function<void()> body, std::size_t stack_bytes = kDefaultStackBytes);
  ~WorkerThread();  // joins, if join() was not called
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

  void join();

 private:
  static void* run(void* self);

  std::function<void()> body_;
  pthread_t thread_{};
  bool joinable_ = false;
};

}  // namespace hlint
