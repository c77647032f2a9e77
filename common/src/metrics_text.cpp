// Prometheus text exposition (see metrics_text.h).
#include "tagwire/common/metrics_text.h"

#include <charconv>
#include <cmath>

namespace tagwire {
namespace {

const char* type_name(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

// HELP text escapes backslash and newline; label values also the double quote.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void append_label(std::string& out, bool& first, std::string_view name, std::string_view value) {
  out += first ? '{' : ',';
  first = false;
  out += name;
  out += "=\"";
  append_escaped(out, value, true);
  out += '"';
}

}  // namespace

std::string format_metric_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (error != std::errc{}) return "NaN";  // cannot happen: 32 bytes hold any double
  return std::string(buffer, end);
}

MetricsText& MetricsText::family(std::string_view name, MetricType type, std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  append_escaped(out_, help, false);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type_name(type);
  out_ += '\n';
  return *this;
}

MetricsText& MetricsText::sample(std::string_view name, double value, MetricLabels labels) {
  append_sample(name, value, labels, {});
  return *this;
}

MetricsText& MetricsText::histogram(std::string_view name, const Histogram& histogram, MetricLabels labels) {
  const std::string bucket = std::string(name) + "_bucket";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
    cumulative += histogram.counts[i];
    const std::string le = i < kHistogramBounds.size() ? format_metric_value(kHistogramBounds[i]) : "+Inf";
    append_sample(bucket, static_cast<double>(cumulative), labels, le);
  }
  append_sample(std::string(name) + "_sum", histogram.sum_seconds, labels, {});
  append_sample(std::string(name) + "_count", static_cast<double>(histogram.count), labels, {});
  return *this;
}

MetricsText& MetricsText::counter(std::string_view name, std::string_view help, double value) {
  return family(name, MetricType::kCounter, help).sample(name, value);
}

MetricsText& MetricsText::gauge(std::string_view name, std::string_view help, double value) {
  return family(name, MetricType::kGauge, help).sample(name, value);
}

void MetricsText::append_sample(std::string_view name, double value, MetricLabels labels, std::string_view le) {
  out_ += name;
  bool first = true;
  for (const auto& [label, label_value] : labels) append_label(out_, first, label, label_value);
  if (!le.empty()) append_label(out_, first, "le", le);
  if (!first) out_ += '}';
  out_ += ' ';
  out_ += format_metric_value(value);
  out_ += '\n';
}

}  // namespace tagwire
