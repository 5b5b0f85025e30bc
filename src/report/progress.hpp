// A progress line for a run on a terminal: files done, findings, files per
// second, redrawn a few times a second on standard error and erased at the
// end. Never in CI or when standard error is not a terminal (see main).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <thread>

namespace hlint {

class ProgressLine {
 public:
  explicit ProgressLine(std::ostream& out);
  ~ProgressLine();  // stops and erases the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Called by the workers as each file is done.
  void file_done(std::size_t findings) {
    files_.fetch_add(1, std::memory_order_relaxed);
    findings_.fetch_add(findings, std::memory_order_relaxed);
  }
  void stop();

 private:
  void draw();

  std::ostream& out_;
  std::atomic<std::size_t> files_{0};
  std::atomic<std::size_t> findings_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

}  // namespace hlint
