#include "services/planning/store/redirect_store.h"

#include <stdexcept>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/planning/store/key_params.h"

namespace crm::planning::store {
namespace {

using common::db::OrNull;
using common::db::Row;
using common::db::TimeParam;
using google::protobuf::Timestamp;

// A row of the statements returning redirects (store/sql/redirects.sql).
RedirectRow RedirectFromRow(const Row& r, const Timestamp& now) {
  RedirectRow row;
  row.id = r.Text("id");
  row.parties.from_id = r.Text("from_employee_id");
  row.parties.to_id = r.OptionalText("to_employee_id");
  // "departments/{uuid}"; a redirect from before department units holds the name it was sent to
  // until registry announces a unit of that name (then the projection rewrites it).
  const std::string to_department = r.Text("to_department");
  row.parties.to_department_id = common::ParseResourceId(to_department, "departments").value_or("");
  row.parties.responsible_id = r.OptionalText("responsible_id");
  row.parties.from_department_id = r.Text("from_department_id");

  v1::Redirect& d = row.redirect;
  d.set_name(common::ResourceName("redirects", row.id));
  d.set_client(common::ResourceName("clients", r.Text("client_id")));
  d.set_from_employee(common::ResourceName("employees", row.parties.from_id));
  if (row.parties.to_id) {
    d.set_to_employee(common::ResourceName("employees", *row.parties.to_id));
  }
  d.set_to_department(to_department);
  *d.mutable_deadline() = r.TimeFromMicros("deadline_us");
  d.set_goal(r.Text("goal"));
  if (row.parties.responsible_id) {
    d.set_responsible(common::ResourceName("employees", *row.parties.responsible_id));
  }
  d.set_status(domain::RedirectStatusText::Parse(r.Text("status")));
  d.set_status_comment(r.Text("status_comment"));
  if (auto contact_id = r.OptionalText("contact_id")) {
    d.set_contact(common::ResourceName("contacts", *contact_id));
  }
  row.task_id = r.OptionalText("task_id");
  if (row.task_id) {
    d.set_task(common::ResourceName("contacts", *row.task_id));
  }
  if (auto result = r.OptionalText("result")) {
    common::bus::FromJson(*result, d.mutable_result());
  }
  d.set_etag(r.Text("version"));
  *d.mutable_create_time() = r.TimeFromMicros("create_time_us");
  *d.mutable_update_time() = r.TimeFromMicros("update_time_us");
  d.set_overdue(domain::IsOverdue(d.status(), d.deadline(), now));
  return row;
}

std::optional<RedirectRow> FirstRedirect(const pqxx::result& result, const Timestamp& now) {
  return common::db::FirstRowOf(result, [&](const Row& r) { return RedirectFromRow(r, now); });
}

}  // namespace

RedirectRow InsertRedirect(pqxx::transaction_base& tx, const NewRedirect& r, const Timestamp& now) {
  const domain::RedirectInput& in = r.input;
  std::optional<std::string> to_department;
  if (in.to_department_id) {
    to_department = common::ResourceName("departments", *in.to_department_id);
  }
  return *FirstRedirect(
      tx.exec_prepared("insert_redirect", r.id, in.client_id, r.from_employee_id,
                       OrNull(in.to_employee_id), OrNull(to_department), TimeParam(in.deadline),
                       in.goal, OrNull(in.responsible_id), OrNull(in.contact_id),
                       TimeParam(r.create_time), OrNull(r.task_id)),
      now);
}

std::optional<RedirectRow> FindRedirect(pqxx::transaction_base& tx, const std::string& id,
                                        const Timestamp& now) {
  return FirstRedirect(tx.exec_prepared("find_redirect", id), now);
}

std::optional<RedirectRow> FindRedirectForUpdate(pqxx::transaction_base& tx, const std::string& id,
                                                 const Timestamp& now) {
  return FirstRedirect(tx.exec_prepared("find_redirect_for_update", id), now);
}

std::optional<RedirectRow> FindRedirectByTaskForUpdate(pqxx::transaction_base& tx,
                                                       const std::string& task_id,
                                                       const Timestamp& now) {
  return FirstRedirect(tx.exec_prepared("find_redirect_by_task_for_update", task_id), now);
}

RedirectWork RedirectWorkOf(const RedirectRow& row) {
  RedirectWork work;
  work.task_id = row.task_id;
  work.responsible_id = row.parties.responsible_id;
  work.status = row.redirect.status();
  work.status_comment = row.redirect.status_comment();
  if (row.redirect.has_result()) {
    work.result = row.redirect.result();
  }
  return work;
}

RedirectRow UpdateRedirectWork(pqxx::transaction_base& tx, const std::string& id,
                               const RedirectWork& work, const Timestamp& now) {
  std::optional<std::string> result;
  if (work.result) {
    result = common::bus::ToJson(*work.result);
  }
  auto row = FirstRedirect(
      tx.exec_prepared("update_redirect_work", id, OrNull(work.task_id),
                       OrNull(work.responsible_id), domain::RedirectStatusText::Of(work.status),
                       work.status_comment, OrNull(result), TimeParam(now)),
      now);
  if (!row) {
    throw std::logic_error("redirect " + id + " vanished under a row lock");
  }
  return *row;
}

void FollowTaskOwners(pqxx::transaction_base& tx, const std::vector<std::string>& task_ids,
                      const std::optional<std::string>& time) {
  if (!task_ids.empty()) {
    tx.exec_prepared("follow_task_owners", common::db::ArrayLiteral(task_ids), OrNull(time));
  }
}

RedirectRow UpdateRedirectStatus(pqxx::transaction_base& tx, const std::string& id,
                                 v1::RedirectStatus status, const std::string& comment,
                                 const Timestamp& now) {
  auto row = FirstRedirect(
      tx.exec_prepared("update_redirect_status", id, domain::RedirectStatusText::Of(status),
                       comment, TimeParam(now)),
      now);
  if (!row) {
    throw std::logic_error("redirect " + id + " vanished under a row lock");
  }
  return *row;
}

std::vector<RedirectRow> ListRedirects(pqxx::transaction_base& tx, const RedirectFilter& f,
                                       const Timestamp& now) {
  const char* statement = f.box == v1::REDIRECT_BOX_SENT       ? "list_redirects_sent"
                          : f.box == v1::REDIRECT_BOX_RECEIVED ? "list_redirects_received"
                                                               : "list_redirects_department";
  std::optional<std::string> status;
  if (f.status) {
    status = domain::RedirectStatusText::Of(*f.status);
  }
  const KeyParams key = KeyParamsOf(f.after);
  return common::db::RowsOf(
      tx.exec_prepared(statement, f.owner, OrNull(status), f.overdue_only, TimeParam(now),
                       OrNull(key.time), OrNull(key.id), f.limit),
      [&](const Row& r) { return RedirectFromRow(r, now); });
}

}  // namespace crm::planning::store
