#include "common/core/metrics.h"

#include <sstream>

namespace crm::common::metrics {
namespace {
void AtomicAdd(std::atomic<double>& target, double by) {
  double current = target.load();
  while (!target.compare_exchange_weak(current, current + by)) {
  }
}

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderLabels(const Labels& labels, const std::string& extra = "") {
  if (labels.empty() && extra.empty()) {
    return "";
  }
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    out += (first ? "" : ",") + k + "=\"" + Escape(v) + "\"";
    first = false;
  }
  if (!extra.empty()) {
    out += (first ? "" : ",") + extra;
  }
  return out + "}";
}
}  // namespace

void Counter::Inc(double by) { AtomicAdd(value_, by); }
void Gauge::Add(double by) { AtomicAdd(value_, by); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double v) {
  std::lock_guard lock(mutex_);
  std::size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) {
    ++i;
  }
  ++counts_[i];
  sum_ += v;
  ++count_;
}

Histogram::Snapshot Histogram::Take() const {
  std::lock_guard lock(mutex_);
  Snapshot s{bounds_, {}, sum_, count_};
  uint64_t running = 0;
  for (auto c : counts_) {
    running += c;
    s.cumulative.push_back(running);
  }
  return s;
}

Registry& Registry::Global() {
  static Registry registry;
  return registry;
}

Registry::Family& Registry::FamilyFor(const std::string& name, const std::string& help,
                                      const char* type) {
  auto& family = families_[name];
  if (family.type.empty()) {
    family.help = help;
    family.type = type;
  }
  return family;
}

Counter& Registry::GetCounter(const std::string& name, const std::string& help,
                              const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = FamilyFor(name, help, "counter").counters[labels];
  if (!slot) {
    slot = std::make_unique<Counter>();
  }
  return *slot;
}

Gauge& Registry::GetGauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = FamilyFor(name, help, "gauge").gauges[labels];
  if (!slot) {
    slot = std::make_unique<Gauge>();
  }
  return *slot;
}

Histogram& Registry::GetHistogram(const std::string& name, const std::string& help,
                                  const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = FamilyFor(name, help, "histogram").histograms[labels];
  if (!slot) {
    slot = std::make_unique<Histogram>(LatencyBuckets());
  }
  return *slot;
}

std::string Registry::RenderText() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  for (const auto& [name, family] : families_) {
    out << "# HELP " << name << ' ' << family.help << "\n# TYPE " << name << ' ' << family.type
        << '\n';
    for (const auto& [labels, c] : family.counters) {
      out << name << RenderLabels(labels) << ' ' << c->Value() << '\n';
    }
    for (const auto& [labels, g] : family.gauges) {
      out << name << RenderLabels(labels) << ' ' << g->Value() << '\n';
    }
    for (const auto& [labels, h] : family.histograms) {
      auto s = h->Take();
      for (std::size_t i = 0; i < s.cumulative.size(); ++i) {
        std::ostringstream le;
        if (i < s.bounds.size()) {
          le << s.bounds[i];
        } else {
          le << "+Inf";
        }
        out << name << "_bucket" << RenderLabels(labels, "le=\"" + le.str() + "\"") << ' '
            << s.cumulative[i] << '\n';
      }
      out << name << "_sum" << RenderLabels(labels) << ' ' << s.sum << '\n';
      out << name << "_count" << RenderLabels(labels) << ' ' << s.count << '\n';
    }
  }
  return out.str();
}

std::vector<double> LatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

}  // namespace crm::common::metrics
