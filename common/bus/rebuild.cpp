#include "common/bus/rebuild.h"

#include <memory>
#include <thread>

namespace crm::common::bus {
namespace {

using StreamInfoPtr = std::unique_ptr<jsStreamInfo, decltype(&jsStreamInfo_Destroy)>;
using ConsumerInfoPtr = std::unique_ptr<jsConsumerInfo, decltype(&jsConsumerInfo_Destroy)>;

StreamInfoPtr StreamInfo(NatsClient& nats, const StreamLayout& layout) {
  jsStreamInfo* raw = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  const natsStatus s = js_GetStreamInfo(&raw, nats.js(), layout.name.c_str(), nullptr, &jerr);
  if (s == NATS_NOT_FOUND) {
    throw RebuildRefused("there is no stream " + layout.name + " to replay");
  }
  Check(s, "js_GetStreamInfo");
  return {raw, &jsStreamInfo_Destroy};
}

// The consumer's information, or nullptr when it does not exist.
ConsumerInfoPtr ConsumerInfo(NatsClient& nats, const StreamLayout& layout,
                             const std::string& durable) {
  jsConsumerInfo* raw = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  const natsStatus s =
      js_GetConsumerInfo(&raw, nats.js(), layout.name.c_str(), durable.c_str(), nullptr, &jerr);
  if (s == NATS_NOT_FOUND) {
    return {nullptr, &jsConsumerInfo_Destroy};
  }
  Check(s, "js_GetConsumerInfo");
  return {raw, &jsConsumerInfo_Destroy};
}

void RefuseWhilePulled(NatsClient& nats, const StreamLayout& layout, const Projection& projection,
                       std::chrono::milliseconds watch) {
  // A running consumer has a pull request waiting nearly all the time; between two of its
  // fetches it has none for a moment, so the consumers are looked at several times.
  const auto until = std::chrono::steady_clock::now() + watch;
  do {
    for (const std::string& durable : projection.consumers) {
      const ConsumerInfoPtr info = ConsumerInfo(nats, layout, durable);
      if (info != nullptr && info->NumWaiting > 0) {
        throw RebuildRefused("the consumer " + durable +
                             " is pulling events: stop the service (scale its Deployment to 0) "
                             "before rebuilding");
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (std::chrono::steady_clock::now() < until);
}

}  // namespace

RebuildPrepared PrepareProjectionRebuild(NatsClient& nats, const StreamLayout& layout,
                                         pqxx::connection& db, const Projection& projection,
                                         std::chrono::milliseconds watch) {
  if (projection.tables.empty() || projection.consumers.empty()) {
    throw RebuildRefused("this service keeps no projection to rebuild");
  }
  RebuildPrepared prepared;
  {
    const StreamInfoPtr stream = StreamInfo(nats, layout);
    prepared.first_sequence = stream->State.FirstSeq;
    prepared.last_sequence = stream->State.LastSeq;
    if (stream->State.FirstSeq > 1) {
      throw RebuildRefused("the stream " + layout.name + " starts at event " +
                           std::to_string(stream->State.FirstSeq) +
                           ": the events before it are gone, and a replay would lose their "
                           "figures");
    }
  }
  RefuseWhilePulled(nats, layout, projection, watch);
  for (const std::string& durable : projection.consumers) {
    jsErrCode jerr = static_cast<jsErrCode>(0);
    const natsStatus s =
        js_DeleteConsumer(nats.js(), layout.name.c_str(), durable.c_str(), nullptr, &jerr);
    if (s != NATS_NOT_FOUND) {
      Check(s, "js_DeleteConsumer");
    }
  }
  pqxx::work tx(db);
  std::string tables;
  for (const std::string& table : projection.tables) {
    tables += (tables.empty() ? "" : ", ") + tx.quote_name(table);
  }
  tx.exec0("TRUNCATE " + tables);
  prepared.tables_emptied = static_cast<int>(projection.tables.size());
  std::string consumers;
  for (const std::string& durable : projection.consumers) {
    consumers += (consumers.empty() ? "" : ", ") + tx.quote(durable);
  }
  tx.exec0("DELETE FROM processed_events WHERE consumer IN (" + consumers + ")");
  tx.commit();
  return prepared;
}

}  // namespace crm::common::bus
