#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tools/cli/commands.h"

// One subcommand per unary RPC: the command's options fill a request held by the command, and
// running it calls the RPC and prints the response. The caller adds the options.
namespace crm::cli {

template <class Stub, class Request, class Response>
struct UnaryCommand {
  using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, Response*);

  CLI::App* command = nullptr;
  std::shared_ptr<Request> request = std::make_shared<Request>();
  // Run in order just before the call: they fill what options cannot (update masks, repeated
  // values, flags, paging).
  std::shared_ptr<std::vector<std::function<void(Request&)>>> steps =
      std::make_shared<std::vector<std::function<void(Request&)>>>();

  UnaryCommand(CLI::App* group, Globals& globals, const std::string& name,
               const std::string& description, Method method,
               std::function<std::unique_ptr<Stub>(const Globals&)> connect) {
    command = group->add_subcommand(name, description);
    command->callback([&globals, request = request, steps = steps, method, connect] {
      globals.action = [&globals, request, steps, method, connect] {
        for (const auto& step : *steps) {
          step(*request);
        }
        Response response;
        auto stub = connect(globals);
        return RunCall(
            globals,
            [&](grpc::ClientContext& ctx) { return ((*stub).*method)(&ctx, *request, &response); },
            response);
      };
    });
  }

  void Then(std::function<void(Request&)> step) { steps->push_back(std::move(step)); }

  // --page-size and --page-token for a List call.
  void WithPaging() {
    auto size = std::make_shared<int>(0);
    auto token = std::make_shared<std::string>();
    AddPaging(command, size.get(), token.get());
    Then([size, token](Request& r) {
      r.set_page_size(*size);
      r.set_page_token(*token);
    });
  }

  // A repeated string option, copied into the request by `add` (e.g. add_clients).
  void WithList(const std::string& option, const std::string& description, void (Request::*clear)(),
                std::string* (Request::*add)(), bool required = false) {
    auto values = std::make_shared<std::vector<std::string>>();
    auto* added = command->add_option(option, *values, description);
    if (required) {
      added->required();
    }
    Then([values, clear, add](Request& r) {
      (r.*clear)();
      for (const std::string& v : *values) {
        *(r.*add)() = v;
      }
    });
  }
};

// Options whose presence puts a path into an update mask, so a field can be cleared with "".
struct MaskedOptions {
  std::vector<std::pair<CLI::Option*, std::string>> fields;

  void Add(CLI::Option* option, std::string path) { fields.emplace_back(option, std::move(path)); }
  // The mask naming exactly the options given.
  template <class Mask>
  void Fill(Mask* mask) const {
    mask->clear_paths();
    for (const auto& [option, path] : fields) {
      if (option->count() > 0) {
        mask->add_paths(path);
      }
    }
  }
};

}  // namespace crm::cli
