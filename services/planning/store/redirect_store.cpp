#include "services/planning/store/redirect_store.h"

#include <stdexcept>

#include "common/core/ids.h"
#include "common/db/pool.h"
#include "services/planning/store/row_helpers.h"

namespace crm::planning::store {
namespace {

using google::protobuf::Timestamp;

std::optional<std::string> OptionalText(const pqxx::field& f) {
  if (f.is_null()) {
    return std::nullopt;
  }
  return std::string(f.c_str());
}

RedirectRow ReadRedirect(const pqxx::row& r, const Timestamp& now) {
  RedirectRow row;
  row.id = r[0].c_str();
  row.parties.from_id = r[2].c_str();
  row.parties.to_id = OptionalText(r[3]);
  // "departments/{uuid}"; a redirect from before department units holds the name it was sent to
  // until registry announces a unit of that name (then the projection rewrites it).
  const std::string to_department = common::db::TextOr(r[4]);
  row.parties.to_department_id = common::ParseResourceId(to_department, "departments").value_or("");
  row.parties.responsible_id = OptionalText(r[7]);
  row.parties.from_department_id = r[14].c_str();

  v1::Redirect& d = row.redirect;
  d.set_name(common::ResourceName("redirects", row.id));
  d.set_client(common::ResourceName("clients", r[1].c_str()));
  d.set_from_employee(common::ResourceName("employees", row.parties.from_id));
  if (row.parties.to_id) {
    d.set_to_employee(common::ResourceName("employees", *row.parties.to_id));
  }
  d.set_to_department(to_department);
  *d.mutable_deadline() = rows::FromMicros(r[5]);
  d.set_goal(r[6].c_str());
  if (row.parties.responsible_id) {
    d.set_responsible(common::ResourceName("employees", *row.parties.responsible_id));
  }
  d.set_status(domain::RedirectStatusText::Parse(r[8].c_str()));
  d.set_status_comment(r[9].c_str());
  if (!r[10].is_null()) {
    d.set_contact(common::ResourceName("contacts", r[10].c_str()));
  }
  d.set_etag(r[11].c_str());
  *d.mutable_create_time() = rows::FromMicros(r[12]);
  *d.mutable_update_time() = rows::FromMicros(r[13]);
  d.set_overdue(domain::IsOverdue(d.status(), d.deadline(), now));
  return row;
}

std::optional<RedirectRow> First(const pqxx::result& result, const Timestamp& now) {
  if (result.empty()) {
    return std::nullopt;
  }
  return ReadRedirect(result[0], now);
}

}  // namespace

RedirectRow InsertRedirect(pqxx::transaction_base& tx, const NewRedirect& r, const Timestamp& now) {
  const domain::RedirectInput& in = r.input;
  std::optional<std::string> to_department;
  if (in.to_department_id) {
    to_department = common::ResourceName("departments", *in.to_department_id);
  }
  return *First(tx.exec_prepared("insert_redirect", r.id, in.client_id, r.from_employee_id,
                                 rows::OrNull(in.to_employee_id), rows::OrNull(to_department),
                                 rows::Time(in.deadline), in.goal, rows::OrNull(in.responsible_id),
                                 rows::OrNull(in.contact_id), rows::Time(r.create_time)),
                now);
}

std::optional<RedirectRow> FindRedirect(pqxx::transaction_base& tx, const std::string& id,
                                        const Timestamp& now) {
  return First(tx.exec_prepared("find_redirect", id), now);
}

std::optional<RedirectRow> FindRedirectForUpdate(pqxx::transaction_base& tx, const std::string& id,
                                                 const Timestamp& now) {
  return First(tx.exec_prepared("find_redirect_for_update", id), now);
}

RedirectRow UpdateRedirectStatus(pqxx::transaction_base& tx, const std::string& id,
                                 v1::RedirectStatus status, const std::string& comment,
                                 const Timestamp& now) {
  auto row =
      First(tx.exec_prepared("update_redirect_status", id, domain::RedirectStatusText::Of(status),
                             comment, rows::Time(now)),
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
  const rows::KeyParams key = rows::KeyParamsOf(f.after);
  auto result =
      tx.exec_prepared(statement, f.owner, rows::OrNull(status), f.overdue_only, rows::Time(now),
                       rows::OrNull(key.time), rows::OrNull(key.id), f.limit);
  std::vector<RedirectRow> out;
  out.reserve(result.size());
  for (const auto& r : result) {
    out.push_back(ReadRedirect(r, now));
  }
  return out;
}

}  // namespace crm::planning::store
