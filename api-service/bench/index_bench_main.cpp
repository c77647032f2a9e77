// tagwire-bench-index: what the tag index costs, measured the way the API uses it.
//
//   tagwire-bench-index [--pages N] [--writers N] [--tags-per-page N] [--vocabulary N]
//                       [--queries N] [--rate R] [--commit-interval-ms MS] [--dir DIR]
//
// (a) writes: --writers threads each put() a page and wait for its commit before
//     the next, as the HTTP handlers of cold `tags` requests do, until --pages
//     pages are in; with --rate, the writers between them start R pages a second
//     at most (as cold answers arrive from busy workers), else as fast as they can. Pages have an 80-byte URL and --tags-per-page tags drawn from a
//     vocabulary of --vocabulary tags (Zipf-like, a few tags are on many pages).
//     Reports pages/s, the process CPU time a page (the writer thread does nearly
//     all of it), pages a transaction and bytes written a page (/proc/self/io:
//     WAL frames and checkpoints, the figure that does not move with the load).
// (b) urls(tag) alone: --queries urls_for_tag(random tag, limit 100), one thread.
// (c) urls(tag) during writes: the same queries while the writers re-put pages.
// Latencies are steady_clock around each call. The last line is
// `write_pages_per_s=.. write_cpu_us_per_page=.. pages_per_batch=.. kib_per_page=.. urls_p50_us=..
// urls_p99_us=.. urls_busy_p50_us=.. urls_busy_p99_us=..`.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tagwire/api/tag_index.h"
#include "tagwire/common/flags.h"

namespace {

using Clock = std::chrono::steady_clock;
using tagwire::api::IndexedPage;
using tagwire::api::TagIndex;

struct BenchConfig {
  int pages = 4000;
  int writers = 8;
  int tags_per_page = 12;
  int vocabulary = 5000;
  int queries = 20000;
  int rate = 0;              // pages a second over all writers; 0: no pacing
  int commit_interval_ms = 0;  // TagIndexOptions::commit_interval
  std::string dir;  // empty: a fresh folder under /tmp, removed at the end
};

std::string tag_name(int i) { return "tag" + std::to_string(i) + " word"; }

// The i-th page: a distinct 80-byte URL and tags drawn Zipf-like from the vocabulary.
IndexedPage make_page(int i, const BenchConfig& config, std::mt19937& rng) {
  IndexedPage page;
  char url[96];
  std::snprintf(url, sizeof url, "http://news.example.com/2016/11/27/section/a-long-article-slug-%024d.html", i);
  page.url = url;
  page.final_url = page.url;
  page.title = "A title for page " + std::to_string(i);
  page.computed_at_ms = 1'480'000'000'000 + i;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<int> chosen;
  while (static_cast<int>(chosen.size()) < config.tags_per_page) {
    const int t = static_cast<int>(std::pow(config.vocabulary, unit(rng))) - 1;  // log-uniform: Zipf-like
    if (std::find(chosen.begin(), chosen.end(), t) == chosen.end()) chosen.push_back(t);
  }
  for (size_t k = 0; k < chosen.size(); ++k) {
    page.tags.push_back({tag_name(chosen[k]), 1.0 - 0.05 * static_cast<double>(k), "inferred"});
  }
  return page;
}

// Bytes this process has handed to write()/pwrite() so far (/proc/self/io "wchar").
double process_written_bytes() {
  std::FILE* io = std::fopen("/proc/self/io", "r");
  if (io == nullptr) return 0;
  char key[64];
  unsigned long long value = 0;
  double wchar = 0;
  while (std::fscanf(io, "%63[^:]: %llu\n", key, &value) == 2) {
    if (std::string(key) == "wchar") wchar = static_cast<double>(value);
  }
  std::fclose(io);
  return wchar;
}

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct WriteFigures {
  double pages_per_s = 0;
  double cpu_us_per_page = 0;
  double pages_per_batch = 0;
  double kib_written_per_page = 0;
  int failures = 0;
};

// --writers threads put pages [0, pages) between them, each waiting on its commit.
// With `stop` set (not null), they start over from page 0 until it turns true.
WriteFigures write_pages(TagIndex& index, const BenchConfig& config, const std::atomic<bool>* stop) {
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  const auto before = index.stats();
  const double cpu0 = process_cpu_seconds();
  const double bytes0 = process_written_bytes();
  const auto t0 = Clock::now();
  std::vector<std::thread> writers;
  for (int w = 0; w < config.writers; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 rng(static_cast<unsigned>(w) + 1);
      // Writer w's k-th page starts at t0 + (w + k * writers) / rate at the earliest.
      const auto spacing = config.rate > 0 ? std::chrono::duration<double>(1.0 / config.rate) : Clock::duration{};
      auto start_at = t0 + std::chrono::duration_cast<Clock::duration>(spacing * w);
      for (;;) {
        if (config.rate > 0) {
          std::this_thread::sleep_until(start_at);
          start_at += std::chrono::duration_cast<Clock::duration>(spacing * config.writers);
        }
        int i = next.fetch_add(1);
        if (i >= config.pages) {
          if (stop == nullptr || stop->load()) return;
          i %= config.pages;
        }
        if (!index.put(make_page(i, config, rng)).get().ok()) failures.fetch_add(1);
      }
    });
  }
  for (auto& t : writers) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto after = index.stats();
  WriteFigures f;
  const double written = static_cast<double>(after.pages_written - before.pages_written);
  f.pages_per_s = written / seconds;
  f.cpu_us_per_page = written > 0 ? 1e6 * (process_cpu_seconds() - cpu0) / written : 0;
  f.pages_per_batch = written / std::max<double>(1, static_cast<double>(after.batches - before.batches));
  f.kib_written_per_page = written > 0 ? (process_written_bytes() - bytes0) / 1024 / written : 0;
  f.failures = failures.load();
  return f;
}

struct Latency {
  double p50_us = 0;
  double p99_us = 0;
  size_t count = 0;
};

Latency percentiles(std::vector<double> us) {
  Latency l;
  l.count = us.size();
  if (us.empty()) return l;
  std::sort(us.begin(), us.end());
  l.p50_us = us[us.size() / 2];
  l.p99_us = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  return l;
}

// `queries` urls_for_tag calls on random tags of the vocabulary's busy end.
Latency time_queries(const TagIndex& index, const BenchConfig& config, int queries) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, std::min(config.vocabulary, 1000) - 1);
  std::vector<double> us;
  us.reserve(static_cast<size_t>(queries));
  for (int q = 0; q < queries; ++q) {
    const auto t0 = Clock::now();
    auto page = index.urls_for_tag(tag_name(pick(rng)), tagwire::api::kDefaultUrlsLimit, "");
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!page.ok()) {
      std::cerr << "tagwire-bench-index: urls_for_tag failed: " << page.error().message << "\n";
      return {};
    }
  }
  return percentiles(std::move(us));
}

}  // namespace

int main(int argc, char** argv) {
  BenchConfig config;
  tagwire::FlagSet flags("tagwire-bench-index",
                         "Times tag index writes as the API makes them (each writer waits for its commit) and "
                         "urls(tag) reads alone and during writes. The last line is 'write_pages_per_s=.. "
                         "write_cpu_us_per_page=.. pages_per_batch=.. kib_per_page=.. urls_p50_us=.. urls_p99_us=.. "
                         "urls_busy_p50_us=.. urls_busy_p99_us=..'.");
  flags.add_int("pages", &config.pages, "pages written in the timed write run", 1, 10'000'000);
  flags.add_int("writers", &config.writers, "threads putting pages, each waiting for its commit", 1, 256);
  flags.add_int("tags-per-page", &config.tags_per_page, "tags on each page", 1, 100);
  flags.add_int("vocabulary", &config.vocabulary, "distinct tags to draw from", 100, 10'000'000);
  flags.add_int("queries", &config.queries, "urls(tag) calls timed in each read run", 1, 10'000'000);
  flags.add_int("rate", &config.rate, "pages a second the writers start at most between them (0: no pacing)", 0,
                1'000'000);
  flags.add_int("commit-interval-ms", &config.commit_interval_ms, "the index's commit interval", 0, 10'000);
  flags.add_string("dir", &config.dir, "the data dir (default: a fresh one under /tmp, removed at the end)");
  std::vector<std::string> positional;
  if (auto exit_code = flags.parse_for_main(argc, argv, tagwire::process_env, positional, std::cout, std::cerr)) {
    return *exit_code;
  }
  if (!positional.empty()) {
    std::cerr << "tagwire-bench-index: unexpected argument '" << positional[0] << "' (see --help)\n";
    return 2;
  }
  const bool temporary = config.dir.empty();
  if (temporary) config.dir = "/tmp/tagwire-bench-index-" + std::to_string(::getpid());

  int status = 0;
  {
    tagwire::api::TagIndexOptions options;
    options.commit_interval = std::chrono::milliseconds(config.commit_interval_ms);
    auto opened = TagIndex::open(config.dir, options);
    if (!opened.ok()) {
      std::cerr << "tagwire-bench-index: " << opened.error().message << "\n";
      return 1;
    }
    TagIndex& index = **opened;

    const WriteFigures w = write_pages(index, config, nullptr);
    std::printf("writes: %d pages by %d writers: %.0f pages/s, %.0f us CPU a page, %.2f pages a transaction, %.1f KiB written a page, %d failed\n",
                config.pages, config.writers, w.pages_per_s, w.cpu_us_per_page, w.pages_per_batch,
                w.kib_written_per_page, w.failures);

    const Latency alone = time_queries(index, config, config.queries);
    std::printf("urls(tag) alone: %zu queries, p50 %.1f us, p99 %.1f us\n", alone.count, alone.p50_us, alone.p99_us);

    std::atomic<bool> stop{false};
    WriteFigures rewrite;
    std::thread writer([&] { rewrite = write_pages(index, config, &stop); });
    const Latency busy = time_queries(index, config, config.queries);
    stop = true;
    writer.join();
    std::printf("urls(tag) during writes: %zu queries, p50 %.1f us, p99 %.1f us (meanwhile %.0f pages/s written)\n",
                busy.count, busy.p50_us, busy.p99_us, rewrite.pages_per_s);

    std::printf("write_pages_per_s=%.0f write_cpu_us_per_page=%.0f pages_per_batch=%.2f kib_per_page=%.1f urls_p50_us=%.1f "
                "urls_p99_us=%.1f urls_busy_p50_us=%.1f urls_busy_p99_us=%.1f\n",
                w.pages_per_s, w.cpu_us_per_page, w.pages_per_batch, w.kib_written_per_page, alone.p50_us, alone.p99_us, busy.p50_us,
                busy.p99_us);
    if (w.failures > 0 || alone.count == 0 || busy.count == 0) status = 1;
  }
  if (temporary) {
    std::error_code ec;
    std::filesystem::remove_all(config.dir, ec);
  }
  return status;
}
