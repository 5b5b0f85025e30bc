// The one diagnostic model every check writes and every emitter reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/line_index.hpp"

namespace hlint {

enum class Severity { info = 0, warning = 1, error = 2 };

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

// A half-open range of byte offsets into Document::text().
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const { return begin == end; }
};

struct Edit {
  Span span;
  std::string replacement;
};

// Whether applying a fix keeps what the author meant. Safe fixes restore what
// was written (evasion letters and dots, invisible characters, mojibake):
// `--fix` applies them. Unsafe ones remove or rewrite content (a doubled
// title, an empty element): only with `--unsafe-fixes`.
enum class Applicability { safe = 0, unsafe = 1 };

std::string_view to_string(Applicability applicability);

struct Fix {
  std::string description;  // "replace `Z主要` with `最主要`"
  std::vector<Edit> edits;
  // This one fix's applicability when it is stricter than its rule's: a
  // mojibake repair that guesses lost bytes is unsafe where the rule's exact
  // repairs are safe. The linter keeps the stricter of the two.
  std::optional<Applicability> applicability = std::nullopt;
};

// What a check reports, in offsets of the document it is looking at.
struct Diagnostic {
  // The rule's id, viewed: it is its RuleDefinition's (the registry outlives
  // every document's diagnostics) or a string literal. A copy per diagnostic
  // was a heap allocation each, and the finding copies it once anyway.
  std::string_view rule;
  Severity severity = Severity::warning;
  std::string message;
  Span span;
  std::optional<Fix> fix;
  // The fix's applicability: its rule's (RuleDefinition::fix), or the fix's
  // own (Fix::applicability) when that is stricter, filled in by the linter.
  Applicability fix_applicability = Applicability::unsafe;
};

// A resolved place in a file: what emitters print. Computed from offsets with
// the document's LineIndex, once, when the document's findings are finalised.
struct Location {
  Position start;
  Position end;  // exclusive
  std::size_t byte_offset = 0;      // in the original file
  std::size_t byte_end = 0;         // in the original file
};

struct ResolvedEdit {
  Location location;
  std::string replacement;
};

// A finding ready to be emitted: the diagnostic, its file and resolved span,
// the source line for display and a content-based fingerprint.
struct Finding {
  std::string path;  // as given/walked, '/'-separated
  std::string rule;
  Severity severity = Severity::warning;
  std::string message;
  Location location;
  bool has_location = true;       // false for whole-file errors (unreadable file)
  std::string source_line;        // the start line (decoded), or a window of a long line
  std::size_t source_line_offset = 0;  // bytes of the line cut before the window
  bool source_line_cut = false;        // the window ends before the line does
  std::string fingerprint;        // stable when unrelated lines move
  std::optional<std::string> fix_description;
  std::vector<ResolvedEdit> fix_edits;
  Applicability fix_applicability = Applicability::unsafe;  // when fix_description is set
  // The finding as the run's output format writes it, when the linter rendered
  // it on its worker threads (see FindingRenderer); empty otherwise.
  std::string rendered;
  // What the finding's document is (DocumentKind, docs/document-kind.md), for
  // the JSON output: bit 0 health information, bit 1 advertisement; -1 when
  // unknown (whole-file findings, findings read back from a spool).
  std::int8_t document_kind = -1;
};

// Keeps at most a window of a long line around [begin, end) (byte offsets in
// the line), so a finding on a 9 MB single-line page does not copy the page.
struct LineWindow {
  std::string text;
  std::size_t offset = 0;
  bool cut = false;
};
LineWindow line_window(std::string_view line, std::size_t begin, std::size_t end);
// The same window viewed in `line`: for a fingerprint alone (most output
// formats show no source line), no copy is made.
struct LineWindowView {
  std::string_view text;
  std::size_t offset = 0;
  bool cut = false;
};
LineWindowView line_window_view(std::string_view line, std::size_t begin, std::size_t end);

// Total order used for deterministic output: path, line, column, rule, message.
bool finding_less(const Finding& a, const Finding& b);

// 64-bit FNV-1a, chainable: fnv1a(b, fnv1a(a)) hashes a then b. The default
// start value is one digit short of FNV's offset basis (14695981039346656037),
// a slip in hlint's first version. It stays: fingerprints in users' baselines
// and in code scanning's SARIF history were made with it. The hash is as good.
std::uint64_t fnv1a(std::string_view data, std::uint64_t hash = 1469598103934665603ULL);

// Content-based fingerprint of a finding: rule, path, the span's text and its
// line's text, so it survives unrelated lines moving.
std::string fingerprint(std::string_view rule, std::string_view path, std::string_view excerpt,
                        std::string_view line_text, std::size_t occurrence);

// What a fingerprint is made of (the arguments of fingerprint()).
struct FingerprintKey {
  std::string_view rule, path, excerpt, line_text;
  std::size_t occurrence = 0;
};

// fingerprint() of each key, written to out[i]. FNV-1a is one chain of
// multiplications a byte (about four cycles each): several keys are hashed
// side by side so that their multiplications overlap.
void fingerprints(const std::vector<FingerprintKey>& keys, std::vector<std::string>& out);

// A finding about a whole file (unreadable, binary, empty): no span.
Finding whole_file_finding(const std::string& path, std::string rule, Severity severity, std::string message);

}  // namespace hlint
