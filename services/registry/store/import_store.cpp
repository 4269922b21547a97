#include "services/registry/store/import_store.h"

#include <nlohmann/json.hpp>
#include <tuple>

#include "common/api/enum_text.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "common/ru/messages.h"
#include "services/registry/domain/import/import_validation.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/quality_store.h"

namespace crm::registry {
namespace {

using common::db::QuotedArrayLiteral;
using common::db::Row;
using nlohmann::json;

// The stored text of the import's enums: "xlsx", "skip", "dry_run_done", "unchanged".
using FileFormatText = common::api::EnumText<v1::ImportFileFormat, common::api::TextCase::kLower>;
using PolicyText = common::api::EnumText<v1::ExistingClientPolicy, common::api::TextCase::kLower>;
using StateText = common::api::EnumText<v1::ClientImport::State, common::api::TextCase::kLower>;

std::string EncodingName(v1::ImportTextEncoding encoding) {
  switch (encoding) {
    case v1::IMPORT_TEXT_ENCODING_UTF8:
      return "utf-8";
    case v1::IMPORT_TEXT_ENCODING_WINDOWS_1251:
      return "windows-1251";
    default:
      return "";
  }
}

v1::ImportTextEncoding EncodingOf(const std::string& name) {
  if (name == "utf-8") {
    return v1::IMPORT_TEXT_ENCODING_UTF8;
  }
  if (name == "windows-1251") {
    return v1::IMPORT_TEXT_ENCODING_WINDOWS_1251;
  }
  return v1::IMPORT_TEXT_ENCODING_UNSPECIFIED;
}

std::string DelimiterName(v1::ImportCsvDelimiter delimiter) {
  switch (delimiter) {
    case v1::IMPORT_CSV_DELIMITER_SEMICOLON:
      return ";";
    case v1::IMPORT_CSV_DELIMITER_COMMA:
      return ",";
    case v1::IMPORT_CSV_DELIMITER_TAB:
      return "\t";
    default:
      return "";
  }
}

v1::ImportCsvDelimiter DelimiterOf(const std::string& name) {
  if (name == ";") {
    return v1::IMPORT_CSV_DELIMITER_SEMICOLON;
  }
  if (name == ",") {
    return v1::IMPORT_CSV_DELIMITER_COMMA;
  }
  if (name == "\t") {
    return v1::IMPORT_CSV_DELIMITER_TAB;
  }
  return v1::IMPORT_CSV_DELIMITER_UNSPECIFIED;
}

v1::ImportRow::Outcome OutcomeOf(const std::optional<std::string>& stored) {
  if (!stored) {
    return v1::ImportRow::OUTCOME_PENDING;
  }
  return ImportOutcomeText::Parse(*stored);
}

// A row of import_get.
v1::ClientImport DecodeImport(const Row& row) {
  v1::ClientImport import;
  import.set_name(common::ResourceName("imports", row.Text("id")));
  import.set_file_name(row.Text("file_name"));
  import.set_format(FileFormatText::Parse(row.Text("file_format")));
  import.set_encoding(EncodingOf(row.Text("encoding")));
  import.set_delimiter(DelimiterOf(row.Text("delimiter")));
  import.set_file_sha256(row.Text("file_sha256"));
  for (const auto& column : json::parse(row.Text("columns"))) {
    import.add_columns(column.get<std::string>());
  }
  for (const auto& mapping : json::parse(row.Text("column_mappings"))) {
    auto* out = import.add_column_mappings();
    out->set_column(mapping.at("column").get<std::string>());
    out->set_field(mapping.at("field").get<std::string>());
  }
  import.set_existing_client_policy(PolicyText::Parse(row.Text("existing_policy")));
  import.set_state(StateText::Parse(row.Text("state")));
  import.set_total_rows(row.Int32("total_rows"));
  import.set_creator(row.Text("created_by"));
  *import.mutable_create_time() = row.TimeFromMicros("create_time_us");
  *import.mutable_update_time() = row.TimeFromMicros("update_time_us");
  if (auto completed = row.OptionalTimeFromMicros("complete_time_us")) {
    *import.mutable_complete_time() = *completed;
  }
  if (auto previous = row.OptionalText("previous_import_id")) {
    import.set_previous_import(common::ResourceName("imports", *previous));
  }
  auto* counts = import.mutable_counts();
  counts->set_created(row.Int32("created"));
  counts->set_updated(row.Int32("updated"));
  counts->set_unchanged(row.Int32("unchanged"));
  counts->set_duplicate(row.Int32("duplicate"));
  counts->set_error(row.Int32("error"));
  import.set_processed_rows(row.Int32("processed"));
  return import;
}

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The row field a duplicate reason points at.
const char* ReasonField(int reason) {
  switch (reason) {
    case v1::DUPLICATE_REASON_SIMILAR_NAME:
      return "display_name";
    case v1::DUPLICATE_REASON_SAME_PHONE:
      return "phone";
    case v1::DUPLICATE_REASON_SAME_EMAIL:
      return "email";
    default:
      return "inn";
  }
}

// A row of import_rows_list.
v1::ImportRow DecodeImportRow(const std::string& import_name, const Row& row) {
  v1::ImportRow out;
  const int number = row.Int32("row_number");
  out.set_name(import_name + "/rows/" + std::to_string(number));
  out.set_row_number(number);
  out.set_outcome(OutcomeOf(row.OptionalText("outcome")));
  if (auto client_id = row.OptionalText("client_id")) {
    const std::string client = common::ResourceName("clients", *client_id);
    if (out.outcome() == v1::ImportRow::OUTCOME_DUPLICATE ||
        out.outcome() == v1::ImportRow::OUTCOME_ERROR) {
      out.set_duplicate_of(client);
    } else {
      out.set_client(client);
    }
  }
  if (!row.IsNull("duplicate_of_row")) {
    out.set_duplicate_of_row(row.Int32("duplicate_of_row"));
  }
  if (auto problems = row.OptionalText("problems")) {
    for (const auto& problem : json::parse(*problems)) {
      auto* p = out.add_problems();
      p->set_field(problem.value("field", ""));
      p->set_column(problem.value("column", ""));
      p->set_message(problem.value("message", ""));
    }
  }
  out.set_display_name(row.Text("display_name"));
  out.set_legal_name(row.Text("legal_name"));
  out.set_inn(row.Text("inn"));
  out.set_kpp(row.Text("kpp"));
  if (!row.IsNull("duplicate_score")) {
    out.set_duplicate_score(row.Int32("duplicate_score"));
  }
  for (const std::string& name : SplitComma(row.Text("duplicate_reasons"))) {
    out.add_duplicate_reasons(DuplicateReasonText::Parse(name));
  }
  if (std::string note = row.Text("note"); !note.empty()) {
    auto* p = out.add_problems();
    p->set_field(out.duplicate_reasons_size() > 0 ? ReasonField(out.duplicate_reasons(0)) : "inn");
    p->set_message(note);
  }
  // Each problem's text in Russian for people, as field violations carry it.
  for (auto& problem : *out.mutable_problems()) {
    if (auto russian = common::ru::TranslateMessage(problem.message())) {
      problem.mutable_localized_message()->set_locale(std::string(common::ru::kMessageLocale));
      problem.mutable_localized_message()->set_message(std::move(*russian));
    }
  }
  return out;
}

std::string FieldValue(const MappedRow& row, ImportField field, const std::string& value) {
  return row.filled_field(field) ? value : std::string();
}

// The row's phones and their digits as text[] literals (empty when the file gave none).
std::pair<std::string, std::string> PhoneLists(const MappedRow& row) {
  std::vector<std::string> numbers, digits;
  if (row.filled_field(ImportField::kPhone)) {
    for (const v1::Phone& phone : row.client.phones()) {
      numbers.push_back(phone.number());
      digits.push_back(NormalizePhoneDigits(phone.number()));
    }
    if (numbers.empty() && !row.client.phone().empty()) {
      numbers.push_back(row.client.phone());
      digits.push_back(NormalizePhoneDigits(row.client.phone()));
    }
  }
  return {QuotedArrayLiteral(numbers), QuotedArrayLiteral(digits)};
}

std::pair<std::string, std::string> EmailLists(const MappedRow& row) {
  std::vector<std::string> emails, keys;
  if (row.filled_field(ImportField::kEmail)) {
    emails.assign(row.client.emails().begin(), row.client.emails().end());
    if (emails.empty() && !row.client.email().empty()) {
      emails.push_back(row.client.email());
    }
    for (const std::string& email : emails) {
      keys.push_back(NormalizeEmail(email));
    }
  }
  return {QuotedArrayLiteral(emails), QuotedArrayLiteral(keys)};
}

// The clients of import_rows_mark_created and import_rows_update_clients.
std::vector<std::string> Ids(const pqxx::result& rows) {
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const auto& row : rows) {
    ids.push_back(Row(row).Text("client_id"));
  }
  return ids;
}

}  // namespace

void InsertImport(pqxx::transaction_base& tx, const NewImport& in,
                  const std::vector<MappedRow>& rows) {
  const v1::ClientImport& import = in.import;
  json columns = json::array();
  for (const std::string& column : import.columns()) {
    columns.push_back(column);
  }
  json mappings = json::array();
  for (const auto& mapping : import.column_mappings()) {
    mappings.push_back({{"column", mapping.column()}, {"field", mapping.field()}});
  }
  tx.exec_prepared0("import_insert", in.id, import.file_name(), FileFormatText::Of(import.format()),
                    EncodingName(import.encoding()), DelimiterName(import.delimiter()),
                    in.file_sha256, in.file_bytes, columns.dump(), mappings.dump(),
                    PolicyText::Of(import.existing_client_policy()), static_cast<int>(rows.size()),
                    in.actor);
  {
    pqxx::stream_to copy(
        tx, "client_import_rows",
        std::vector<std::string>{"import_id", "row_number", "display_name", "legal_name", "inn",
                                 "kpp", "ogrn", "legal_address", "phone", "email", "problems",
                                 "outcome", "phones", "phone_digits", "emails", "email_keys"});
    for (const MappedRow& row : rows) {
      const v1::Client& c = row.client;
      std::optional<std::string> problems;
      std::optional<std::string> outcome;
      if (!row.problems.empty()) {
        json list = json::array();
        for (const RowProblem& problem : row.problems) {
          list.push_back(
              {{"field", problem.field}, {"column", problem.column}, {"message", problem.message}});
        }
        problems = list.dump();
        outcome = "error";
      }
      const auto phones = PhoneLists(row);
      const auto emails = EmailLists(row);
      copy << std::make_tuple(in.id, row.number,
                              FieldValue(row, ImportField::kDisplayName, c.display_name()),
                              FieldValue(row, ImportField::kLegalName, c.legal_name()), c.inn(),
                              c.kpp(), FieldValue(row, ImportField::kOgrn, c.ogrn()),
                              FieldValue(row, ImportField::kLegalAddress, c.legal_address()),
                              FieldValue(row, ImportField::kPhone, c.phone()),
                              FieldValue(row, ImportField::kEmail, c.email()), problems, outcome,
                              phones.first, phones.second, emails.first, emails.second);
    }
    copy.complete();
  }
  tx.exec_prepared0("import_rows_mark_file_duplicates", in.id);
}

std::optional<v1::ClientImport> FindImport(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("import_get", id), DecodeImport);
}

bool ImportExists(pqxx::transaction_base& tx, const std::string& id) {
  return !tx.exec_prepared("import_exists", id).empty();
}

void SetImportState(pqxx::transaction_base& tx, const std::string& id, const std::string& state) {
  tx.exec_prepared0("import_set_state", id, state);
}

ImportRunLock::ImportRunLock(common::db::Pool::Lease lease, std::string id)
    : lease_(std::move(lease)), id_(std::move(id)) {}

std::optional<ImportRunLock> ImportRunLock::TryAcquire(common::db::Pool& pool,
                                                       const std::string& id) {
  auto lease = pool.Acquire();
  bool locked = false;
  {
    pqxx::nontransaction tx(*lease);
    locked = Row(tx.exec_prepared1("import_try_lock", id)).Bool("locked");
  }
  if (!locked) {
    return std::nullopt;
  }
  return ImportRunLock(std::move(lease), id);
}

ImportRunLock::ImportRunLock(ImportRunLock&& other) noexcept
    : lease_(std::move(other.lease_)), id_(std::move(other.id_)) {
  other.lease_.reset();
}

ImportRunLock::~ImportRunLock() {
  if (!lease_) {
    return;  // moved from
  }
  try {
    pqxx::nontransaction tx(**lease_);
    tx.exec_prepared("import_unlock", id_);
  } catch (const std::exception&) {
    // A broken connection is dropped by the pool, and its session lock goes with it.
  }
}

void ResetImportRows(pqxx::transaction_base& tx, const std::string& id) {
  tx.exec_prepared0("import_rows_reset", id);
}

std::pair<int, int> ImportRowBounds(pqxx::transaction_base& tx, const std::string& id) {
  const Row row(tx.exec_prepared1("import_rows_bounds", id));
  return {row.Int32("first_row"), row.Int32("last_row")};
}

namespace {

// A reason as a person reads it in the row's note.
const char* ReasonWords(int reason) {
  switch (reason) {
    case v1::DUPLICATE_REASON_SAME_INN_KPP:
      return "same INN and KPP";
    case v1::DUPLICATE_REASON_SAME_INN:
      return "same INN";
    case v1::DUPLICATE_REASON_SIMILAR_NAME:
      return "same name";
    case v1::DUPLICATE_REASON_SAME_PHONE:
      return "same phone";
    case v1::DUPLICATE_REASON_SAME_EMAIL:
      return "same e-mail";
    default:
      return "";
  }
}

// Rows of the batch that are probable duplicates of existing clients get that result, with the
// client, the score and the reasons, before anything is created from them.
void MarkProbableDuplicates(pqxx::transaction_base& tx, const ImportBatch& b) {
  const auto duplicates = FindImportRowDuplicates(tx, b.import_id, b.first_row, b.end_row);
  if (duplicates.empty()) {
    return;
  }
  std::vector<std::string> rows, clients, scores, reasons, notes;
  for (const ImportRowDuplicate& d : duplicates) {
    const v1::DuplicateCandidate& c = d.candidate;
    rows.push_back(std::to_string(d.row_number));
    clients.push_back(common::ParseResourceId(c.client(), "clients").value());
    scores.push_back(std::to_string(c.score()));
    std::string stored, words;
    for (int reason : c.reasons()) {
      stored += (stored.empty() ? "" : ",") +
                DuplicateReasonText::Of(static_cast<v1::DuplicateReason>(reason));
      words += std::string(words.empty() ? "" : ", ") + ReasonWords(reason);
    }
    reasons.push_back(stored);
    notes.push_back("probable duplicate of " + c.client() + " \"" + c.display_name() + "\" (" +
                    words + ", score " + std::to_string(c.score()) +
                    "); merge the records or correct the row");
  }
  tx.exec_prepared0("import_rows_mark_probable_duplicates", b.import_id, b.first_row, b.end_row,
                    QuotedArrayLiteral(rows), QuotedArrayLiteral(clients),
                    QuotedArrayLiteral(scores), QuotedArrayLiteral(reasons),
                    QuotedArrayLiteral(notes));
}

}  // namespace

BatchChanges RunImportBatch(pqxx::transaction_base& tx, const ImportBatch& batch) {
  const auto& b = batch;
  tx.exec_prepared0("import_rows_match_clients", b.import_id, b.first_row, b.end_row,
                    b.skip_existing);
  MarkProbableDuplicates(tx, b);
  BatchChanges changes;
  if (b.validate_only) {
    tx.exec_prepared0("import_rows_predict_created", b.import_id, b.first_row, b.end_row);
    return changes;
  }
  tx.exec_prepared0("import_rows_assign_client_ids", b.import_id, b.first_row, b.end_row);
  tx.exec_prepared0("import_rows_create_clients", b.import_id, b.first_row, b.end_row, b.actor);
  const std::vector<std::string> created =
      Ids(tx.exec_prepared("import_rows_mark_created", b.import_id, b.first_row, b.end_row));
  tx.exec_prepared0("import_rows_mark_raced", b.import_id, b.first_row, b.end_row);
  const std::vector<std::string> updated = Ids(
      tx.exec_prepared("import_rows_update_clients", b.import_id, b.first_row, b.end_row, b.actor));
  changes.created = FindClientsByIds(tx, created);
  changes.updated = FindClientsByIds(tx, updated);
  return changes;
}

std::vector<v1::Client> FindClientsByIds(pqxx::transaction_base& tx,
                                         const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return {};
  }
  return ClientsFromRows(tx.exec_prepared("clients_by_ids", common::db::ArrayLiteral(ids)));
}

void AppendClientHistoryMany(pqxx::transaction_base& tx, const std::vector<v1::Client>& clients,
                             const std::string& change, const std::string& actor,
                             const std::string& request_id) {
  if (clients.empty()) {
    return;
  }
  std::string array = "[";
  for (std::size_t i = 0; i < clients.size(); ++i) {
    array += i == 0 ? "" : ",";
    array += common::bus::ToJson(clients[i]);
  }
  array += "]";
  tx.exec_prepared0("client_history_append_many", change, actor, request_id, array);
}

ImportRowsPage ListImportRows(pqxx::transaction_base& tx, const ImportRowsQuery& query) {
  // The outcomes are fixed lower-case words, which need no quoting.
  pqxx::result rows =
      tx.exec_prepared("import_rows_list", query.import_id, query.after_row,
                       common::db::ArrayLiteral(query.outcomes), query.page_size + 1);
  ImportRowsPage page;
  const std::string name = common::ResourceName("imports", query.import_id);
  const auto size = static_cast<std::size_t>(query.page_size);
  for (std::size_t i = 0; i < rows.size() && i < size; ++i) {
    page.rows.push_back(DecodeImportRow(name, Row(rows[static_cast<pqxx::result::size_type>(i)])));
  }
  if (rows.size() > size) {
    page.next_after_row = page.rows.back().row_number();
  }
  return page;
}

}  // namespace crm::registry
