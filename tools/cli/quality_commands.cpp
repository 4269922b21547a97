// crm quality ...: duplicates, the analysts' verification queue and merges (ClientQualityService).
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crm/registry/v1/quality.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;
using Quality = reg::ClientQualityService::Stub;

// Makes `command` call `method` with `*request` and print the response. `prepare` runs first,
// to copy parsed options into the request.
template <class Request, class Response>
void Calls(CLI::App* command, Globals& globals, std::shared_ptr<Request> request,
           grpc::Status (Quality::*method)(grpc::ClientContext*, const Request&, Response*),
           std::function<void()> prepare = {}) {
  command->callback([&globals, request, method, prepare] {
    globals.action = [&globals, request, method, prepare] {
      if (prepare) {
        prepare();
      }
      Response response;
      auto stub = StubFor<reg::ClientQualityService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return ((*stub).*method)(&ctx, *request, &response); },
          response);
    };
  });
}

const std::map<std::string, reg::VerificationReason> kReasons = {
    {"new-record", reg::VERIFICATION_REASON_NEW_RECORD},
    {"flagged", reg::VERIFICATION_REASON_FLAGGED_BY_MANAGER},
    {"returned-mail", reg::VERIFICATION_REASON_RETURNED_MAIL},
};

void AddDuplicateCommands(CLI::App& group, Globals& globals) {
  auto check = std::make_shared<reg::CheckDuplicatesRequest>();
  auto* c = check->mutable_client();
  auto* cmd = group.add_subcommand(
      "check-duplicates", "Clients already in the base that may be this company, with reasons");
  cmd->add_option("--display-name", *c->mutable_display_name(), "Short name");
  cmd->add_option("--legal-name", *c->mutable_legal_name(), "Full legal name");
  cmd->add_option("--inn", *c->mutable_inn(), "INN");
  cmd->add_option("--kpp", *c->mutable_kpp(), "KPP");
  cmd->add_option("--phone", *c->mutable_phone(), "Phone");
  cmd->add_option("--email", *c->mutable_email(), "E-mail");
  Calls(cmd, globals, check, &Quality::CheckDuplicates);
}

void AddVerificationCommands(CLI::App& group, Globals& globals) {
  struct Queue {
    reg::ListVerificationQueueRequest request;
    int page_size = 0;
    std::string reason;
  };
  auto queue = std::make_shared<Queue>();
  auto request = std::shared_ptr<reg::ListVerificationQueueRequest>(queue, &queue->request);
  auto* queue_cmd = group.add_subcommand("queue", "The analysts' queue, oldest first");
  queue_cmd->add_option("--reason", queue->reason, "new-record, flagged or returned-mail")
      ->check(CLI::IsMember({"new-record", "flagged", "returned-mail"}));
  AddPaging(queue_cmd, &queue->page_size, queue->request.mutable_page_token());
  Calls(queue_cmd, globals, request, &Quality::ListVerificationQueue, [queue] {
    queue->request.set_page_size(queue->page_size);
    queue->request.set_reason(queue->reason.empty() ? reg::VERIFICATION_REASON_UNSPECIFIED
                                                    : kReasons.at(queue->reason));
  });

  struct Verify {
    reg::VerifyClientRequest request;
    bool confirmed = false;
  };
  auto verify = std::make_shared<Verify>();
  auto* verify_cmd = group.add_subcommand("verify", "Confirm a client's record");
  verify_cmd->add_option("name", *verify->request.mutable_name(), "clients/<uuid>")->required();
  verify_cmd->add_option("--etag", *verify->request.mutable_etag(), "The etag as last read")
      ->required();
  verify_cmd->add_option("--comment", *verify->request.mutable_comment(), "Comment");
  verify_cmd->add_flag("--postal-address-confirmed", verify->confirmed,
                       "The postal address was checked after returned mail and is right");
  Calls(verify_cmd, globals, std::shared_ptr<reg::VerifyClientRequest>(verify, &verify->request),
        &Quality::VerifyClient,
        [verify] { verify->request.set_postal_address_confirmed(verify->confirmed); });

  auto reject = std::make_shared<reg::RejectClientRequest>();
  auto* reject_cmd = group.add_subcommand("reject", "Reject a client's record, with the reason");
  reject_cmd->add_option("name", *reject->mutable_name(), "clients/<uuid>")->required();
  reject_cmd->add_option("--etag", *reject->mutable_etag(), "The etag as last read")->required();
  reject_cmd->add_option("--reason", *reject->mutable_reason(), "Why")->required();
  Calls(reject_cmd, globals, reject, &Quality::RejectClient);

  struct Flag {
    reg::FlagClientRequest request;
    std::vector<std::string> fields;
  };
  auto flag = std::make_shared<Flag>();
  auto* flag_cmd = group.add_subcommand("flag", "Report a client's record as wrong (after a call)");
  flag_cmd->add_option("name", *flag->request.mutable_name(), "clients/<uuid>")->required();
  flag_cmd->add_option("--problem", *flag->request.mutable_problem(), "What is wrong, briefly")
      ->required();
  flag_cmd->add_option("--field", flag->fields, "A wrong client field, e.g. phone (repeatable)");
  flag_cmd->add_option("--comment", *flag->request.mutable_comment(), "Comment");
  flag_cmd->add_option("--request-id", *flag->request.mutable_request_id(), "Idempotency key");
  Calls(flag_cmd, globals, std::shared_ptr<reg::FlagClientRequest>(flag, &flag->request),
        &Quality::FlagClient, [flag] {
          flag->request.clear_field_paths();
          for (const auto& field : flag->fields) {
            flag->request.add_field_paths(field);
          }
        });

  auto mail = std::make_shared<reg::MarkPostalAddressInvalidRequest>();
  auto* mail_cmd = group.add_subcommand(
      "returned-mail", "Mail to the client's postal address came back: mark it invalid");
  mail_cmd->add_option("name", *mail->mutable_name(), "clients/<uuid>")->required();
  mail_cmd->add_option("--problem", *mail->mutable_problem(), "What the post said");
  mail_cmd->add_option("--comment", *mail->mutable_comment(), "Comment");
  mail_cmd->add_option("--request-id", *mail->mutable_request_id(), "Idempotency key");
  Calls(mail_cmd, globals, mail, &Quality::MarkPostalAddressInvalid);
}

void AddMergeCommands(CLI::App& group, Globals& globals) {
  struct Merge {
    reg::MergeClientsRequest request;
    std::vector<std::string> merged;
    std::vector<std::string> etags;
  };
  auto merge = std::make_shared<Merge>();
  auto* merge_cmd = group.add_subcommand("merge", "Merge duplicates into a survivor (undoable)");
  merge_cmd->add_option("--survivor", *merge->request.mutable_survivor(), "clients/<uuid>")
      ->required();
  merge_cmd->add_option("--merged", merge->merged, "clients/<uuid> to merge (repeatable)")
      ->required();
  merge_cmd
      ->add_option("--etag", merge->etags,
                   "clients/<uuid>=<etag> of the survivor and of each merged client")
      ->required();
  merge_cmd->add_option("--comment", *merge->request.mutable_comment(), "Comment");
  merge_cmd->add_option("--request-id", *merge->request.mutable_request_id(), "Idempotency key");
  Calls(merge_cmd, globals, std::shared_ptr<reg::MergeClientsRequest>(merge, &merge->request),
        &Quality::MergeClients, [merge] {
          merge->request.clear_merged();
          for (const auto& name : merge->merged) {
            merge->request.add_merged(name);
          }
          merge->request.clear_etags();
          for (const auto& pair : merge->etags) {
            const auto equals = pair.rfind('=');
            if (equals == std::string::npos) {
              throw ArgumentError("--etag " + pair + ": expected clients/<uuid>=<etag>");
            }
            (*merge->request.mutable_etags())[pair.substr(0, equals)] = pair.substr(equals + 1);
          }
        });

  auto get = std::make_shared<reg::GetMergeRequest>();
  auto* get_cmd = group.add_subcommand("get-merge", "Show a merge");
  get_cmd->add_option("name", *get->mutable_name(), "merges/<uuid>")->required();
  Calls(get_cmd, globals, get, &Quality::GetMerge);

  auto undo = std::make_shared<reg::UndoMergeRequest>();
  auto* undo_cmd =
      group.add_subcommand("undo-merge", "Restore the merged clients and move back their records");
  undo_cmd->add_option("name", *undo->mutable_name(), "merges/<uuid>")->required();
  Calls(undo_cmd, globals, undo, &Quality::UndoMerge);
}

constexpr std::chrono::minutes kScanDeadline{5};

void AddScanCommand(CLI::App& group, Globals& globals) {
  struct Scan {
    reg::FindDuplicatesRequest request;
    int page_size = 0;
    int min_score = 0;
    bool all = false;
  };
  auto scan = std::make_shared<Scan>();
  auto* cmd = group.add_subcommand(
      "find-duplicates",
      "Scan the whole base for duplicates, a batch of clients per call (clusters with scores)");
  cmd->add_option("--page-size", scan->page_size, "Clients per batch (default 100)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--page-token", *scan->request.mutable_page_token(),
                  "nextPageToken of the previous batch: resume the scan there");
  cmd->add_option("--min-score", scan->min_score, "Only pairs scoring at least this")
      ->check(CLI::Range(40, 100));
  cmd->add_flag("--all", scan->all,
                "Go on to the end of the base, printing each batch's answer as it comes");
  cmd->callback([&globals, scan] {
    globals.action = [&globals, scan] {
      auto stub = StubFor<reg::ClientQualityService>(globals);
      reg::FindDuplicatesRequest request = scan->request;
      request.set_page_size(scan->page_size);
      request.set_min_score(scan->min_score);
      while (true) {
        reg::FindDuplicatesResponse response;
        const int code = RunCall(
            globals,
            [&](grpc::ClientContext& ctx) {
              // A batch compares each of its clients with the whole base: allow it time.
              ctx.set_deadline(std::chrono::system_clock::now() + kScanDeadline);
              return stub->FindDuplicates(&ctx, request, &response);
            },
            response);
        if (code != 0 || !scan->all || response.next_page_token().empty()) {
          return code;
        }
        request.set_page_token(response.next_page_token());
      }
    };
  });
}

}  // namespace

void AddQualityCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand(
      "quality", "The base's quality: duplicates, the verification queue, merges");
  group->require_subcommand(1);
  AddDuplicateCommands(*group, globals);
  AddVerificationCommands(*group, globals);
  AddMergeCommands(*group, globals);
  AddScanCommand(*group, globals);
}

}  // namespace crm::cli
