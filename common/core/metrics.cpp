#include "common/core/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <mutex>
#include <utility>

namespace crm::common::metrics {
// Not an anonymous namespace: Registry::State, which has external linkage, holds these.
namespace detail {

// The families of one metric type and our handle for each series, so a caller's reference stays
// valid for the registry's lifetime.
template <typename Handle, typename Metric>
struct SeriesOf {
  std::map<std::string, prometheus::Family<Metric>*> families;
  std::map<std::pair<std::string, Labels>, std::unique_ptr<Handle>> series;

  template <typename... Args>
  Handle& Get(prometheus::Registry& registry, prometheus::detail::Builder<Metric> builder,
              const std::string& name, const std::string& help, const Labels& labels,
              const Args&... args) {
    auto& slot = series[{name, labels}];
    if (!slot) {
      auto& family = families[name];
      if (family == nullptr) {
        family = &builder.Name(name).Help(help).Register(registry);
      }
      slot = std::make_unique<Handle>(family->Add(labels, args...));
    }
    return *slot;
  }
};

}  // namespace detail

struct Registry::State {
  // Throw: a name registered twice (as another type) is a programming error.
  prometheus::Registry registry{prometheus::Registry::InsertBehavior::Throw};
  std::mutex mutex;
  detail::SeriesOf<Counter, prometheus::Counter> counters;
  detail::SeriesOf<Gauge, prometheus::Gauge> gauges;
  detail::SeriesOf<Histogram, prometheus::Histogram> histograms;
};

void Counter::Inc(double by) { counter_->Increment(by); }
double Counter::Value() const { return counter_->Value(); }

void Gauge::Set(double v) { gauge_->Set(v); }
void Gauge::Add(double by) { gauge_->Increment(by); }
double Gauge::Value() const { return gauge_->Value(); }

void Histogram::Observe(double v) { histogram_->Observe(v); }

Registry::Registry() : state_(std::make_unique<State>()) {}
Registry::~Registry() = default;

Registry& Registry::Global() {
  static Registry registry;
  return registry;
}

Counter& Registry::GetCounter(const std::string& name, const std::string& help,
                              const Labels& labels) {
  std::lock_guard lock(state_->mutex);
  return state_->counters.Get(state_->registry, prometheus::BuildCounter(), name, help, labels);
}

Gauge& Registry::GetGauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(state_->mutex);
  return state_->gauges.Get(state_->registry, prometheus::BuildGauge(), name, help, labels);
}

Histogram& Registry::GetHistogram(const std::string& name, const std::string& help,
                                  const Labels& labels) {
  std::lock_guard lock(state_->mutex);
  return state_->histograms.Get(state_->registry, prometheus::BuildHistogram(), name, help, labels,
                                LatencyBuckets());
}

std::string Registry::RenderText() const {
  return prometheus::TextSerializer().Serialize(state_->registry.Collect());
}

std::vector<double> LatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

}  // namespace crm::common::metrics
