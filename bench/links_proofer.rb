# html-proofer (Debian: ruby-html-proofer) over the benchmark corpus that
# bench/links_bench.sh writes: only its image check, its default concurrency
# of 50 unless told otherwise, the request timeout of the hlint run, host
# names pinned to the benchmark server as hlint's run pins them.
#
# Usage: ruby links_proofer.rb CORPUS_DIR TIMEOUT_S CONCURRENCY [host:port:address]...
# Prints one line of key=value numbers: seconds (the whole run: reading and
# parsing the documents, then the link checks), external_seconds (the link
# checks alone), urls, failures (one per document and broken URL, as
# html-proofer counts them) and the failing URLs by response code.
require 'html-proofer'

dir, timeout, concurrency, *resolve = ARGV

# Times html-proofer's own link-checking phase.
module TimedValidator
  def run
    began = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    result = super
    $external_seconds = Process.clock_gettime(Process::CLOCK_MONOTONIC) - began
    $checked_urls = @external_urls.length
    result
  end
end
HTMLProofer::UrlValidator.prepend(TimedValidator)

# CURLOPT_RESOLVE takes a curl_slist, which Ethon passes through as a pointer.
pins = resolve.inject(FFI::Pointer::NULL) { |list, entry| Ethon::Curl.slist_append(list, entry) }
typhoeus = { timeout: Float(timeout) }
typhoeus[:resolve] = pins unless resolve.empty?
options = {
  checks_to_ignore: %w[LinkCheck ScriptCheck],
  typhoeus: typhoeus,
  hydra: { max_concurrency: Integer(concurrency) },
  log_level: :fatal
}
began = Process.clock_gettime(Process::CLOCK_MONOTONIC)
proofer = HTMLProofer.check_directory(dir, options)
begin
  proofer.run
rescue SystemExit
  # html-proofer exits 1 when it found failures; they are counted below.
end
seconds = Process.clock_gettime(Process::CLOCK_MONOTONIC) - began

by_code = Hash.new { |hash, key| hash[key] = {} }
proofer.failures.each do |issue|
  url = issue.desc[/External link (\S+) failed/, 1] || issue.desc
  by_code[issue.status.to_s][url] = true
end
codes = by_code.keys.sort.map { |code| "#{code}:#{by_code[code].length}" }.join(',')
puts format('seconds=%.3f external_seconds=%.3f urls=%d failures=%d failing_urls_by_code=%s',
            seconds, $external_seconds || 0, $checked_urls || 0, proofer.failures.length, codes)
