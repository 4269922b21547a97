#include "services/registry/store/mailing_store.h"

#include <algorithm>
#include <map>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "services/registry/store/client_filter.h"
#include "services/registry/store/columns.h"

namespace crm::registry {
namespace {

using common::db::Row;

// A row of the selection statements (store/sql/mailing.sql).
v1::MailingSelection DecodeSelection(const Row& row) {
  v1::MailingSelection selection;
  selection.set_name(common::ResourceName("mailingSelections", row.Text("id")));
  selection.set_display_name(row.Text("display_name"));
  selection.set_description(row.Text("description"));
  selection.set_owner(row.Text("owner"));
  selection.set_personal(!selection.owner().empty());
  common::bus::FromJson(row.Text("filter"), selection.mutable_filter());
  selection.set_subscribed_only(row.Bool("subscribed_only"));
  selection.set_valid_postal_address_only(row.Bool("valid_postal_address_only"));
  DecodeTimesAndEtag(row, {"create_time_us", "update_time_us", "delete_time_us"}, selection);
  return selection;
}

// A row of mailing_export_get.
v1::MailingExport DecodeExport(const Row& row) {
  v1::MailingExport out;
  out.set_name(common::ResourceName("mailingExports", row.Text("id")));
  out.set_selection(common::ResourceName("mailingSelections", row.Text("selection_id")));
  common::bus::FromJson(row.Text("selection"), out.mutable_selection_snapshot());
  out.set_recipient_count(row.Int32("recipient_count"));
  out.set_returned_count(row.Int32("returned_count"));
  *out.mutable_create_time() = row.TimeFromMicros("create_time_us");
  out.set_creator(row.Text("created_by"));
  return out;
}

}  // namespace

v1::MailingSelection InsertMailingSelection(pqxx::transaction_base& tx, const std::string& id,
                                            const v1::MailingSelection& selection,
                                            const std::string& owner, const std::string& actor) {
  return DecodeSelection(Row(tx.exec_prepared1(
      "mailing_selection_insert", id, selection.display_name(), selection.description(), owner,
      common::bus::ToJson(selection.filter()), selection.subscribed_only(),
      selection.valid_postal_address_only(), actor)));
}

std::optional<v1::MailingSelection> FindMailingSelection(pqxx::transaction_base& tx,
                                                         const std::string& id) {
  return FirstRowOf(tx.exec_prepared("mailing_selection_get", id), DecodeSelection);
}

std::optional<v1::MailingSelection> LockMailingSelection(pqxx::transaction_base& tx,
                                                         const std::string& id) {
  return FirstRowOf(tx.exec_prepared("mailing_selection_get_for_update", id), DecodeSelection);
}

v1::MailingSelection UpdateMailingSelectionRecord(pqxx::transaction_base& tx, const std::string& id,
                                                  const v1::MailingSelection& selection,
                                                  const std::string& actor) {
  return DecodeSelection(Row(tx.exec_prepared1(
      "mailing_selection_update", id, selection.display_name(), selection.description(),
      common::bus::ToJson(selection.filter()), selection.subscribed_only(),
      selection.valid_postal_address_only(), actor)));
}

v1::MailingSelection MarkMailingSelectionDeleted(pqxx::transaction_base& tx, const std::string& id,
                                                 const std::string& actor) {
  return DecodeSelection(Row(tx.exec_prepared1("mailing_selection_delete", id, actor)));
}

Page<v1::MailingSelection> ListMailingSelections(pqxx::transaction_base& tx,
                                                 const ListWindow& window,
                                                 const std::string& caller) {
  return ReadListPage(tx, "mailing_selections_list", window, {"display_name"}, DecodeSelection,
                      caller);
}

v1::MailingExport InsertMailingExport(pqxx::transaction_base& tx, const std::string& id,
                                      const v1::MailingSelection& selection,
                                      const ClientFilterSpec& filter, const std::string& actor) {
  tx.exec_prepared0("mailing_export_insert", id,
                    common::ParseResourceId(selection.name(), "mailingSelections").value(),
                    common::bus::ToJson(selection), actor);
  // The catch-all filter needs a plan made for the values at hand (as search does).
  common::db::UseCustomPlans(tx);
  tx.exec_prepared1("mailing_export_fill",
                    pqxx::prepare::make_dynamic_params(ClientFilterParameters(filter)), id,
                    selection.subscribed_only(), selection.valid_postal_address_only());
  return FindMailingExport(tx, id).value();
}

std::optional<v1::MailingExport> FindMailingExport(pqxx::transaction_base& tx,
                                                   const std::string& id) {
  return FirstRowOf(tx.exec_prepared("mailing_export_get", id), DecodeExport);
}

std::vector<MailingRecipient> ReadMailingRecipients(pqxx::transaction_base& tx,
                                                    const std::string& export_id) {
  std::vector<MailingRecipient> recipients;
  for (const auto& result_row : tx.exec_prepared("mailing_export_rows", export_id)) {
    const Row row(result_row);
    MailingRecipient r;
    r.row_number = row.Int32("row_number");
    r.client_id = row.Text("client_id");
    r.addressee = row.Text("addressee");
    r.inn = row.Text("inn");
    r.contact_person = row.Text("contact_person");
    r.position = row.Text("position");
    r.postal_code = row.Text("postal_code");
    r.region_code = row.Text("region_code");
    r.city = row.Text("city");
    r.street_line = row.Text("street_line");
    recipients.push_back(std::move(r));
  }
  return recipients;
}

ReturnedMailTargets ResolveReturnedMail(pqxx::transaction_base& tx, const std::string& export_id,
                                        const std::vector<int>& row_numbers,
                                        const std::vector<std::string>& client_ids) {
  std::map<int, std::string> client_of_row;
  std::vector<std::string> found_clients;
  for (const auto& result_row : tx.exec_prepared("mailing_export_rows_named", export_id,
                                                 common::db::NumberArrayLiteral(row_numbers),
                                                 common::db::QuotedArrayLiteral(client_ids))) {
    const Row row(result_row);
    if (row.IsNull("row_number")) {
      found_clients.push_back(row.Text("client_id"));
    } else {
      client_of_row.emplace(row.Int32("row_number"), row.Text("client_id"));
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
  return Row(tx.exec_prepared1("mailing_export_rows_mark_returned", export_id, client_id, item_id))
      .Int32("client_rows");
}

}  // namespace crm::registry
