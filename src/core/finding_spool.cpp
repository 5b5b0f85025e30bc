#include "core/finding_spool.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

namespace hlint {

namespace {

// The spool holds batches (a file's findings, or one finding appended
// alone): a batch's size in two fixed four-byte numbers (of its records, of
// its texts), its records, then the rendered texts of its records one after
// the other. A record is its body's length (a fixed four bytes, patched in
// once the body is written) and the body: integers as LEB128 varints,
// strings as a varint length and the bytes; a record's rendered text is only
// its length there, the text being the next one in the batch's texts. The
// records of a batch are thus packed together, and a report writer that
// copies the texts rendered ahead reads the records and never the texts
// (for_each_rendered; with BlockWriter's writev the texts go from the spool's
// mapped pages to the report without being read here). Records are small so
// that a big run spills little to its temporary file: most numbers take one
// or two bytes, and a finding's path is written only when it differs from
// the previous record's (findings come grouped by file). The spool is read
// back by the process that wrote it, so the lengths are kept in the
// machine's own byte order.
using RecordLength = std::uint32_t;
constexpr std::size_t kBatchHead = 2 * sizeof(RecordLength);

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
  // The bytes of a string in place.
  std::string_view view() {
    const std::uint64_t n = number();
    need(n);
    const std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  void skip_str() { view(); }
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

void encode(const Finding& f, std::string& out, std::string& texts, SpoolPath& previous_path) {
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
  // The rendered text's length early, so that a report writer copying the
  // text reads only the fields before it (for_each_rendered).
  w.number(f.rendered.size());
  texts.append(f.rendered);
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
  const std::size_t length = out.size() - start - sizeof(RecordLength);
  if (length > std::numeric_limits<RecordLength>::max()) throw std::length_error("finding spool: finding too large");
  const auto stored = static_cast<RecordLength>(length);
  std::memcpy(out.data() + start, &stored, sizeof stored);
}

// Refills `f` (its strings keep their capacity from one finding to the next;
// its path is the previous record's unless this one names another). A
// summary stops after the location: the rest of the record is not read.
enum class Decode { whole, summary };

// The texts of a batch, taken in the order of its records.
class Texts {
 public:
  explicit Texts(std::string_view texts) : texts_(texts) {}
  std::string_view take(std::uint64_t n) {
    if (n > texts_.size() - pos_) throw std::runtime_error("finding spool: truncated record");
    const std::string_view text = texts_.substr(pos_, n);
    pos_ += n;
    return text;
  }
  bool done() const { return pos_ == texts_.size(); }

 private:
  std::string_view texts_;
  std::size_t pos_ = 0;
};

void decode(std::string_view record, Texts& texts, Finding& f, Decode depth) {
  RecordReader r(record);
  const std::uint64_t flags = r.number();
  if (!(flags & kSamePath)) r.str(f.path);
  r.str(f.rule);
  f.severity = static_cast<Severity>(r.number());
  const std::string_view rendered = texts.take(r.number());
  if (depth == Decode::whole) f.rendered.assign(rendered);
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
      open_batch_(std::exchange(other.open_batch_, false)),
      defer_spills_(std::exchange(other.defer_spills_, false)),
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
    open_batch_ = std::exchange(other.open_batch_, false);
    defer_spills_ = std::exchange(other.defer_spills_, false);
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

namespace {

std::size_t number_size(std::uint64_t v) {
  std::size_t bytes = 1;
  for (; v >= 0x80; v >>= 7) ++bytes;
  return bytes;
}
std::size_t str_size(std::string_view s) { return number_size(s.size()) + s.size(); }
std::size_t position_size(const Position& p) {
  return number_size(p.line) + number_size(p.column) + number_size(p.utf16_column) + number_size(p.byte_column);
}
std::size_t location_size(const Location& l) {
  return position_size(l.start) + position_size(l.end) + number_size(l.byte_offset) + number_size(l.byte_end);
}

}  // namespace

std::size_t encoded_size(const Finding& f, const std::string* previous_path) {
  // What encode() writes of the record, field by field (the flags take one
  // byte); the rendered text goes to the batch's texts.
  std::size_t bytes = sizeof(RecordLength) + 1;
  if (!previous_path || *previous_path != f.path) bytes += str_size(f.path);
  bytes += str_size(f.rule) + number_size(static_cast<std::uint64_t>(f.severity)) + number_size(f.rendered.size()) +
           str_size(f.message) + location_size(f.location) + str_size(f.source_line) +
           number_size(f.source_line_offset) + str_size(f.fingerprint);
  if (f.fix_description) bytes += str_size(*f.fix_description);
  bytes += number_size(f.fix_edits.size());
  for (const ResolvedEdit& edit : f.fix_edits) bytes += location_size(edit.location) + str_size(edit.replacement);
  return bytes;
}

void EncodedFindings::reserve(std::size_t record_bytes, std::size_t text_bytes) {
  bytes_.reserve((bytes_.empty() ? kBatchHead : bytes_.size()) + record_bytes);
  texts_.reserve(texts_.size() + text_bytes);
}

void EncodedFindings::add(const Finding& finding) {
  if (bytes_.empty()) bytes_.append(kBatchHead, '\0');  // the batch's sizes, written when it is appended
  encode(finding, bytes_, texts_, last_path_);
  tally_.add(finding);
  ++count_;
}

void FindingSpool::append(const Finding& finding) {
  // Findings appended one by one go to a batch of their own, open until a
  // batch of EncodedFindings or the spill comes (or it grows past 1 GiB).
  constexpr std::size_t kOpenBatchLimit = std::size_t{1} << 30;
  if (!open_batch_ || buffered_[buffered_.size() - 2].size() > kOpenBatchLimit ||
      buffered_.back().size() > kOpenBatchLimit) {
    buffered_.emplace_back(kBatchHead, '\0');
    buffered_.emplace_back();
    buffered_bytes_ += kBatchHead;
    open_batch_ = true;
  }
  std::string& records = buffered_[buffered_.size() - 2];
  std::string& texts = buffered_.back();
  const std::size_t before = records.size() + texts.size();
  encode(finding, records, texts, last_path_);
  const RecordLength sizes[2] = {static_cast<RecordLength>(records.size() - kBatchHead),
                                 static_cast<RecordLength>(texts.size())};
  std::memcpy(records.data(), sizes, sizeof sizes);
  buffered_bytes_ += records.size() + texts.size() - before;
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
  const std::size_t record_bytes = batch.bytes_.size() - kBatchHead;
  if (record_bytes > std::numeric_limits<RecordLength>::max() ||
      batch.texts_.size() > std::numeric_limits<RecordLength>::max())
    throw std::length_error("finding spool: a file's findings too large");
  const RecordLength sizes[2] = {static_cast<RecordLength>(record_bytes), static_cast<RecordLength>(batch.texts_.size())};
  std::memcpy(batch.bytes_.data(), sizes, sizeof sizes);
  buffered_bytes_ += batch.bytes_.size() + batch.texts_.size();
  // Two pieces, the records (after the sizes) and the texts: in the file one after the other.
  buffered_.push_back(std::move(batch.bytes_));
  buffered_.push_back(std::move(batch.texts_));
  batch.count_ = 0;
  batch.bytes_.clear();
  batch.texts_.clear();
  open_batch_ = false;
  if (buffered_bytes_ >= memory_limit_ && !defer_spills_) spill();
}

std::optional<FindingSpool::Spill> FindingSpool::take_spill() {
  if (buffered_bytes_ < memory_limit_) return std::nullopt;
  // No temporary directory: stay in memory rather than lose findings.
  if (!file_.create()) {
    memory_limit_ = static_cast<std::size_t>(-1);
    return std::nullopt;
  }
  Spill spill{std::move(buffered_)};
  buffered_.clear();
  open_batch_ = false;
  buffered_bytes_ = 0;
  return spill;
}

void FindingSpool::write_spill(Spill spill) {
  for (const std::string& piece : spill.pieces) file_.append(piece);
}

void FindingSpool::spill() {
  // No temporary directory: stay in memory rather than lose findings.
  if (!file_.create()) {
    memory_limit_ = static_cast<std::size_t>(-1);
    return;
  }
  for (const std::string& piece : buffered_) file_.append(piece);
  buffered_.clear();
  open_batch_ = false;
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

namespace {

// Calls on_record(body, texts) for each record of a batch, in order.
template <class OnRecord>
void visit_batch(std::string_view records, std::string_view texts, OnRecord& on_record) {
  Texts cursor(texts);
  std::size_t pos = 0;
  while (pos < records.size()) {
    if (records.size() - pos < sizeof(RecordLength)) throw std::runtime_error("finding spool: truncated record");
    const std::size_t length = read_length(records.substr(pos));
    pos += sizeof(RecordLength);
    if (records.size() - pos < length) throw std::runtime_error("finding spool: truncated record");
    on_record(records.substr(pos, length), cursor);
    pos += length;
  }
  if (!cursor.done()) throw std::runtime_error("finding spool: truncated record");
}

// Calls on_record for the records of every whole batch of `bytes`; returns
// the bytes of those batches.
template <class OnRecord>
std::size_t visit_whole_batches(std::string_view bytes, OnRecord& on_record) {
  std::size_t pos = 0;
  while (bytes.size() - pos >= kBatchHead) {
    RecordLength sizes[2];
    std::memcpy(sizes, bytes.data() + pos, sizeof sizes);
    const std::size_t records = sizes[0];
    const std::size_t texts = sizes[1];
    if (bytes.size() - pos - kBatchHead < records + texts) break;
    const std::size_t next = pos + kBatchHead + records + texts;
    // The records are read, one after the other (the processor's prefetcher
    // follows them); the next batch's first ones are asked for now, as they
    // lie past the texts, which may never be read here.
    for (std::size_t at = next; at < std::min(next + 1024, bytes.size()); at += 64) __builtin_prefetch(bytes.data() + at);
    visit_batch(bytes.substr(pos + kBatchHead, records), bytes.substr(pos + kBatchHead + records, texts), on_record);
    pos = next;
  }
  return pos;
}

// Calls on_record(body, texts) for every record of the spool's file, then of
// its buffered batches; `body` is valid during the call only, the texts'
// bytes until `release` is called (before they go away) or the end.
template <class OnRecord, class Release>
void visit_bodies(const ScratchFile& file, const std::vector<std::string>& buffered, OnRecord&& on_record,
                  Release&& release) {
  if (file.exists()) {
    // The file is read through a window of its pages mapped in place (read()
    // copied every byte into a buffer first), a window at a time so that
    // memory stays flat; the next window starts at the first batch the last
    // did not hold whole. Where the system maps nothing, it is read instead.
    constexpr std::size_t kWindow = std::size_t{256} << 10;
    ScratchFile::Mapping mapping;
    std::vector<char> buffer;
    std::size_t window = kWindow;
    for (std::uint64_t offset = 0; offset < file.size();) {
      const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(window, file.size() - offset));
      if (offset != 0) release();
      std::string_view bytes;
      if (file.map(offset, size, mapping)) {
        bytes = mapping.bytes();
      } else {
        buffer.resize(size);
        file.read(offset, buffer.data(), size);
        bytes = std::string_view(buffer.data(), size);
      }
      const std::size_t used = visit_whole_batches(bytes, on_record);
      if (used == 0) {
        // One batch longer than the window: a wider one.
        if (size == file.size() - offset) throw std::runtime_error("finding spool: truncated record");
        window *= 2;
        continue;
      }
      offset += used;
      window = kWindow;
    }
    release();
  }
  // In memory, each batch is two pieces: its sizes and records, its texts.
  for (std::size_t i = 0; i + 1 < buffered.size(); i += 2) {
    const std::string& records = buffered[i];
    if (records.size() < kBatchHead) throw std::runtime_error("finding spool: truncated record");
    visit_batch(std::string_view(records).substr(kBatchHead), buffered[i + 1], on_record);
  }
}

// What finding_less compares, read in place from a record.
struct RecordKey {
  std::string_view rule;
  std::string_view message;
  std::uint32_t start_line = 0, start_column = 0, end_line = 0, end_column = 0;
};

// finding_less(a, b) for b a record on the path `path` equal to a's: the rest
// of the same comparison (path, start line, start column, rule, end line, end
// column, message).
bool less_than_record(const Finding& a, const RecordKey& b) {
  if (a.location.start.line != b.start_line) return a.location.start.line < b.start_line;
  if (a.location.start.column != b.start_column) return a.location.start.column < b.start_column;
  if (const int c = std::string_view(a.rule).compare(b.rule); c != 0) return c < 0;
  if (a.location.end.line != b.end_line) return a.location.end.line < b.end_line;
  if (a.location.end.column != b.end_column) return a.location.end.column < b.end_column;
  return std::string_view(a.message) < b.message;
}

}  // namespace

void FindingSpool::visit_records(const std::function<void(const Finding&)>& visit, bool summary) const {
  Finding finding;
  auto pending = merged_.begin();
  const Decode depth = summary ? Decode::summary : Decode::whole;
  visit_bodies(
      file_, buffered_,
      [&](std::string_view record, Texts& texts) {
        decode(record, texts, finding, depth);
        while (pending != merged_.end() && finding_less(*pending, finding)) visit(*pending++);
        visit(finding);
      },
      [] {});
  for (; pending != merged_.end(); ++pending) visit(*pending);
}

void FindingSpool::for_each_rendered(const std::function<void(const SpooledFinding&)>& visit,
                                     const std::function<void()>& release) const {
  auto pending = merged_.begin();
  auto visit_whole = [&](const Finding& f) { visit(spooled(f)); };
  std::string path;  // the path of the last record (records leave it out while it stays the same)
  // How the next merged finding's path compares with `path`, worked out again
  // when either changes: findings of other files need no other field read.
  int pending_vs_path = 0;
  bool compared = false;
  Finding whole;  // a record with nothing rendered, decoded
  auto on_record = [&](std::string_view record, Texts& texts) {
    const Texts texts_before = texts;
    RecordReader r(record);
    const std::uint64_t flags = r.number();
    if (!(flags & kSamePath)) {
      const std::string_view named = r.view();
      if (named != path) {
        path.assign(named);
        compared = false;
      }
    }
    SpooledFinding s;
    s.rule = r.view();
    s.severity = static_cast<Severity>(r.number());
    s.rendered = texts.take(r.number());
    s.path = path;
    if (pending != merged_.end()) {
      bool key_read = false;
      RecordKey key;
      for (;;) {
        if (!compared) {
          pending_vs_path = std::string_view(pending->path).compare(path);
          compared = true;
        }
        if (pending_vs_path > 0) break;
        if (pending_vs_path == 0) {
          if (!key_read) {
            RecordReader rest = r;
            key.rule = s.rule;
            key.message = rest.view();
            const Location location = rest.location();
            key.start_line = location.start.line;
            key.start_column = location.start.column;
            key.end_line = location.end.line;
            key.end_column = location.end.column;
            key_read = true;
          }
          if (!less_than_record(*pending, key)) break;
        }
        visit_whole(*pending++);
        compared = false;
        if (pending == merged_.end()) break;
      }
    }
    if (s.rendered.empty()) {
      whole.path = path;
      Texts again = texts_before;
      decode(record, again, whole, Decode::whole);
      s.finding = &whole;
    }
    visit(s);
  };
  visit_bodies(file_, buffered_, on_record, [&] {
    if (release) release();
  });
  for (; pending != merged_.end(); ++pending) visit_whole(*pending);
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
