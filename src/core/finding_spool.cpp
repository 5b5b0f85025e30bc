#include "core/finding_spool.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

namespace hlint {

namespace {

// A record is its body's length (a fixed four bytes, patched in once the body
// is written) and the body: integers as LEB128 varints, strings as a varint
// length and the bytes. Records are small so that a big run spills little to
// its temporary file: most numbers take one or two bytes, and a finding's
// path is written only when it differs from the previous record's (findings
// come grouped by file). The spool is read back by the process that wrote
// it, so the length is kept in the machine's own byte order.
using RecordLength = std::uint32_t;

// Bits of a record's flags.
enum RecordFlag : std::uint64_t {
  kSamePath = 1,  // no path written: it is the previous record's
  kHasLocation = 2,
  kSourceLineCut = 4,
  kHasFix = 8,
  kUnsafeFix = 16,
};

class RecordWriter {
 public:
  explicit RecordWriter(std::string& out) : out_(out) {}
  void number(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(0x80 | (v & 0x7F)));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void str(std::string_view s) {
    number(s.size());
    out_.append(s);
  }
  void position(const Position& p) {
    number(p.line);
    number(p.column);
    number(p.utf16_column);
    number(p.byte_column);
  }
  void location(const Location& l) {
    position(l.start);
    position(l.end);
    number(l.byte_offset);
    number(l.byte_end);
  }

 private:
  std::string& out_;
};

class RecordReader {
 public:
  explicit RecordReader(std::string_view in) : in_(in) {}
  std::uint64_t number() {
    std::uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      need(1);
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      if (shift > 63) throw std::runtime_error("finding spool: bad number");
      v |= std::uint64_t{byte & 0x7Fu} << shift;
      if (byte < 0x80) return v;
    }
  }
  std::uint32_t u32() { return static_cast<std::uint32_t>(number()); }
  // Into an existing string: a reader refilling one Finding reuses its buffers.
  void str(std::string& into) {
    const std::uint64_t n = number();
    need(n);
    into.assign(in_.data() + pos_, n);
    pos_ += n;
  }
  Position position() {
    Position p;
    p.line = u32();
    p.column = u32();
    p.utf16_column = u32();
    p.byte_column = u32();
    return p;
  }
  Location location() {
    Location l;
    l.start = position();
    l.end = position();
    l.byte_offset = number();
    l.byte_end = number();
    return l;
  }

 private:
  void need(std::uint64_t n) const {
    if (n > in_.size() - pos_) throw std::runtime_error("finding spool: truncated record");
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

void encode(const Finding& f, std::string& out, SpoolPath& previous_path) {
  const std::size_t start = out.size();
  out.append(sizeof(RecordLength), '\0');  // the length, patched below
  RecordWriter w(out);
  const bool same_path = previous_path.known && previous_path.path == f.path;
  std::uint64_t flags = 0;
  if (same_path) flags |= kSamePath;
  if (f.has_location) flags |= kHasLocation;
  if (f.source_line_cut) flags |= kSourceLineCut;
  if (f.fix_description) flags |= kHasFix;
  if (f.fix_description && f.fix_applicability == Applicability::unsafe) flags |= kUnsafeFix;
  w.number(flags);
  if (!same_path) {
    w.str(f.path);
    previous_path.known = true;
    previous_path.path = f.path;
  }
  w.str(f.rule);
  w.number(static_cast<std::uint64_t>(f.severity));
  w.str(f.message);
  w.location(f.location);
  w.str(f.source_line);
  w.number(f.source_line_offset);
  w.str(f.fingerprint);
  if (f.fix_description) w.str(*f.fix_description);
  w.number(f.fix_edits.size());
  for (const ResolvedEdit& edit : f.fix_edits) {
    w.location(edit.location);
    w.str(edit.replacement);
  }
  w.str(f.rendered);
  const std::size_t length = out.size() - start - sizeof(RecordLength);
  if (length > std::numeric_limits<RecordLength>::max()) throw std::length_error("finding spool: finding too large");
  const auto stored = static_cast<RecordLength>(length);
  std::memcpy(out.data() + start, &stored, sizeof stored);
}

// Refills `f` (its strings keep their capacity from one finding to the next;
// its path is the previous record's unless this one names another). A
// summary stops after the location: the rest of the record is not read.
enum class Decode { whole, summary };
void decode(std::string_view record, Finding& f, Decode depth) {
  RecordReader r(record);
  const std::uint64_t flags = r.number();
  if (!(flags & kSamePath)) r.str(f.path);
  r.str(f.rule);
  f.severity = static_cast<Severity>(r.number());
  r.str(f.message);
  f.location = r.location();
  f.has_location = (flags & kHasLocation) != 0;
  f.fix_applicability = (flags & kUnsafeFix) ? Applicability::unsafe : Applicability::safe;
  if (depth == Decode::summary) {
    // Whether it has a fix, not the fix itself (counting fixable findings).
    if (!(flags & kHasFix)) f.fix_description.reset();
    else if (!f.fix_description) f.fix_description.emplace();
    return;
  }
  r.str(f.source_line);
  f.source_line_offset = r.number();
  f.source_line_cut = (flags & kSourceLineCut) != 0;
  r.str(f.fingerprint);
  if (flags & kHasFix) {
    if (!f.fix_description) f.fix_description.emplace();
    r.str(*f.fix_description);  // into the last record's buffer, like the other strings
  } else {
    f.fix_description.reset();
  }
  const std::uint64_t edits = r.number();
  f.fix_edits.resize(edits);
  for (ResolvedEdit& edit : f.fix_edits) {
    edit.location = r.location();
    r.str(edit.replacement);
  }
  r.str(f.rendered);
}

RecordLength read_length(std::string_view bytes) {
  RecordLength length;
  std::memcpy(&length, bytes.data(), sizeof length);
  return length;
}

}  // namespace

FindingSpool::FindingSpool(std::size_t memory_limit) : memory_limit_(memory_limit) {}

FindingSpool::FindingSpool(FindingSpool&& other) noexcept
    : memory_limit_(other.memory_limit_),
      buffered_(std::move(other.buffered_)),
      buffered_bytes_(std::exchange(other.buffered_bytes_, 0)),
      file_(std::move(other.file_)),
      count_(std::exchange(other.count_, 0)),
      tally_(std::exchange(other.tally_, {})),
      last_path_(std::exchange(other.last_path_, {})),
      merged_(std::move(other.merged_)) {}

FindingSpool& FindingSpool::operator=(FindingSpool&& other) noexcept {
  if (this != &other) {
    memory_limit_ = other.memory_limit_;
    buffered_ = std::move(other.buffered_);
    buffered_bytes_ = std::exchange(other.buffered_bytes_, 0);
    file_ = std::move(other.file_);
    count_ = std::exchange(other.count_, 0);
    tally_ = std::exchange(other.tally_, {});
    last_path_ = std::exchange(other.last_path_, {});
    merged_ = std::move(other.merged_);
  }
  return *this;
}

void FindingTally::add(const Finding& finding) {
  ++by_severity[static_cast<std::size_t>(finding.severity)];
  if (finding.rule == "internal/check-failed") ++check_failures;
  if (finding.path.empty()) ++without_path;
}

void FindingTally::add(const FindingTally& other) {
  for (std::size_t i = 0; i < by_severity.size(); ++i) by_severity[i] += other.by_severity[i];
  check_failures += other.check_failures;
  without_path += other.without_path;
}

bool FindingTally::any_at_least(Severity severity) const {
  for (std::size_t i = static_cast<std::size_t>(severity); i < by_severity.size(); ++i)
    if (by_severity[i] > 0) return true;
  return false;
}

void EncodedFindings::add(const Finding& finding) {
  encode(finding, bytes_, last_path_);
  tally_.add(finding);
  ++count_;
}

void FindingSpool::append(const Finding& finding) {
  if (buffered_.empty()) buffered_.emplace_back();
  std::string& last = buffered_.back();
  const std::size_t before = last.size();
  encode(finding, last, last_path_);
  buffered_bytes_ += last.size() - before;
  tally_.add(finding);
  ++count_;
  if (buffered_bytes_ >= memory_limit_) spill();
}

void FindingSpool::append(const EncodedFindings& batch) { append(EncodedFindings(batch)); }

void FindingSpool::append(EncodedFindings&& batch) {
  if (batch.count_ == 0) return;
  count_ += batch.count_;
  tally_.add(batch.tally_);
  batch.tally_ = {};
  // The batch's records name their first path, and the next record appended
  // here compares with the batch's last.
  last_path_ = std::move(batch.last_path_);
  buffered_bytes_ += batch.bytes_.size();
  buffered_.push_back(std::move(batch.bytes_));
  batch.count_ = 0;
  batch.bytes_.clear();
  if (buffered_bytes_ >= memory_limit_) spill();
}

void FindingSpool::spill() {
  // No temporary directory: stay in memory rather than lose findings.
  if (!file_.create()) {
    memory_limit_ = static_cast<std::size_t>(-1);
    return;
  }
  for (const std::string& piece : buffered_) file_.append(piece);
  buffered_.clear();
  buffered_bytes_ = 0;
}

void FindingSpool::merge_in(std::vector<Finding> sorted) {
  for (const Finding& f : sorted) tally_.add(f);
  if (merged_.empty()) {
    merged_ = std::move(sorted);
    return;
  }
  const auto middle = static_cast<std::ptrdiff_t>(merged_.size());
  for (Finding& f : sorted) merged_.push_back(std::move(f));
  std::inplace_merge(merged_.begin(), merged_.begin() + middle, merged_.end(), finding_less);
}

void FindingSpool::for_each(const std::function<void(const Finding&)>& visit) const {
  visit_records(visit, /*summary=*/false);
}

void FindingSpool::for_each_summary(const std::function<void(const Finding&)>& visit) const {
  visit_records(visit, /*summary=*/true);
}

void FindingSpool::visit_records(const std::function<void(const Finding&)>& visit, bool summary) const {
  Finding finding;
  auto pending = merged_.begin();
  const Decode depth = summary ? Decode::summary : Decode::whole;
  auto decode_and_visit = [&](std::string_view record) {
    decode(record, finding, depth);
    while (pending != merged_.end() && finding_less(*pending, finding)) visit(*pending++);
    visit(finding);
  };
  auto visit_all = [&](std::string_view bytes) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
      if (bytes.size() - pos < sizeof(RecordLength)) throw std::runtime_error("finding spool: truncated record");
      const std::size_t length = read_length(bytes.substr(pos));
      pos += sizeof(RecordLength);
      if (length > bytes.size() - pos) throw std::runtime_error("finding spool: truncated record");
      decode_and_visit(bytes.substr(pos, length));
      pos += length;
    }
  };
  if (file_.exists()) {
    // Read back in blocks straight into one buffer, whole records visited in
    // place; the part of a record cut by the block's end moves to the front.
    std::vector<char> buffer(std::size_t{1} << 20);
    std::size_t filled = 0;
    for (std::uint64_t offset = 0; offset < file_.size();) {
      if (filled == buffer.size()) buffer.resize(2 * buffer.size());  // one record longer than the buffer
      const auto got = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size() - filled, file_.size() - offset));
      file_.read(offset, buffer.data() + filled, got);
      offset += got;
      filled += got;
      const std::string_view bytes(buffer.data(), filled);
      std::size_t pos = 0;
      while (filled - pos >= sizeof(RecordLength)) {
        const std::size_t length = read_length(bytes.substr(pos));
        if (filled - pos - sizeof(RecordLength) < length) break;
        decode_and_visit(bytes.substr(pos + sizeof(RecordLength), length));
        pos += sizeof(RecordLength) + length;
      }
      std::memmove(buffer.data(), buffer.data() + pos, filled - pos);
      filled -= pos;
    }
    if (filled != 0) throw std::runtime_error("finding spool: truncated record");
  }
  for (const std::string& piece : buffered_) visit_all(piece);
  for (; pending != merged_.end(); ++pending) visit(*pending);
}

std::vector<Finding> FindingSpool::to_vector() const {
  std::vector<Finding> out;
  out.reserve(count_);
  for_each([&](const Finding& f) { out.push_back(f); });
  return out;
}

FindingSpool filter(const FindingSpool& findings, const std::function<bool(const Finding&)>& keep) {
  FindingSpool out;
  findings.for_each([&](const Finding& f) {
    if (keep(f)) out.append(f);
  });
  return out;
}

}  // namespace hlint
