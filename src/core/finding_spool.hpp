// The findings of a run, in output order, kept out of memory: a run over a
// million documents makes millions of findings, and holding them all would
// make peak memory grow with the corpus. Findings are appended in order as
// files finish, spilled to an anonymous temporary file past a small buffer,
// and read back one at a time by the emitters (which may read several times).
//
// The records are hlint's own scratch format for this one process: written
// and read by this file only, never shown to users or other programs.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/scratch_file.hpp"

namespace hlint {

// The path of the last record written, which the next record leaves out when
// it is the same.
struct SpoolPath {
  bool known = false;
  std::string path;
};

// What the exit code and a report's run-level parts need to know of all the
// findings, counted as they are appended, so that no pass over the spool is
// made for them (on a large corpus each pass reads hundreds of MB back).
struct FindingTally {
  std::array<std::size_t, 3> by_severity{};  // indexed by Severity
  std::size_t check_failures = 0;            // findings of internal/check-failed
  std::size_t without_path = 0;              // findings of the run rather than of a file

  void add(const Finding& finding);
  void add(const FindingTally& other);
  bool any_at_least(Severity severity) const;
};

// The bytes a finding's record takes after a finding of `previous_path`
// (nullptr: first of its EncodedFindings), its rendered text left out (it
// goes among the batch's texts).
std::size_t encoded_size(const Finding& finding, const std::string* previous_path);

// Findings encoded for a spool away from it: a worker thread encodes its
// file's findings outside the lock that orders files, then the spool takes
// the bytes in one append.
class EncodedFindings {
 public:
  // Room for findings of these sizes (encoded_size() each), so the
  // bytes held take about what they hold: a string grown by doubling holds up
  // to twice its size, and a run holds many batches at once (waiting for
  // earlier files, and in the spool's buffer).
  // `record_bytes`: encoded_size() of each; `text_bytes`: their rendered texts.
  void reserve(std::size_t record_bytes, std::size_t text_bytes);
  void add(const Finding& finding);
  std::size_t size() const { return count_; }
  // The bytes of the records (with the batch's sizes) and of the texts, and
  // the room reserved for them.
  std::size_t encoded_bytes() const { return bytes_.size() + texts_.size(); }
  std::size_t capacity() const { return bytes_.capacity() + texts_.capacity(); }

 private:
  friend class FindingSpool;
  std::string bytes_;  // the batch's sizes, then its records
  std::string texts_;  // the records' rendered texts
  std::size_t count_ = 0;
  FindingTally tally_;
  SpoolPath last_path_;
};

// A finding as a report writer that copies the text rendered ahead sees it
// (FindingSpool::for_each_rendered): `path`, `rule` and `finding` are valid
// during the visit only; `rendered` until for_each_rendered's `release` is
// next called (or it returns).
struct SpooledFinding {
  std::string_view path;
  std::string_view rule;
  Severity severity = Severity::warning;
  std::string_view rendered;         // Finding::rendered; empty when nothing was rendered
  const Finding* finding = nullptr;  // the whole finding, set whenever `rendered` is empty
};

// A whole finding seen as a SpooledFinding (valid while `f` is).
inline SpooledFinding spooled(const Finding& f) {
  SpooledFinding s;
  s.path = f.path;
  s.rule = f.rule;
  s.severity = f.severity;
  s.rendered = f.rendered;
  s.finding = &f;
  return s;
}

class FindingSpool {
 public:
  // In-memory bytes kept before spilling to a temporary file.
  static constexpr std::size_t kDefaultMemoryLimit = std::size_t{4} << 20;

  explicit FindingSpool(std::size_t memory_limit = kDefaultMemoryLimit);
  FindingSpool(FindingSpool&&) noexcept;
  FindingSpool& operator=(FindingSpool&&) noexcept;

  void append(const Finding& finding);
  void append(const EncodedFindings& batch);
  void append(EncodedFindings&& batch);  // takes the batch's bytes; leaves it empty
  // Findings sorted by finding_less that for_each() merges into the appended
  // ones (which must be sorted too): the few findings of corpus checks, merged
  // when read instead of copying the whole spool. On equal keys the appended
  // finding comes first.
  void merge_in(std::vector<Finding> sorted);
  // Calls visit for every finding in order: appended ones, merged with those
  // given to merge_in().
  void for_each(const std::function<void(const Finding&)>& visit) const;
  // Like for_each(), for passes that only count or pick findings: only the
  // path, rule, severity, message and location of the appended findings are
  // read, and whether they have a fix and its applicability (their other
  // fields are left empty, fix_description set but empty), which skips most of each
  // record. Findings given to merge_in() are visited whole.
  void for_each_summary(const std::function<void(const Finding&)>& visit) const;
  // Like for_each(), for writing the text rendered ahead: the record's
  // rendered text is visited in place (a view into the read-back bytes, not
  // copied into a Finding), with its path, rule and severity. Its other
  // fields are read only when a merged finding must be compared with it; a
  // record with nothing rendered, and every merged finding, is visited whole.
  // `release`, when set, is called before the bytes the rendered texts
  // visited so far are in go away (a window of the file), so a writer may
  // hold on to the views until then rather than copy them.
  void for_each_rendered(const std::function<void(const SpooledFinding&)>& visit,
                         const std::function<void()>& release = {}) const;
  std::vector<Finding> to_vector() const;

  std::size_t size() const { return count_ + merged_.size(); }
  // Every finding appended or merged in, counted.
  const FindingTally& tally() const { return tally_; }
  bool empty() const { return size() == 0; }
  bool spilled() const { return file_.exists(); }

  // For appenders that serialise their append() calls with a lock of their
  // own (the linter's threads): append(EncodedFindings&&) then never writes
  // the file itself; the appender takes the pieces due for the file under its
  // lock (take_spill) and writes them after releasing it (write_spill), so
  // that the other threads go on committing files while megabytes are
  // written. Spills must be written in the order they were taken, one at a
  // time (the appender's second lock, taken before the first is released).
  struct Spill {
    std::vector<std::string> pieces;
  };
  void defer_spills() { defer_spills_ = true; }
  // The buffered pieces once they reach the memory limit, else nothing
  // (also when no temporary file can be made: the findings stay in memory).
  std::optional<Spill> take_spill();
  void write_spill(Spill spill);

 private:
  void spill();
  void visit_records(const std::function<void(const Finding&)>& visit, bool summary) const;

  std::size_t memory_limit_;
  // Batches not yet written to file_, in order, each as two pieces (its
  // sizes and records, its texts): EncodedFindings as they came (moved in,
  // not copied into one buffer), single findings encoded onto an open one.
  std::vector<std::string> buffered_;
  std::size_t buffered_bytes_ = 0;
  ScratchFile file_{"findings"};
  std::size_t count_ = 0;
  FindingTally tally_;
  SpoolPath last_path_;  // of the last record appended
  bool open_batch_ = false;  // the last two pieces of buffered_ take findings appended one by one
  bool defer_spills_ = false;
  std::vector<Finding> merged_;
};

// Keeps the findings for which keep() is true, in order.
FindingSpool filter(const FindingSpool& findings, const std::function<bool(const Finding&)>& keep);

}  // namespace hlint
