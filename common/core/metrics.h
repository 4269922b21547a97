#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
}  // namespace prometheus

// Metrics on prometheus-cpp: counters, gauges and histograms with fixed label sets in a
// prometheus::Registry, rendered by its text serializer on the admin port's /metrics. Callers
// name a metric where they use it; the same name and labels give the same series.
namespace crm::common::metrics {

using Labels = std::map<std::string, std::string>;

class Counter {
 public:
  explicit Counter(prometheus::Counter& counter) : counter_(&counter) {}
  // A counter only goes up: a negative `by` is ignored.
  void Inc(double by = 1.0);
  double Value() const;

 private:
  prometheus::Counter* counter_;
};

class Gauge {
 public:
  explicit Gauge(prometheus::Gauge& gauge) : gauge_(&gauge) {}
  void Set(double v);
  void Add(double by);
  double Value() const;

 private:
  prometheus::Gauge* gauge_;
};

class Histogram {
 public:
  explicit Histogram(prometheus::Histogram& histogram) : histogram_(&histogram) {}
  void Observe(double v);

 private:
  prometheus::Histogram* histogram_;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The process's registry, served on /metrics.
  static Registry& Global();

  // The series `name{labels}`, created on first use. The first call for a name sets its help
  // text; a name belongs to one metric type (another type throws std::invalid_argument).
  Counter& GetCounter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& GetGauge(const std::string& name, const std::string& help, const Labels& labels = {});
  // Buckets: LatencyBuckets().
  Histogram& GetHistogram(const std::string& name, const std::string& help,
                          const Labels& labels = {});

  // The Prometheus text exposition format (version 0.0.4).
  std::string RenderText() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Latency buckets in seconds for RPCs and event handling.
std::vector<double> LatencyBuckets();

}  // namespace crm::common::metrics
