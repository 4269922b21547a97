#include "services/registry/events/import_events.h"

namespace crm::registry {

events::v1::ClientImportCompleted ClientImportCompletedEvent(const v1::ClientImport& import,
                                                             const std::string& run_by) {
  events::v1::ClientImportCompleted event;
  event.set_import(import.name());
  event.set_file_name(import.file_name());
  event.set_file_sha256(import.file_sha256());
  event.set_total_rows(import.total_rows());
  event.set_created(import.counts().created());
  event.set_updated(import.counts().updated());
  event.set_unchanged(import.counts().unchanged());
  event.set_duplicate(import.counts().duplicate());
  event.set_error(import.counts().error());
  event.set_run_by(run_by);
  *event.mutable_complete_time() = import.complete_time();
  return event;
}

}  // namespace crm::registry
