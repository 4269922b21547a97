#include "services/accounting/app/exchange.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "common/core/digest.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/app/import_bank_statement.h"
#include "services/accounting/app/record_client.h"
#include "services/accounting/domain/enterprise_data.h"
#include "services/accounting/store/budget_store.h"
#include "services/accounting/store/exchange_store.h"

namespace crm::accounting::app {
namespace {

namespace fs = std::filesystem;

// Who applies what 1C drops into the exchange directory.
constexpr char kDirectoryReceiver[] = "services/accounting-exchange";

// "2026-12-06T14:00:00", UTC.
std::string CreationTime() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return text;
}

// Stores the lines of a cost document from 1C as budget costs (docs/accounting-enterprise-data.md,
// "Costs from 1C"): the edition by the Подразделение, the article by the cost item's mapping, the
// month of the document's date. A line sent before is updated in place; the lines the document no
// longer has are deleted. Returns how many of its lines are unassigned.
int StoreCostDocument(pqxx::work& tx, const domain::CostItemMapping& items,
                      const domain::InboundCostDocument& document, const std::string& by) {
  const std::optional<std::string> edition =
      document.division.empty() ? std::nullopt : BudgetStore::EditionNamed(tx, document.division);
  const auto month = domain::ParseMonth(document.date.substr(0, 7));
  if (!month) {
    throw std::logic_error("cost document " + document.ref + " read with the date " +
                           document.date);
  }
  std::string title = std::string(domain::kCostDocumentType).substr(sizeof("Документ.") - 1) +
                      " № " + document.number + " от " + document.date;
  if (!document.supplier.empty()) {
    title += ", " + document.supplier;
  }
  int unassigned = 0;
  for (const domain::InboundCostLine& line : document.lines) {
    const auto article = domain::ArticleOfCostItem(items, line.item);
    BudgetCostRecord cost;
    cost.id = common::NewUuid();
    cost.edition = edition.value_or("");
    cost.month = *month;
    cost.article = article ? domain::CostArticleText::Of(*article) : "";
    cost.amount_kopecks = line.net_kopecks;
    cost.description = line.description;
    cost.entered_by = by;
    cost.one_c_ref = document.ref;
    cost.one_c_line = line.line;
    cost.one_c_document = title;
    cost.one_c_division = document.division;
    cost.one_c_item = line.item;
    BudgetStore::UpsertOneCCost(tx, cost);
    if (!edition || !article) {
      ++unassigned;
    }
  }
  BudgetStore::DeleteOneCCosts(tx, document.ref, static_cast<int>(document.lines.size()), by);
  return unassigned;
}

void Queue(pqxx::work& tx, const std::vector<domain::ExchangeObject>& objects) {
  for (const auto& object : objects) {
    ExchangeStore::Put(tx, object);
  }
}

// The file's bytes, or nullopt when it is not there; more than `limit` bytes read as limit + 1.
std::optional<std::string> ReadIfThere(const fs::path& file, std::size_t limit) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::string bytes(limit + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

void Reject(const fs::path& file, const std::string& why) {
  const fs::path rejected = file.parent_path() / "rejected";
  std::error_code error;
  fs::create_directories(rejected, error);
  const std::string name = file.filename().string() + "." + std::to_string(std::time(nullptr));
  fs::rename(file, rejected / name, error);
  if (error) {
    throw std::runtime_error("cannot move " + file.string() + ": " + error.message());
  }
  std::ofstream(rejected / (name + ".error.txt")) << why << '\n';
  common::log::Warn("1C exchange message rejected", {{"file", name}, {"error", why}});
}

}  // namespace

void QueueIssuedForExchange(pqxx::work& tx, const crm::events::v1::DocumentIssued& event) {
  // The buyer's bank accounts as registry has them now, not as the sale once copied them.
  crm::events::v1::DocumentIssued issued = event;
  AddCopiedBankAccounts(tx, issued.mutable_client());
  Queue(tx, domain::ObjectsOfIssued(issued));
}

void QueueAnnulledForExchange(pqxx::work& tx, const crm::events::v1::DocumentAnnulled& event) {
  Queue(tx, domain::ObjectsOfAnnulled(event));
}

SentMessage RunExchange(common::db::Pool& pool, const ExchangeSettings& settings,
                        const ExchangeDirectory& directory, bool only_if_pending) {
  SentMessage sent = pool.InTransaction([&](pqxx::work& tx) {
    SentMessage message;
    const ExchangeState state = ExchangeStore::Lock(tx);
    const std::vector<QueuedObject> objects = ExchangeStore::ToSend(tx, state.confirmed_no);
    // Unconfirmed objects alone are no reason to write: they go again with the next message,
    // once something changed or 1C's next message wants its acknowledgement.
    const bool changed = std::any_of(objects.begin(), objects.end(),
                                     [](const QueuedObject& object) { return object.changed; });
    if (only_if_pending && !changed && state.acknowledged_no >= state.last_received_no) {
      return message;
    }
    domain::MessageHeader header;
    header.from = settings.node;
    header.to = settings.peer;
    header.message_no = state.last_sent_no + 1;
    header.received_no = state.last_received_no;
    std::vector<std::string> bodies;
    bodies.reserve(objects.size());
    for (const auto& object : objects) {
      bodies.push_back(object.body);
    }
    message.message_no = header.message_no;
    message.received_no = header.received_no;
    message.object_count = static_cast<int>(objects.size());
    message.file_name = domain::MessageFileName(settings.node, settings.peer);
    message.content = domain::BuildMessage(header, CreationTime(), bodies);
    ExchangeStore::MarkSent(tx, header.message_no, objects);
    ExchangeStore::SetSent(tx, header.message_no, header.received_no);
    ExchangeMessageRecord record{"sent",
                                 header.message_no,
                                 header.received_no,
                                 message.file_name,
                                 message.object_count,
                                 0,
                                 0,
                                 message.content,
                                 0};
    ExchangeStore::InsertMessage(tx, record);
    message.create_time_micros = record.create_time_micros;
    // Written before the commit: should the commit fail, the objects stay unconfirmed and the
    // next run sends them again under the same MessageNo.
    directory.WriteAtomically(message.file_name, message.content);
    return message;
  });
  if (sent.message_no > 0) {
    common::log::Info("1C exchange message written", {{"message_no", sent.message_no},
                                                      {"received_no", sent.received_no},
                                                      {"objects", sent.object_count}});
  }
  return sent;
}

ReceivedMessage ReceiveExchangeMessage(common::db::Pool& pool, const ExchangeSettings& settings,
                                       std::string_view bytes, const std::string& file_name,
                                       const std::string& by) {
  const domain::InboundMessage message = domain::ParseMessage(bytes, settings.node, settings.peer);
  ReceivedMessage result;
  result.message_no = message.header.message_no;
  result.received_no = message.header.received_no;
  result.payment_count = static_cast<int>(message.payments.size());
  const ExchangeState seen =
      pool.Read([](pqxx::read_transaction& tx) { return ExchangeStore::Status(tx); });
  if (message.header.message_no <= seen.last_received_no) {
    result.ignored = true;
    return result;
  }
  // The payments first, in their own transaction: should the rest fail, the message is applied
  // again and its payment orders are found already imported.
  if (!message.payments.empty()) {
    StatementRecord record;
    record.id = common::NewUuid();
    record.file_name =
        file_name.empty() ? domain::MessageFileName(settings.peer, settings.node) : file_name;
    record.sha256 = common::Sha256Hex(bytes);
    record.imported_by = by;
    record.content = std::string(bytes);
    const StatementImport done =
        ImportBankStatement(pool, record, domain::StatementOf(message), false);
    result.imported_count = done.imported_count;
    result.duplicate_count = done.duplicate_count;
    result.payment_ids = done.payment_ids;
  }
  pool.InTransaction([&](pqxx::work& tx) {
    const ExchangeState state = ExchangeStore::Lock(tx);
    if (message.header.message_no <= state.last_received_no) {
      result.ignored = true;  // applied meanwhile by another replica
      return;
    }
    // 1C cannot have loaded more than was sent (a restored database): confirm no further.
    const int64_t confirmed =
        std::max(state.confirmed_no, std::min(message.header.received_no, state.last_sent_no));
    result.confirmed_count =
        ExchangeStore::SetReceived(tx, state, message.header.message_no, confirmed);
    for (const domain::InboundCostDocument& document : message.cost_documents) {
      result.unassigned_cost_count += StoreCostDocument(tx, settings.cost_items, document, by);
    }
    for (const std::string& ref : message.deleted_cost_documents) {
      BudgetStore::DeleteOneCCosts(tx, ref, 0, by);
    }
    result.cost_document_count = static_cast<int>(message.cost_documents.size());
    result.deleted_cost_document_count = static_cast<int>(message.deleted_cost_documents.size());
    ExchangeMessageRecord record{"received",
                                 message.header.message_no,
                                 message.header.received_no,
                                 file_name,
                                 message.other_objects + result.payment_count +
                                     result.cost_document_count +
                                     result.deleted_cost_document_count,
                                 result.payment_count,
                                 result.imported_count,
                                 std::string(bytes),
                                 0};
    ExchangeStore::InsertMessage(tx, record);
  });
  common::log::Info("1C exchange message applied",
                    {{"message_no", result.message_no},
                     {"received_no", result.received_no},
                     {"ignored", result.ignored},
                     {"payments", result.payment_count},
                     {"imported", result.imported_count},
                     {"cost_documents", result.cost_document_count},
                     {"unassigned_costs", result.unassigned_cost_count},
                     {"deleted_cost_documents", result.deleted_cost_document_count}});
  return result;
}

SentMessage ExchangeTurn(common::db::Pool& pool, const ExchangeSettings& settings,
                         const ExchangeDirectory& directory) {
  // 1C writes its message as XML or, compressed, as a zip of it.
  const std::string inbound = domain::MessageFileName(settings.peer, settings.node);
  const std::string zipped =
      inbound.substr(0, inbound.size() - std::string_view(".xml").size()) + ".zip";
  for (const std::string& name : {inbound, zipped}) {
    const fs::path file = directory.path() / name;
    if (auto bytes = ReadIfThere(file, domain::kMaxExchangeMessageBytes)) {
      try {
        ReceiveExchangeMessage(pool, settings, *bytes, name, kDirectoryReceiver);
        std::error_code error;
        fs::remove(file, error);
      } catch (const domain::ExchangeMessageError& e) {
        Reject(file, e.what());
      }
    }
  }
  return RunExchange(pool, settings, directory, true);
}

}  // namespace crm::accounting::app
