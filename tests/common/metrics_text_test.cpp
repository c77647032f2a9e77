// The Prometheus text writer, the histograms it prints, and /proc figures.
#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "tagwire/common/histogram.h"
#include "tagwire/common/metrics_text.h"
#include "tagwire/common/process_stats.h"

namespace tagwire {
namespace {

TEST_CASE("a family prints its HELP and TYPE lines, then its samples") {
  MetricsText out;
  out.family("tagwire_http_requests_total", MetricType::kCounter, "HTTP answers sent, by status.")
      .sample("tagwire_http_requests_total", 12, {{"code", "200"}})
      .sample("tagwire_http_requests_total", 3, {{"code", "404"}});
  out.gauge("tagwire_bus_workers", "Compute workers connected.", 2);
  CHECK(out.text() ==
        "# HELP tagwire_http_requests_total HTTP answers sent, by status.\n"
        "# TYPE tagwire_http_requests_total counter\n"
        "tagwire_http_requests_total{code=\"200\"} 12\n"
        "tagwire_http_requests_total{code=\"404\"} 3\n"
        "# HELP tagwire_bus_workers Compute workers connected.\n"
        "# TYPE tagwire_bus_workers gauge\n"
        "tagwire_bus_workers 2\n");
}

TEST_CASE("label values escape backslash, quote and newline; help escapes backslash and newline") {
  MetricsText out;
  out.family("m", MetricType::kGauge, "a \\ \"b\"\nc").sample("m", 1, {{"path", "a\\b\"c\nd"}, {"x", ""}});
  CHECK(out.text() ==
        "# HELP m a \\\\ \"b\"\\nc\n"
        "# TYPE m gauge\n"
        "m{path=\"a\\\\b\\\"c\\nd\",x=\"\"} 1\n");
}

TEST_CASE("values print in their shortest exact form") {
  CHECK(format_metric_value(0) == "0");
  CHECK(format_metric_value(12) == "12");
  CHECK(format_metric_value(0.25) == "0.25");
  CHECK(format_metric_value(0.001) == "0.001");
  CHECK(format_metric_value(18446744073709551615.0) == "18446744073709551616");  // 2^64, exact
  CHECK(format_metric_value(1e300) == "1e+300");
  CHECK(format_metric_value(1.0 / 0.0) == "+Inf");
  CHECK(format_metric_value(-1.0 / 0.0) == "-Inf");
  CHECK(format_metric_value(0.0 / 0.0) == "NaN");
}

TEST_CASE("a value on a bound counts in that bound's bucket; past the last, in +Inf") {
  CHECK(histogram_bucket(0) == 0);
  CHECK(histogram_bucket(-1) == 0);
  CHECK(histogram_bucket(0.001) == 0);
  CHECK(histogram_bucket(0.0011) == 1);
  CHECK(histogram_bucket(30) == kHistogramBounds.size() - 1);
  CHECK(histogram_bucket(31) == kHistogramBounds.size());
}

TEST_CASE("a histogram prints cumulative buckets, then sum and count") {
  Histogram h;
  h.observe(0.0005);
  h.observe(0.003);
  h.observe(0.003);
  h.observe(100.0);
  MetricsText out;
  out.family("lat_seconds", MetricType::kHistogram, "Latency.").histogram("lat_seconds", h, {{"route", "/x"}});
  const std::string& text = out.text();
  CHECK(text.find("lat_seconds_bucket{route=\"/x\",le=\"0.001\"} 1\n") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{route=\"/x\",le=\"0.0025\"} 1\n") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{route=\"/x\",le=\"0.005\"} 3\n") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{route=\"/x\",le=\"30\"} 3\n") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n") != std::string::npos);
  CHECK(text.find("lat_seconds_sum{route=\"/x\"} 100.0065\n") != std::string::npos);
  CHECK(text.find("lat_seconds_count{route=\"/x\"} 4\n") != std::string::npos);
  // One line per finite bound, +Inf, _sum and _count, after HELP and TYPE.
  CHECK(std::count(text.begin(), text.end(), '\n') == 2 + static_cast<long>(kHistogramBounds.size()) + 3);
}

TEST_CASE("an atomic histogram counts every observation from concurrent threads") {
  AtomicHistogram h;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&h] {
      for (int i = 0; i < 10'000; ++i) h.observe(0.002);
    });
  }
  for (auto& thread : threads) thread.join();
  h.observe(std::chrono::milliseconds(700));
  const Histogram snapshot = h.snapshot();
  CHECK(snapshot.count == 40'001);
  CHECK(snapshot.counts[histogram_bucket(0.002)] == 40'000);
  CHECK(snapshot.counts[histogram_bucket(0.7)] == 1);
  CHECK(snapshot.sum_seconds == Approx(80.7).epsilon(1e-6));
}

TEST_CASE("the process's own figures come from /proc") {
  std::vector<char> touched(32 * 1024 * 1024, 1);  // resident, so RSS is at least this
  const ProcessStats stats = read_process_stats();
  CHECK(stats.resident_bytes >= touched.size());
  CHECK(stats.virtual_bytes >= stats.resident_bytes);
  CHECK(stats.threads >= 1);
  CHECK(stats.open_fds >= 3);  // stdin, stdout, stderr at least
  CHECK(stats.max_fds >= stats.open_fds);
  CHECK(stats.start_time_seconds > 1.6e9);  // after 2020
  CHECK(stats.cpu_seconds >= 0);
  MetricsText out;
  append_process_metrics(out, stats);
  CHECK(out.text().find("# TYPE process_cpu_seconds_total counter\n") != std::string::npos);
  CHECK(out.text().find("process_resident_memory_bytes " + format_metric_value(static_cast<double>(stats.resident_bytes))) !=
        std::string::npos);
}

}  // namespace
}  // namespace tagwire
