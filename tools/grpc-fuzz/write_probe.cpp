#include "tools/grpc-fuzz/write_probe.h"

#include <thread>

#include "tests/support/nats_handles.h"

namespace crm::tools::grpc_fuzz {

WriteProbe::WriteProbe(const std::map<std::string, std::string>& databases, std::string nats_url)
    : nats_url_(std::move(nats_url)) {
  for (const auto& [service, url] : databases) {
    Database database{service, std::make_unique<pqxx::connection>(url), ""};
    pqxx::nontransaction tx(*database.connection);
    std::string query;
    for (const auto& row :
         tx.exec("SELECT quote_ident(schemaname) || '.' || quote_ident(relname) FROM "
                 "pg_stat_user_tables ORDER BY 1")) {
      const std::string table = row[0].as<std::string>();
      if (!query.empty()) {
        query += " UNION ALL ";
      }
      query += "SELECT " + tx.quote(table) + ", count(*)::text || ':' || " +
               "coalesce(sum(hashtext(t::text)::bigint), 0)::text FROM " + table + " t";
    }
    database.summary_query = query;
    databases_.push_back(std::move(database));
  }
}

WriteProbe::~WriteProbe() = default;

WriteProbe::Snapshot WriteProbe::Take() {
  Snapshot snapshot;
  for (Database& database : databases_) {
    if (database.summary_query.empty()) {
      continue;
    }
    pqxx::nontransaction tx(*database.connection);
    for (const auto& row : tx.exec(database.summary_query)) {
      snapshot[database.service + "." + row[0].as<std::string>()] = row[1].as<std::string>();
    }
  }
  return snapshot;
}

std::vector<std::string> WriteProbe::Changed(const Snapshot& before, const Snapshot& after) {
  std::vector<std::string> changed;
  for (const auto& [table, summary] : after) {
    auto it = before.find(table);
    if (it == before.end() || it->second != summary) {
      changed.push_back(table);
    }
  }
  return changed;
}

bool WriteProbe::InFlight() {
  for (Database& database : databases_) {
    pqxx::nontransaction tx(*database.connection);
    if (tx.exec1("SELECT count(*) FROM outbox WHERE published_at IS NULL AND parked_at IS NULL")[0]
            .as<int64_t>() > 0) {
      return true;
    }
  }
  testing::NatsConnectionPtr connection = testing::ConnectNats(nats_url_);
  testing::JsCtxPtr js = testing::JetStream(connection.get());
  jsConsumerInfoList* list = nullptr;
  jsErrCode error = static_cast<jsErrCode>(0);
  if (js_Consumers(&list, js.get(), "CRM", nullptr, &error) != NATS_OK) {
    return true;  // the stream not there yet: not settled
  }
  bool pending = false;
  for (int i = 0; i < list->Count; ++i) {
    pending = pending || list->List[i]->NumPending > 0 || list->List[i]->NumAckPending > 0;
  }
  jsConsumerInfoList_Destroy(list);
  return pending;
}

bool WriteProbe::WaitQuiet(Snapshot& snapshot, std::chrono::milliseconds settle,
                           std::chrono::milliseconds limit) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  Snapshot last = Take();
  while (std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(settle);
    if (InFlight()) {
      last = Take();
      continue;
    }
    Snapshot now = Take();
    if (now == last) {
      snapshot = std::move(now);
      return true;
    }
    last = std::move(now);
  }
  return false;
}

}  // namespace crm::tools::grpc_fuzz
