// tagwire-bench-engine: the engine's speed on a folder of HTML pages, stage by
// stage, beside the bare HTML parser as the ceiling.
//
//   tagwire-bench-engine DIR [--rounds N] [--warmup N] [--min-seconds S] [--clock wall|cpu]
//
// All *.html files of DIR are read into memory first; then, on the calling
// thread only, each round runs the engine's four stages over every page —
// parse (HtmlDocument::parse, plus freeing the tree), extract
// (extract_article), tag (analyze_text), rank (rank_candidates) — and a
// parser-only pass (parse + free) over the same pages. Engine and parser
// rounds alternate, so a machine whose load changes during the run shifts both
// alike. Every stage is timed with the monotonic clock and with the thread's
// CPU clock (CLOCK_THREAD_CPUTIME_ID): on a loaded machine the CPU figures show
// the work itself, the wall figures include waiting for a core.
//
// The last line is exactly `engine_pages_per_s=N parser_pages_per_s=N
// ratio=R`, from the clock chosen by --clock (wall by default).
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "tagwire/common/flags.h"
#include "tagwire/common/result.h"
#include "tagwire/engine/extractor.h"
#include "tagwire/engine/html_document.h"
#include "tagwire/engine/lexicon.h"
#include "tagwire/engine/tagger.h"

namespace {

namespace eng = tagwire::engine;

struct BenchConfig {
  int rounds = 0;            // 0: as many as --min-seconds needs
  int warmup = 1;            // untimed rounds first (caches, allocator, page faults)
  double min_seconds = 3.0;  // engine wall time to reach when rounds is 0
  std::string clock = "wall";
  std::size_t limit = 10;    // inferred tags asked of the ranker, as the service does
};

struct Page {
  std::string name;
  std::string bytes;
};

// Nanoseconds on the monotonic clock and on this thread's CPU clock.
struct Instant {
  int64_t wall_ns = 0;
  int64_t cpu_ns = 0;
};

int64_t clock_ns(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Instant now() { return Instant{clock_ns(CLOCK_MONOTONIC), clock_ns(CLOCK_THREAD_CPUTIME_ID)}; }

// A span's length on both clocks.
struct Span {
  int64_t wall_ns = 0;
  int64_t cpu_ns = 0;
  Span& operator+=(const Span& o) {
    wall_ns += o.wall_ns;
    cpu_ns += o.cpu_ns;
    return *this;
  }
};

Span between(const Instant& a, const Instant& b) { return Span{b.wall_ns - a.wall_ns, b.cpu_ns - a.cpu_ns}; }

enum Stage { kParse, kExtract, kTag, kRank, kStageCount };
constexpr std::array<const char*, kStageCount> kStageNames{"parse", "extract", "tag", "rank"};

// Everything the timed loops accumulate. The checksum fields consume the
// engine's results so the compiler cannot drop the work; they are printed.
struct Totals {
  std::array<Span, kStageCount> stage{};
  std::vector<Span> engine_page;  // per page and round: the four stages
  Span parser{};
  std::vector<Span> parser_page;
  int rounds = 0;
  uint64_t tag_count = 0;
  uint64_t token_count = 0;
  uint64_t body_bytes = 0;
  double score_sum = 0.0;
  uint64_t parser_checksum = 0;
};

// "cannot read PATH: <the system's reason>", from errno as the failed call left it.
std::string cannot_read(const std::filesystem::path& path, int error) {
  return "cannot read " + path.string() + ": " + (error != 0 ? std::strerror(error) : "unknown error");
}

// The file's bytes, or why they could not be read. A failed open only sets
// failbit, and reading from such a stream yields nothing without setting
// badbit, so the open is checked on its own: otherwise an unreadable page
// would be benchmarked as an empty one.
tagwire::Result<Page> read_page(const std::filesystem::path& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return tagwire::Error::make(tagwire::ErrorKind::kNotFound, cannot_read(path, errno));
  Page page{path.filename().string(), std::string(std::istreambuf_iterator<char>(in), {})};
  if (in.bad()) return tagwire::Error::make(tagwire::ErrorKind::kInternal, cannot_read(path, errno));
  return page;
}

// Every *.html page of `dir`, sorted by name; the first page that cannot be
// read fails the whole load, since a benchmark over fewer pages than asked
// measures something else.
tagwire::Result<std::vector<Page>> load_pages(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Page> pages;
  for (const auto& path : paths) {
    auto page = read_page(path);
    if (!page) return page.error();
    pages.push_back(std::move(page).value());
  }
  return pages;
}

// One page through the four stages; the document is freed inside the parse
// stage's time so it compares with the parser-only pass, which frees too.
void run_engine_page(const Page& page, const eng::Lexicon& lexicon, const eng::RankOptions& options,
                     Totals& totals, bool timed) {
  const Instant t0 = now();
  std::optional<eng::HtmlDocument> doc(eng::HtmlDocument::parse(page.bytes, "text/html"));
  const Instant t1 = now();
  const eng::Article article = eng::extract_article(*doc);
  const Instant t2 = now();
  doc.reset();
  const Instant t3 = now();
  const eng::Analysis analysis = eng::analyze_text(article, lexicon);
  const Instant t4 = now();
  const std::vector<eng::Tag> tags = eng::rank_candidates(analysis, lexicon, options);
  const Instant t5 = now();

  totals.tag_count += tags.size() + article.declared_tags.size();
  totals.token_count += analysis.tokens.size();
  totals.body_bytes += article.body.size();
  for (const auto& tag : tags) totals.score_sum += tag.score;
  if (!timed) return;
  Span parse = between(t0, t1);
  parse += between(t2, t3);
  const std::array<Span, kStageCount> spans{parse, between(t1, t2), between(t3, t4), between(t4, t5)};
  Span page_total{};
  for (int s = 0; s < kStageCount; ++s) {
    totals.stage[s] += spans[s];
    page_total += spans[s];
  }
  totals.engine_page.push_back(page_total);
}

void run_parser_page(const Page& page, Totals& totals, bool timed) {
  const Instant t0 = now();
  {
    const eng::HtmlDocument doc = eng::HtmlDocument::parse(page.bytes, "text/html");
    totals.parser_checksum += doc.charset().size();
  }
  const Instant t1 = now();
  if (!timed) return;
  totals.parser += between(t0, t1);
  totals.parser_page.push_back(between(t0, t1));
}

void run_round(const std::vector<Page>& pages, const eng::Lexicon& lexicon, const eng::RankOptions& options,
               Totals& totals, bool timed) {
  for (const auto& page : pages) run_engine_page(page, lexicon, options, totals, timed);
  for (const auto& page : pages) run_parser_page(page, totals, timed);
  if (timed) ++totals.rounds;
}

int64_t engine_ns(const Totals& totals, bool cpu) {
  int64_t sum = 0;
  for (const auto& span : totals.stage) sum += cpu ? span.cpu_ns : span.wall_ns;
  return sum;
}

void run_timed_rounds(const BenchConfig& config, const std::vector<Page>& pages, const eng::Lexicon& lexicon,
                      Totals& totals) {
  const eng::RankOptions options{config.limit};
  for (int i = 0; i < config.warmup; ++i) run_round(pages, lexicon, options, totals, false);
  const auto min_ns = static_cast<int64_t>(config.min_seconds * 1e9);
  while (config.rounds > 0 ? totals.rounds < config.rounds : totals.rounds == 0 || engine_ns(totals, false) < min_ns) {
    run_round(pages, lexicon, options, totals, true);
  }
}

// Nearest-rank percentile of per-page times, in ms.
double percentile_ms(std::vector<Span> samples, double p, bool cpu) {
  std::vector<int64_t> ns;
  ns.reserve(samples.size());
  for (const auto& s : samples) ns.push_back(cpu ? s.cpu_ns : s.wall_ns);
  std::sort(ns.begin(), ns.end());
  if (ns.empty()) return 0.0;
  auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(ns.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, ns.size());
  return static_cast<double>(ns[rank - 1]) / 1e6;
}

struct Rates {
  double engine_pages_per_s = 0;
  double parser_pages_per_s = 0;
};

Rates print_clock_report(const Totals& totals, std::size_t page_count, uint64_t bytes, bool cpu) {
  const char* label = cpu ? "cpu " : "wall";
  const double runs = static_cast<double>(page_count) * totals.rounds;
  const double engine_s = static_cast<double>(engine_ns(totals, cpu)) / 1e9;
  const double parser_s = static_cast<double>(cpu ? totals.parser.cpu_ns : totals.parser.wall_ns) / 1e9;
  const double mb = static_cast<double>(bytes) * totals.rounds / 1e6;
  Rates rates{runs / engine_s, runs / parser_s};
  std::printf("%s engine: %9.1f pages/s %7.2f MB/s  ms/page median %.3f p99 %.3f  (%.2f s)\n", label,
              rates.engine_pages_per_s, mb / engine_s, percentile_ms(totals.engine_page, 50, cpu),
              percentile_ms(totals.engine_page, 99, cpu), engine_s);
  std::printf("%s parser: %9.1f pages/s %7.2f MB/s  ms/page median %.3f p99 %.3f  (%.2f s)\n", label,
              rates.parser_pages_per_s, mb / parser_s, percentile_ms(totals.parser_page, 50, cpu),
              percentile_ms(totals.parser_page, 99, cpu), parser_s);
  std::printf("%s stages:", label);
  for (int s = 0; s < kStageCount; ++s) {
    const double stage_ns = static_cast<double>(cpu ? totals.stage[s].cpu_ns : totals.stage[s].wall_ns);
    std::printf(" %s %.1f%%", kStageNames[s], 100.0 * stage_ns / (engine_s * 1e9));
  }
  std::printf("\n");
  return rates;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void print_report(const BenchConfig& config, const std::vector<Page>& pages, const Totals& totals,
                  double lexicon_load_ms) {
  uint64_t bytes = 0;
  for (const auto& page : pages) bytes += page.bytes.size();
  std::printf("pages %zu, bytes %" PRIu64 ", rounds %d (+%d warm-up), one thread\n", pages.size(), bytes,
              totals.rounds, config.warmup);
  std::printf("lexicon load %.1f ms\n", lexicon_load_ms);
  const Rates wall = print_clock_report(totals, pages.size(), bytes, false);
  const Rates cpu = print_clock_report(totals, pages.size(), bytes, true);
  std::printf("peak RSS %.1f MB\n", peak_rss_mb());
  std::printf("checksum: tags %" PRIu64 " tokens %" PRIu64 " body bytes %" PRIu64 " score sum %.3f parser %" PRIu64
              "\n",
              totals.tag_count, totals.token_count, totals.body_bytes, totals.score_sum, totals.parser_checksum);
  const Rates& chosen = config.clock == "cpu" ? cpu : wall;
  std::printf("engine_pages_per_s=%.0f parser_pages_per_s=%.0f ratio=%.2f\n", chosen.engine_pages_per_s,
              chosen.parser_pages_per_s, chosen.parser_pages_per_s / chosen.engine_pages_per_s);
}

}  // namespace

int main(int argc, char** argv) {
  BenchConfig config;
  tagwire::FlagSet flags("tagwire-bench-engine",
                         "Times the engine's stages (parse, extract, tag, rank) on one thread over every *.html "
                         "page of DIR, beside the bare HTML parser, and prints pages/s, MB/s, per-page times, "
                         "stage shares and peak RSS. The last line is 'engine_pages_per_s=N "
                         "parser_pages_per_s=N ratio=R'.",
                         "DIR");
  flags.add_int("rounds", &config.rounds, "timed passes over all pages; 0 runs until --min-seconds", 0, 1'000'000);
  flags.add_int("warmup", &config.warmup, "untimed passes first", 0, 1000);
  flags.add_double("min-seconds", &config.min_seconds, "engine time to reach when --rounds is 0", 0.0, 3600.0);
  flags.add_string("clock", &config.clock, "clock of the last line: wall (monotonic) or cpu (thread CPU time)");
  flags.add_int("limit", &config.limit, "inferred tags asked of the ranker", std::size_t{1}, std::size_t{1000});
  std::vector<std::string> positional;
  if (auto exit_code = flags.parse_for_main(argc, argv, tagwire::process_env, positional, std::cout, std::cerr)) {
    return *exit_code;
  }
  if (positional.size() != 1) {
    std::cerr << "tagwire-bench-engine: expected one DIR argument (see --help)\n";
    return 2;
  }
  if (config.clock != "wall" && config.clock != "cpu") {
    std::cerr << "tagwire-bench-engine: --clock: '" << config.clock << "' is not wall or cpu (see --help)\n";
    return 2;
  }
  const std::filesystem::path dir = positional[0];
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    std::cerr << "tagwire-bench-engine: " << dir.string() << " is not a directory\n";
    return 1;
  }
  auto loaded = load_pages(dir);
  if (!loaded) {
    std::cerr << "tagwire-bench-engine: " << loaded.error().message << "\n";
    return 1;
  }
  const std::vector<Page> pages = std::move(loaded).value();
  if (pages.empty()) {
    std::cerr << "tagwire-bench-engine: no *.html pages in " << dir.string() << "\n";
    return 1;
  }

  const auto load_start = std::chrono::steady_clock::now();
  auto lexicon = eng::Lexicon::load();
  const std::chrono::duration<double, std::milli> load_ms = std::chrono::steady_clock::now() - load_start;
  if (!lexicon.ok()) {
    std::cerr << "tagwire-bench-engine: " << lexicon.error().message << "\n";
    return 1;
  }

  Totals totals;
  run_timed_rounds(config, pages, **lexicon, totals);
  print_report(config, pages, totals, load_ms.count());
  return 0;
}
