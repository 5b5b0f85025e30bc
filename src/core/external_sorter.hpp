// ExternalSorter: sorts more records than fit in a fixed memory budget, by
// writing sorted runs to a ScratchFile and merging them. For corpus checks,
// whose state would otherwise grow with the corpus. A failing file (no
// temporary directory, disk full) throws std::runtime_error, which the engine
// reports as internal/check-failed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/scratch_file.hpp"

namespace hlint {

// Sorts records (byte strings: a fixed-size struct, maybe followed by a
// string) by `Less`, a bool(std::string_view, std::string_view). add()
// collects them in memory; when they reach `memory_budget` bytes they are
// sorted and written to the scratch file as a run. for_each() merges the runs
// and visits every record in order, once: records that compare equal come in
// the order they were added. RAM stays about `memory_budget` whatever the
// number of records: at most kFanIn runs are merged at once (more are first
// merged into longer runs, appended to the file), each read through a
// buffer of memory_budget / kFanIn bytes.
template <typename Less>
class ExternalSorter {
 public:
  static constexpr std::size_t kFanIn = 128;
  static constexpr std::size_t kMaxReserve = std::size_t{64} << 20;

  ExternalSorter(Less less, std::size_t memory_budget, std::string what)
      : less_(std::move(less)), budget_(std::max<std::size_t>(memory_budget, 1)), file_(std::move(what)) {}

  void add(std::string_view record) {
    const std::size_t grown = buffer_.size() + sizeof(Length) + record.size() + (starts_.size() + 1) * sizeof(std::size_t);
    if (grown > budget_ && !starts_.empty()) spill();
    if (buffer_.capacity() == 0) buffer_.reserve(std::min(budget_, kMaxReserve));  // not doubled past the budget
    starts_.push_back(buffer_.size());
    append_record(buffer_, record);
  }

  // Calls visit(std::string_view record) for every record, in order.
  template <typename Visit>
  void for_each(Visit&& visit) {
    if (runs_.empty()) {  // everything fit in memory: no file
      sort_buffer();
      for (const std::size_t start : starts_) visit(record_at(buffer_, start));
      return;
    }
    spill();
    release(buffer_);
    release(starts_);
    while (runs_.size() > kFanIn) {  // merge groups of runs into longer runs, keeping their order
      std::vector<Run> merged;
      for (std::size_t first = 0; first < runs_.size(); first += kFanIn) {
        const std::size_t last = std::min(first + kFanIn, runs_.size());
        RunWriter out(file_);
        merge(first, last, [&](std::string_view record) { out.add(record); });
        merged.push_back(out.finish());
      }
      runs_ = std::move(merged);
    }
    merge(0, runs_.size(), visit);
  }

  // Bytes written to the scratch file so far.
  std::uint64_t file_bytes() const { return file_.size(); }
  std::size_t runs() const { return runs_.size(); }

 private:
  // In memory and in the file a record is its length (4 bytes) and its bytes.
  using Length = std::uint32_t;
  struct Run {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
  };

  static void append_record(std::string& out, std::string_view record) {
    const auto length = static_cast<Length>(record.size());
    out.append(reinterpret_cast<const char*>(&length), sizeof length);
    out.append(record);
  }
  static std::string_view record_at(std::string_view bytes, std::size_t start) {
    Length length;
    std::memcpy(&length, bytes.data() + start, sizeof length);
    return bytes.substr(start + sizeof length, length);
  }
  template <typename T>
  static void release(T& container) {
    T().swap(container);
  }

  void sort_buffer() {
    std::stable_sort(starts_.begin(), starts_.end(), [&](std::size_t a, std::size_t b) {
      return less_(record_at(buffer_, a), record_at(buffer_, b));
    });
  }

  // Writes a run through a buffer of a fixed size.
  class RunWriter {
   public:
    explicit RunWriter(ScratchFile& file) : file_(file) { run_.begin = run_.end = file.size(); }
    void add(std::string_view record) {
      append_record(chunk_, record);
      if (chunk_.size() >= kChunk) flush();
    }
    Run finish() {
      flush();
      return run_;
    }

   private:
    static constexpr std::size_t kChunk = 1 << 16;
    void flush() {
      if (chunk_.empty()) return;
      file_.append(chunk_);
      run_.end += chunk_.size();
      chunk_.clear();
    }
    ScratchFile& file_;
    std::string chunk_;
    Run run_;
  };

  // Reads a run's records in order through a buffer of `chunk` bytes (more
  // for a longer record).
  class RunReader {
   public:
    RunReader(ScratchFile& file, Run run, std::size_t chunk) : file_(file), next_(run.begin), end_(run.end), chunk_(chunk) {}
    // The next record, or false at the end of the run. The view lasts until
    // the next call.
    bool next() {
      if (!fill(sizeof(Length))) return false;
      Length length;
      std::memcpy(&length, bytes_.data() + pos_, sizeof length);
      pos_ += sizeof length;
      if (!fill(length)) throw std::runtime_error("truncated record in a temporary file");
      record_ = std::string_view(bytes_).substr(pos_, length);
      pos_ += length;
      return true;
    }
    std::string_view record() const { return record_; }

   private:
    // Makes `n` bytes available at pos_; false at the end of the run.
    bool fill(std::size_t n) {
      if (bytes_.size() - pos_ >= n) return true;
      bytes_.erase(0, pos_);
      pos_ = 0;
      const std::size_t want = std::max(n - bytes_.size(), chunk_);
      const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(want, end_ - next_));
      if (bytes_.size() + take < n) return false;
      const std::size_t old = bytes_.size();
      bytes_.resize(old + take);
      file_.read(next_, bytes_.data() + old, take);
      next_ += take;
      return true;
    }
    ScratchFile& file_;
    std::uint64_t next_;
    std::uint64_t end_;
    std::size_t chunk_;
    std::string bytes_;
    std::size_t pos_ = 0;
    std::string_view record_;
  };

  void spill() {
    if (starts_.empty()) return;
    sort_buffer();
    RunWriter out(file_);
    for (const std::size_t start : starts_) out.add(record_at(buffer_, start));
    runs_.push_back(out.finish());
    buffer_.clear();
    starts_.clear();
  }

  // Merges runs_[first, last) into visit(record); equal records come in run order.
  template <typename Visit>
  void merge(std::size_t first, std::size_t last, Visit&& visit) {
    const std::size_t chunk = std::max<std::size_t>(budget_ / kFanIn, 4096);
    std::vector<RunReader> readers;
    readers.reserve(last - first);
    std::vector<std::size_t> heap;  // of readers with a record, the smallest on top
    for (std::size_t i = first; i < last; ++i) {
      readers.emplace_back(file_, runs_[i], chunk);
      if (readers.back().next()) heap.push_back(readers.size() - 1);
    }
    // std::*_heap keep the largest on top: "after" is the heap's order.
    auto after = [&](std::size_t a, std::size_t b) {
      if (less_(readers[b].record(), readers[a].record())) return true;
      if (less_(readers[a].record(), readers[b].record())) return false;
      return a > b;
    };
    std::make_heap(heap.begin(), heap.end(), after);
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), after);
      const std::size_t top = heap.back();
      visit(readers[top].record());
      if (readers[top].next())
        std::push_heap(heap.begin(), heap.end(), after);
      else
        heap.pop_back();
    }
  }

  Less less_;
  std::size_t budget_;
  ScratchFile file_;
  std::string buffer_;              // records not yet in a run
  std::vector<std::size_t> starts_;  // where each starts in buffer_
  std::vector<Run> runs_;
};

}  // namespace hlint
