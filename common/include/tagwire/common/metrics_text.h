// MetricsText: writes metrics in Prometheus' text exposition format (0.0.4),
// the body of a GET /metrics.
//
//   MetricsText out;
//   out.family("tagwire_http_requests_total", MetricType::kCounter, "HTTP answers sent, by status.")
//      .sample("tagwire_http_requests_total", 12, {{"code", "200"}});
//   out.gauge("tagwire_bus_workers", "Compute workers connected.", 2);
//
// A family's # HELP and # TYPE lines come first, then its samples; the
// caller keeps a family's samples together and names each family once.
// Help text and label values are escaped as the format asks (\\, \n, and \"
// in label values). Values print in the shortest form that reads back as the
// same double ("12", "0.25", "+Inf"). Not thread-safe: one writer per body.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "tagwire/common/histogram.h"

namespace tagwire {

inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class MetricType { kCounter, kGauge, kHistogram };

using MetricLabels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

class MetricsText {
 public:
  // Starts a family: its # HELP and # TYPE lines.
  MetricsText& family(std::string_view name, MetricType type, std::string_view help);

  // One sample line; `name` is the family's name, or for a histogram its
  // name with _bucket, _sum or _count.
  MetricsText& sample(std::string_view name, double value, MetricLabels labels = {});

  // The samples of one histogram of family `name`: a cumulative _bucket line
  // per bound (le="0.001" ... le="+Inf"), then _sum and _count. `labels` are
  // added to each line, before le.
  MetricsText& histogram(std::string_view name, const Histogram& histogram, MetricLabels labels = {});

  // A family of one unlabelled sample.
  MetricsText& counter(std::string_view name, std::string_view help, double value);
  MetricsText& gauge(std::string_view name, std::string_view help, double value);

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void append_sample(std::string_view name, double value, MetricLabels labels, std::string_view le);

  std::string out_;
};

// The shortest decimal form of `value` that reads back as the same double;
// "+Inf", "-Inf" and "NaN" as the format spells them.
std::string format_metric_value(double value);

}  // namespace tagwire
