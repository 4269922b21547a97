#include "services/registry/store/mailing_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "services/registry/store/client_filter.h"
#include "services/registry/store/quality_store.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

v1::MailingSelection DecodeSelection(const pqxx::row& row) {
  v1::MailingSelection selection;
  selection.set_name(common::ResourceName("mailingSelections", row[0].c_str()));
  selection.set_display_name(row[1].c_str());
  selection.set_description(row[2].c_str());
  selection.set_owner(row[3].c_str());
  selection.set_personal(!selection.owner().empty());
  common::bus::FromJson(row[4].c_str(), selection.mutable_filter());
  selection.set_subscribed_only(row[5].as<bool>());
  selection.set_valid_postal_address_only(row[6].as<bool>());
  *selection.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  *selection.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  if (!row[9].is_null()) {
    *selection.mutable_delete_time() = TimeUtil::MicrosecondsToTimestamp(row[9].as<int64_t>());
  }
  selection.set_etag(row[10].c_str());
  return selection;
}

v1::MailingExport DecodeExport(const pqxx::row& row) {
  v1::MailingExport out;
  out.set_name(common::ResourceName("mailingExports", row[0].c_str()));
  out.set_selection(common::ResourceName("mailingSelections", row[1].c_str()));
  common::bus::FromJson(row[2].c_str(), out.mutable_selection_snapshot());
  out.set_recipient_count(row[3].as<int>());
  out.set_returned_count(row[4].as<int>());
  *out.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  out.set_creator(row[6].c_str());
  return out;
}

std::string IntArray(const std::vector<int>& values) {
  std::string array = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    array += (i == 0 ? "" : ",") + std::to_string(values[i]);
  }
  return array + "}";
}

}  // namespace

v1::MailingSelection InsertMailingSelection(pqxx::transaction_base& tx, const std::string& id,
                                            const v1::MailingSelection& selection,
                                            const std::string& owner, const std::string& actor) {
  return DecodeSelection(
      tx.exec_prepared1("mailing_selection_insert", id, selection.display_name(),
                        selection.description(), owner, common::bus::ToJson(selection.filter()),
                        selection.subscribed_only(), selection.valid_postal_address_only(), actor));
}

std::optional<v1::MailingSelection> FindMailingSelection(pqxx::transaction_base& tx,
                                                         const std::string& id) {
  return FirstOf(tx.exec_prepared("mailing_selection_get", id), DecodeSelection);
}

std::optional<v1::MailingSelection> LockMailingSelection(pqxx::transaction_base& tx,
                                                         const std::string& id) {
  return FirstOf(tx.exec_prepared("mailing_selection_get_for_update", id), DecodeSelection);
}

v1::MailingSelection UpdateMailingSelectionRecord(pqxx::transaction_base& tx, const std::string& id,
                                                  const v1::MailingSelection& selection,
                                                  const std::string& actor) {
  return DecodeSelection(
      tx.exec_prepared1("mailing_selection_update", id, selection.display_name(),
                        selection.description(), common::bus::ToJson(selection.filter()),
                        selection.subscribed_only(), selection.valid_postal_address_only(), actor));
}

v1::MailingSelection MarkMailingSelectionDeleted(pqxx::transaction_base& tx, const std::string& id,
                                                 const std::string& actor) {
  return DecodeSelection(tx.exec_prepared1("mailing_selection_delete", id, actor));
}

Page<v1::MailingSelection> ListMailingSelections(pqxx::transaction_base& tx,
                                                 const ListWindow& window,
                                                 const std::string& caller) {
  constexpr int kNameColumn = 1;
  return ReadPage(tx.exec_prepared("mailing_selections_list", caller, AfterSort(window),
                                   AfterId(window), FetchLimit(window)),
                  window, kNameColumn, DecodeSelection);
}

v1::MailingExport InsertMailingExport(pqxx::transaction_base& tx, const std::string& id,
                                      const v1::MailingSelection& selection,
                                      const ClientFilterSpec& filter, const std::string& actor) {
  tx.exec_prepared0("mailing_export_insert", id,
                    common::ParseResourceId(selection.name(), "mailingSelections").value(),
                    common::bus::ToJson(selection), actor);
  // The catch-all filter needs a plan made for the values at hand (as search does).
  tx.exec_prepared("use_custom_plans");
  tx.exec_prepared1("mailing_export_fill",
                    pqxx::prepare::make_dynamic_params(ClientFilterParameters(filter)), id,
                    selection.subscribed_only(), selection.valid_postal_address_only());
  return FindMailingExport(tx, id).value();
}

std::optional<v1::MailingExport> FindMailingExport(pqxx::transaction_base& tx,
                                                   const std::string& id) {
  return FirstOf(tx.exec_prepared("mailing_export_get", id), DecodeExport);
}

std::vector<MailingRecipient> ReadMailingRecipients(pqxx::transaction_base& tx,
                                                    const std::string& export_id) {
  std::vector<MailingRecipient> recipients;
  for (const auto& row : tx.exec_prepared("mailing_export_rows", export_id)) {
    MailingRecipient r;
    r.row_number = row[0].as<int>();
    r.client_id = row[1].c_str();
    r.addressee = row[2].c_str();
    r.inn = row[3].c_str();
    r.contact_person = row[4].c_str();
    r.position = row[5].c_str();
    r.postal_code = row[6].c_str();
    r.region_code = row[7].c_str();
    r.city = row[8].c_str();
    r.street_line = row[9].c_str();
    recipients.push_back(std::move(r));
  }
  return recipients;
}

ReturnedMailTargets ResolveReturnedMail(pqxx::transaction_base& tx, const std::string& export_id,
                                        const std::vector<int>& row_numbers,
                                        const std::vector<std::string>& client_ids) {
  std::map<int, std::string> client_of_row;
  std::vector<std::string> found_clients;
  for (const auto& row : tx.exec_prepared("mailing_export_rows_named", export_id,
                                          IntArray(row_numbers), PgArray(client_ids))) {
    if (row[0].is_null()) {
      found_clients.emplace_back(row[1].c_str());
    } else {
      client_of_row.emplace(row[0].as<int>(), row[1].c_str());
    }
  }
  ReturnedMailTargets targets;
  auto add = [&](const std::string& id) {
    if (std::find(targets.client_ids.begin(), targets.client_ids.end(), id) ==
        targets.client_ids.end()) {
      targets.client_ids.push_back(id);
    }
  };
  for (int row : row_numbers) {
    if (auto found = client_of_row.find(row); found != client_of_row.end()) {
      add(found->second);
    } else {
      targets.unknown_rows.push_back(row);
    }
  }
  for (const std::string& id : client_ids) {
    if (std::find(found_clients.begin(), found_clients.end(), id) != found_clients.end()) {
      add(id);
    } else {
      targets.unknown_clients.push_back(id);
    }
  }
  return targets;
}

int MarkExportRowsReturned(pqxx::transaction_base& tx, const std::string& export_id,
                           const std::string& client_id, const std::string& item_id) {
  return tx.exec_prepared1("mailing_export_rows_mark_returned", export_id, client_id, item_id)[0]
      .as<int>();
}

}  // namespace crm::registry
