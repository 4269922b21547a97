// crm-grpc-fuzz: a descriptor-driven fuzzer over every RPC of the running services. It starts the
// real stack (PostgreSQL, nats-server and the five service binaries, as the end-to-end tests do),
// lists every method of every CRM service from the compiled descriptor set, and for a number of
// rounds sends each method requests built from its descriptors with a seeded random source, with
// the tokens of every role in turn. It prints, per service and in total, the calls and their
// status codes, and checks four promises: no service process exits (crashes), no call is
// answered INTERNAL or UNKNOWN, no error is too big for the client to read, and a call answered
// with an error writes nothing (every database's
// tables summed up around batches of calls; background work is let settle first). Exits 1 when
// any of them is broken or a method was never called. tests/fuzz/README.md tells how to run it.
#include <google/api/annotations.pb.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/auth/auth.h"
#include "tests/e2e/flow.h"
#include "tests/e2e/stack.h"
#include "tests/support/service_harness.h"
#include "tools/grpc-fuzz/generic_call.h"
#include "tools/grpc-fuzz/request_generator.h"
#include "tools/grpc-fuzz/write_probe.h"

namespace crm::tools::grpc_fuzz {
namespace {

using common::auth::Role;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

struct Options {
  uint64_t seed = 1;
  int rounds = 16;
  int batch = 12;
  int examples = 3;  // requests printed per RPC and kind of finding
  std::string report;
  bool trace = false;  // every call's RPC, role, code and message on stderr
};

struct Method {
  const MethodDescriptor* descriptor = nullptr;
  std::string service;              // the process serving it: registry, planning, ...
  std::string path;                 // "/crm.registry.v1.RegistryService/GetClient"
  bool read_only = false;           // an HTTP GET: answering it must not write either
  std::vector<std::string> corpus;  // requests it answered OK, to mutate
  std::array<int64_t, 17> codes{};
  int64_t calls = 0;
  int64_t cancelled_by_us = 0;
  int printed = 0;
};

struct Caller {
  std::string role;
  std::string token;
};

struct Call {
  Method* method = nullptr;
  const Caller* caller = nullptr;
  std::vector<std::string> requests;
  grpc::StatusCode code = grpc::OK;
};

struct Totals {
  int64_t executions = 0;
  int64_t crashes = 0;
  int64_t internal = 0;
  // Errors whose trailers the client refused (RESOURCE_EXHAUSTED at the client): the caller never
  // learns what was wrong with the request.
  int64_t unreadable_errors = 0;
  int64_t unintended_writes = 0;
  int64_t writing_reads = 0;
  int64_t background_changes = 0;
  int64_t batches = 0;
  int64_t batches_judged = 0;
  int64_t calls_judged = 0;
  // Batches with a call answered OK after which the tables had changed: the probe sees writes.
  int64_t batches_that_wrote = 0;
};

const char* const kCodeNames[17] = {
    "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};

int Usage() {
  std::cerr << "usage: crm-grpc-fuzz [--seed N] [--rounds N] [--batch N] [--examples N] "
               "[--report FILE] [--trace]\n"
               "  --seed N      the random source's seed (default 1): a run repeats with it\n"
               "  --rounds N    calls of every RPC (default 16), each round with the next role\n"
               "  --batch N     calls between two database checks (default 12)\n"
               "  --examples N  requests printed per RPC for each finding (default 3)\n"
               "  --report FILE every RPC's calls by status code, tab-separated\n"
               "  --trace       every call's RPC, role, status code and message on stderr\n";
  return 2;
}

bool ParseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--trace") {
      options.trace = true;
      continue;
    }
    if (i + 1 >= argc) {
      return false;
    }
    const std::string value = argv[++i];
    if (arg == "--seed") {
      options.seed = std::stoull(value);
    } else if (arg == "--rounds") {
      options.rounds = std::stoi(value);
    } else if (arg == "--batch") {
      options.batch = std::max(1, std::stoi(value));
    } else if (arg == "--examples") {
      options.examples = std::stoi(value);
    } else if (arg == "--report") {
      options.report = value;
    } else {
      return false;
    }
  }
  return true;
}

// Every method of every CRM service in the descriptor set the build compiles from the protos.
std::vector<Method> ListMethods() {
  google::protobuf::FileDescriptorSet set;
  std::ifstream in(CRM_DESCRIPTOR_SET, std::ios::binary);
  if (!set.ParseFromIstream(&in)) {
    throw std::runtime_error(std::string("cannot read the descriptor set ") + CRM_DESCRIPTOR_SET);
  }
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::vector<Method> methods;
  for (const auto& file : set.file()) {
    if (file.package().rfind("crm.", 0) != 0) {
      continue;
    }
    for (const auto& service : file.service()) {
      const std::string full_name = file.package() + "." + service.name();
      const auto* descriptor = pool->FindServiceByName(full_name);
      if (descriptor == nullptr) {
        throw std::runtime_error(full_name + " is not linked into crm-grpc-fuzz");
      }
      // crm.<service>.v1
      const std::string process = file.package().substr(4, file.package().find('.', 4) - 4);
      for (int i = 0; i < descriptor->method_count(); ++i) {
        Method method;
        method.descriptor = descriptor->method(i);
        method.service = process;
        method.path = "/" + full_name + "/" + method.descriptor->name();
        method.read_only = method.descriptor->options().GetExtension(google::api::http).has_get();
        methods.push_back(std::move(method));
      }
    }
  }
  return methods;
}

std::string Truncated(std::string text, std::size_t limit) {
  if (text.size() > limit) {
    text.resize(limit);
    text += "…";
  }
  return text;
}

// The last `count` lines of a log.
std::string LastLines(const std::string& log, int count) {
  std::size_t start = log.size();
  for (int line = 0; line <= count && start != std::string::npos && start > 0; ++line) {
    start = log.rfind('\n', start - 1);
  }
  return start == std::string::npos ? log : log.substr(start + 1);
}

std::string RequestText(const Method& method, const std::vector<std::string>& requests) {
  std::string text;
  for (const std::string& bytes : requests) {
    std::unique_ptr<Message> request(google::protobuf::MessageFactory::generated_factory()
                                         ->GetPrototype(method.descriptor->input_type())
                                         ->New());
    request->ParseFromString(bytes);
    google::protobuf::TextFormat::Printer printer;
    printer.SetSingleLineMode(true);
    printer.SetUseUtf8StringEscaping(true);
    std::string one;
    printer.PrintToString(*request, &one);
    text += "{" + Truncated(one, 1500) + "} ";
  }
  return text;
}

class Fuzzer {
 public:
  Fuzzer(const Options& options, testing::Stack& stack, std::vector<Method> methods,
         std::vector<Caller> callers, NamePool names)
      : options_(options),
        stack_(stack),
        methods_(std::move(methods)),
        callers_(std::move(callers)),
        names_(std::move(names)),
        random_(options.seed),
        generator_(random_, names_),
        probe_(Databases(stack), stack.nats_url()) {
    for (const char* service : testing::Stack::kServices) {
      channels_[service] = stack.Channel(service);
    }
  }

  Totals Run() {
    std::vector<std::size_t> order(methods_.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      order[i] = i;
    }
    for (int round = 0; round < options_.rounds; ++round) {
      std::shuffle(order.begin(), order.end(), random_);
      for (const std::size_t index : order) {
        Method& method = methods_[index];
        const Caller& caller =
            callers_[(index + static_cast<std::size_t>(round)) % callers_.size()];
        batch_.push_back(Send(method, caller, BuildRequests(method)));
        if (static_cast<int>(batch_.size()) >= options_.batch) {
          JudgeBatch();
        }
      }
      JudgeBatch();
      CheckAlive("round " + std::to_string(round + 1));
    }
    return totals_;
  }

  void PrintTables(std::ostream& out) const {
    struct Row {
      int rpcs = 0;
      int rpcs_ok = 0;
      int64_t calls = 0;
      std::array<int64_t, 17> codes{};
    };
    std::map<std::string, Row> rows;
    Row all;
    for (const Method& method : methods_) {
      for (Row* row : {&rows[method.service], &all}) {
        row->rpcs += method.calls > 0 ? 1 : 0;
        row->rpcs_ok += method.codes[0] > 0 ? 1 : 0;
        row->calls += method.calls;
        for (std::size_t c = 0; c < 17; ++c) {
          row->codes[c] += method.codes[c];
        }
      }
    }
    char line[256];
    std::snprintf(line, sizeof line, "%-11s %5s %6s %8s %7s %7s %7s %7s %7s %7s %9s\n", "service",
                  "RPCs", "RPC ok", "calls", "OK", "INVALID", "DENIED", "NOT_FND", "PRECOND",
                  "other", "INTERNAL");
    out << line;
    auto print = [&](const std::string& name, const Row& row) {
      const int64_t other = row.calls - row.codes[grpc::OK] - row.codes[grpc::INVALID_ARGUMENT] -
                            row.codes[grpc::PERMISSION_DENIED] - row.codes[grpc::NOT_FOUND] -
                            row.codes[grpc::FAILED_PRECONDITION] - row.codes[grpc::INTERNAL] -
                            row.codes[grpc::UNKNOWN];
      std::snprintf(line, sizeof line,
                    "%-11s %5d %6d %8lld %7lld %7lld %7lld %7lld %7lld %7lld %9lld\n", name.c_str(),
                    row.rpcs, row.rpcs_ok, static_cast<long long>(row.calls),
                    static_cast<long long>(row.codes[grpc::OK]),
                    static_cast<long long>(row.codes[grpc::INVALID_ARGUMENT]),
                    static_cast<long long>(row.codes[grpc::PERMISSION_DENIED]),
                    static_cast<long long>(row.codes[grpc::NOT_FOUND]),
                    static_cast<long long>(row.codes[grpc::FAILED_PRECONDITION]),
                    static_cast<long long>(other),
                    static_cast<long long>(row.codes[grpc::INTERNAL] + row.codes[grpc::UNKNOWN]));
      out << line;
    };
    for (const auto& [name, row] : rows) {
      print(name, row);
    }
    print("all", all);
    out << "\n";
    auto figure = [&](const char* what, const std::string& value) {
      std::snprintf(line, sizeof line, "%-22s %s\n", what, value.c_str());
      out << line;
    };
    figure("RPCs covered", std::to_string(all.rpcs) + "/" + std::to_string(methods_.size()) +
                               " (answered OK at least once: " + std::to_string(all.rpcs_ok) + ")");
    figure("executions", std::to_string(totals_.executions));
    figure("crashes", std::to_string(totals_.crashes));
    figure("INTERNAL/UNKNOWN", std::to_string(totals_.internal));
    figure("errors too big to read", std::to_string(totals_.unreadable_errors));
    figure("unintended writes",
           std::to_string(totals_.unintended_writes) + " (" + std::to_string(totals_.calls_judged) +
               " calls in " + std::to_string(totals_.batches_judged) + " of " +
               std::to_string(totals_.batches) +
               " batches checked; reads that wrote: " + std::to_string(totals_.writing_reads) +
               "; background changes not caused by a call: " +
               std::to_string(totals_.background_changes) + ")");
    figure("batches that wrote", std::to_string(totals_.batches_that_wrote) +
                                     " (with a call answered OK: the check sees writes)");
  }

  bool AllCovered() const {
    return std::all_of(methods_.begin(), methods_.end(),
                       [](const Method& method) { return method.calls > 0; });
  }

  void WriteReport(const std::string& path) const {
    std::ofstream out(path);
    out << "rpc\tcalls";
    for (const char* code : kCodeNames) {
      out << "\t" << code;
    }
    out << "\n";
    for (const Method& method : methods_) {
      out << method.path << "\t" << method.calls;
      for (int64_t count : method.codes) {
        out << "\t" << count;
      }
      out << "\n";
    }
  }

 private:
  static std::map<std::string, std::string> Databases(const testing::Stack& stack) {
    std::map<std::string, std::string> urls;
    for (const char* service : testing::Stack::kServices) {
      urls[service] = stack.DatabaseUrl(service);
    }
    return urls;
  }

  std::vector<std::string> BuildRequests(Method& method) {
    const auto* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(
        method.descriptor->input_type());
    const int count = method.descriptor->client_streaming()
                          ? std::uniform_int_distribution<int>(0, 4)(random_)
                          : 1;
    std::vector<std::string> requests;
    for (int i = 0; i < count; ++i) {
      std::unique_ptr<Message> request(prototype->New());
      if (!method.corpus.empty() && std::bernoulli_distribution(0.5)(random_)) {
        request->ParseFromString(method.corpus[std::uniform_int_distribution<std::size_t>(
            0, method.corpus.size() - 1)(random_)]);
        generator_.Mutate(*request, method.descriptor->name());
      } else {
        generator_.Fill(*request, method.descriptor->name());
      }
      std::string bytes = request->SerializeAsString();
      if (std::bernoulli_distribution(0.03)(random_)) {
        CorruptBytes(bytes);
      }
      requests.push_back(std::move(bytes));
    }
    return requests;
  }

  // Bytes the C++ API would never write: flipped bytes (broken UTF-8, wrong wire types, lengths
  // past the end), a message cut short, or trailing garbage.
  void CorruptBytes(std::string& bytes) {
    auto position = [&] {
      return std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(random_);
    };
    switch (std::uniform_int_distribution<int>(0, 2)(random_)) {
      case 0:
        for (int i = 0; i < 4 && !bytes.empty(); ++i) {
          bytes[position()] = static_cast<char>(random_() & 0xff);
        }
        break;
      case 1:
        if (!bytes.empty()) {
          bytes.resize(position());
        }
        break;
      default:
        bytes += std::string("\xff\xfe\x0a\x05\xc3\x28\xa0\xa1", 8);
        break;
    }
  }

  CallOutcome Execute(const Method& method, const Caller& caller,
                      const std::vector<std::string>& requests) {
    CallSettings settings;
    return CallGeneric(channels_.at(method.service), method.path, requests, caller.token,
                       "fuzz-" + generator_.Uuid(), method.descriptor->server_streaming(),
                       settings);
  }

  Call Send(Method& method, const Caller& caller, std::vector<std::string> requests) {
    CallOutcome outcome = Execute(method, caller, requests);
    ++totals_.executions;
    ++method.calls;
    grpc::StatusCode code = outcome.status.error_code();
    if (outcome.cancelled_by_us && code == grpc::CANCELLED) {
      ++method.cancelled_by_us;
      code = grpc::OK;  // a stream we ended: what it sent was fine
    }
    ++method.codes[static_cast<std::size_t>(code)];
    if (options_.trace) {
      std::cerr << "call " << method.path << " as " << caller.role << ": " << kCodeNames[code]
                << " " << Truncated(outcome.status.error_message(), 300) << "\n";
    }
    if (code == grpc::INTERNAL || code == grpc::UNKNOWN) {
      ++totals_.internal;
      Report(method,
             "answered " + std::string(kCodeNames[code]) + " (" + outcome.status.error_message() +
                 ")\n  the service's log ends:\n" + LastLines(stack_.Log(method.service), 6),
             caller, requests);
    }
    if (code == grpc::RESOURCE_EXHAUSTED &&
        outcome.status.error_message().find("metadata size exceeds limit") != std::string::npos) {
      ++totals_.unreadable_errors;
      Report(method, "answered an error too big for the client's trailers", caller, requests);
    }
    if (code == grpc::OK) {
      const auto* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          method.descriptor->output_type());
      for (const std::string& bytes : outcome.responses) {
        std::unique_ptr<Message> response(prototype->New());
        if (response->ParseFromString(bytes)) {
          names_.Harvest(*response);
        }
      }
      if (requests.size() == 1 && method.corpus.size() < 16) {
        method.corpus.push_back(requests.front());
      }
    }
    if (code == grpc::UNAVAILABLE && !stack_.Running(method.service)) {
      CheckAlive("a call of " + method.path);
    }
    return Call{&method, &caller, std::move(requests), code};
  }

  void Report(Method& method, const std::string& what, const Caller& caller,
              const std::vector<std::string>& requests) {
    if (method.printed >= options_.examples) {
      return;
    }
    ++method.printed;
    std::cerr << "FINDING " << method.path << " as " << caller.role << ": " << what
              << "\n  request: " << RequestText(method, requests) << "\n";
  }

  void CheckAlive(const std::string& when) {
    for (const char* service : testing::Stack::kServices) {
      if (!stack_.Running(service)) {
        ++totals_.crashes;
        std::cerr << "FINDING crm-" << service << " exited during " << when << "; log tail:\n"
                  << Truncated(stack_.Log(service), 8000) << "\n";
        stack_.Start(service);
        have_before_ = false;
      }
    }
  }

  // Whether the batch's calls changed the databases although they were all refused (or were
  // reads). A change is traced to its call by replaying the batch's calls one at a time; one that
  // no call repeats came from background work and is counted apart.
  void JudgeBatch() {
    if (batch_.empty()) {
      return;
    }
    ++totals_.batches;
    const bool checkable = std::all_of(batch_.begin(), batch_.end(), [](const Call& call) {
      return call.code != grpc::OK || call.method->read_only;
    });
    if (checkable && have_before_) {
      WriteProbe::Snapshot after = probe_.Take();
      if (WriteProbe::Changed(before_, after).empty()) {
        ++totals_.batches_judged;
        totals_.calls_judged += static_cast<int64_t>(batch_.size());
        before_ = std::move(after);
        batch_.clear();
        return;
      }
      ++totals_.batches_judged;
      totals_.calls_judged += static_cast<int64_t>(batch_.size());
      TraceChange(WriteProbe::Changed(before_, after));
    }
    batch_.clear();
    const bool had_before = have_before_ && !checkable;
    WriteProbe::Snapshot previous = std::move(before_);
    have_before_ =
        probe_.WaitQuiet(before_, std::chrono::milliseconds(30), std::chrono::seconds(20));
    if (had_before && have_before_ && !WriteProbe::Changed(previous, before_).empty()) {
      ++totals_.batches_that_wrote;
    }
  }

  void TraceChange(const std::vector<std::string>& tables) {
    bool traced = false;
    for (const Call& call : batch_) {
      WriteProbe::Snapshot before;
      if (!probe_.WaitQuiet(before, std::chrono::milliseconds(50), std::chrono::seconds(20))) {
        continue;
      }
      const CallOutcome outcome = Execute(*call.method, *call.caller, call.requests);
      WriteProbe::Snapshot after;
      probe_.WaitQuiet(after, std::chrono::milliseconds(50), std::chrono::seconds(20));
      const std::vector<std::string> changed = WriteProbe::Changed(before, after);
      if (changed.empty()) {
        continue;
      }
      traced = true;
      std::string list;
      for (const std::string& table : changed) {
        list += " " + table;
      }
      if (outcome.status.ok()) {
        ++totals_.writing_reads;
        Report(*call.method, "a read (HTTP GET) changed" + list, *call.caller, call.requests);
      } else {
        ++totals_.unintended_writes;
        Report(*call.method,
               "answered " + std::string(kCodeNames[outcome.status.error_code()]) + " and changed" +
                   list,
               *call.caller, call.requests);
      }
    }
    if (!traced) {
      ++totals_.background_changes;
      std::string list;
      for (const std::string& table : tables) {
        list += " " + table;
      }
      std::cerr << "note: tables changed during a batch of refused calls, but no call of it "
                   "changes them again (background work):"
                << list << "\n";
    }
  }

  const Options& options_;
  testing::Stack& stack_;
  std::vector<Method> methods_;
  std::vector<Caller> callers_;
  NamePool names_;
  std::mt19937_64 random_;
  RequestGenerator generator_;
  WriteProbe probe_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
  std::vector<Call> batch_;
  WriteProbe::Snapshot before_;
  bool have_before_ = false;
  Totals totals_;
};

// An employee of the registry for each staff role, and a service account: the callers.
std::vector<Caller> Callers(testing::Flow& flow, NamePool& names) {
  std::vector<Caller> callers;
  callers.push_back({"sales_manager", flow.manager_token});
  const std::pair<Role, const char*> staff[] = {{Role::kSalesHead, "head"},
                                                {Role::kAnalyst, "analyst"},
                                                {Role::kAccountant, "accountant"},
                                                {Role::kAdmin, "admin"}};
  for (const auto& [role, who] : staff) {
    registry::v1::CreateEmployeeRequest request;
    request.mutable_employee()->set_full_name("Сотрудникова Анна Петровна");
    request.mutable_employee()->set_email(std::string(who) + "@expo-volga.example");
    registry::v1::Employee employee;
    const grpc::Status status =
        flow.registry->CreateEmployee(testing::Ctx(flow.admin_token).get(), request, &employee);
    if (!status.ok()) {
      throw std::runtime_error("cannot create the " + std::string(who) +
                               " employee: " + status.error_message());
    }
    names.Add(employee.name());
    callers.push_back(
        {std::string(common::auth::RoleName(role)), testing::TokenFor(employee.name(), {role})});
  }
  callers.push_back({"service", testing::TokenFor("services/crm-grpc-fuzz", {Role::kService})});
  return callers;
}

int Main(const Options& options) {
  std::vector<Method> methods = ListMethods();
  std::cout << "crm-grpc-fuzz: " << methods.size() << " RPCs, seed " << options.seed << ", "
            << options.rounds << " rounds\n"
            << std::flush;
  // The periodic jobs wait a day, so what changes the databases during the run is the calls and
  // what they cause.
  testing::Stack stack({{"documents", {{"CRM_DOCUMENTS_CLOSE_INTERVAL_MS", "86400000"}}},
                        {"accounting", {{"CRM_ACCOUNTING_OVERDUE_INTERVAL_MS", "86400000"}}}});
  testing::Flow flow(stack);
  flow.SetUpReferenceData("7707083893", "773601001");
  if (flow.client.empty()) {
    std::cerr << "crm-grpc-fuzz: the reference data could not be set up\n";
    return 2;
  }
  const auto contact = flow.PlanCall();
  flow.RecordSale(flow.PlanCall().name(), 900);
  NamePool names;
  for (const std::string& name :
       {flow.manager, flow.client, flow.contact_person, flow.edition, contact.name()}) {
    names.Add(name);
  }
  std::vector<Caller> callers = Callers(flow, names);
  Fuzzer fuzzer(options, stack, std::move(methods), std::move(callers), std::move(names));
  const auto start = std::chrono::steady_clock::now();
  const Totals totals = fuzzer.Run();
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
  std::cout << "\n";
  fuzzer.PrintTables(std::cout);
  std::cout << "time                   " << seconds.count() << " s\n";
  if (!options.report.empty()) {
    fuzzer.WriteReport(options.report);
  }
  if (!fuzzer.AllCovered()) {
    std::cerr << "crm-grpc-fuzz: some RPCs were never called (fewer rounds than roles?)\n";
    return 1;
  }
  return totals.crashes + totals.internal + totals.unreadable_errors + totals.unintended_writes > 0
             ? 1
             : 0;
}

}  // namespace
}  // namespace crm::tools::grpc_fuzz

int main(int argc, char** argv) {
  crm::tools::grpc_fuzz::Options options;
  if (!crm::tools::grpc_fuzz::ParseOptions(argc, argv, options)) {
    return crm::tools::grpc_fuzz::Usage();
  }
  try {
    return crm::tools::grpc_fuzz::Main(options);
  } catch (const std::exception& e) {
    std::cerr << "crm-grpc-fuzz: " << e.what() << "\n";
    return 2;
  }
}
