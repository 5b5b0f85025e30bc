#include "core/worker_thread.hpp"

#include <cerrno>
#include <system_error>
#include <utility>

namespace hlint {

WorkerThread::WorkerThread(std::function<void()> body, std::size_t stack_bytes) : body_(std::move(body)) {
  pthread_attr_t attributes;
  int error = pthread_attr_init(&attributes);
  if (error == 0) {
    if (pthread_attr_setstacksize(&attributes, stack_bytes) == 0)
      error = pthread_create(&thread_, &attributes, &WorkerThread::run, this);
    else
      error = EINVAL;
    pthread_attr_destroy(&attributes);
  }
  if (error != 0) error = pthread_create(&thread_, nullptr, &WorkerThread::run, this);
  if (error != 0) throw std::system_error(error, std::generic_category(), "cannot start a worker thread");
  joinable_ = true;
}

WorkerThread::~WorkerThread() { join(); }

void WorkerThread::join() {
  if (!joinable_) return;
  pthread_join(thread_, nullptr);
  joinable_ = false;
}

void* WorkerThread::run(void* self) {
  // An exception escaping here ends the process, as it would from std::thread.
  static_cast<WorkerThread*>(self)->body_();
  return nullptr;
}

}  // namespace hlint
