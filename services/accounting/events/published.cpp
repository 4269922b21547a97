#include "services/accounting/events/published.h"

#include "common/core/ids.h"

namespace crm::accounting {

crm::events::v1::ExportCompleted ExportCompletedEvent(const ExportRecord& record,
                                                      const std::string& document) {
  crm::events::v1::ExportCompleted completed;
  completed.set_export_(common::ResourceName("exports", record.id));
  completed.set_document(document);
  completed.set_operation(record.operation);
  completed.set_document_number(record.document_number);
  completed.set_file_name(record.file_name);
  completed.set_sha256(record.sha256);
  completed.set_size_bytes(record.size_bytes);
  return completed;
}

}  // namespace crm::accounting
