#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/auth/access.h"
#include "common/auth/auth.h"

// The access policy of every RPC, in one table (policy.cpp): by its full gRPC method name, the
// roles that may call it and the record rule (access.h's Records) its handler then applies to
// the records it touches. The RPC guard (common/grpc/rpc_guard.h) looks up the method it serves
// here; a method without a row is refused, whoever calls. Pure: no gRPC.
namespace crm::common::auth {

// A set of roles, usable in constant tables.
class RoleSet {
 public:
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role role : roles) {
      bits_ |= Bit(role);
    }
  }
  constexpr bool Contains(Role role) const { return (bits_ & Bit(role)) != 0; }

 private:
  static constexpr std::uint32_t Bit(Role role) {
    return std::uint32_t{1} << static_cast<unsigned>(role);
  }
  std::uint32_t bits_ = 0;
};

// Every CRM role, the service role included: other company systems read through the same RPCs
// as staff, and the handler's record rule decides what each caller sees.
inline constexpr RoleSet kAnyCrmRole = {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst,
                                        Role::kAccountant,   Role::kAdmin,     Role::kService};

struct RpcRule {
  std::string_view method;  // "/crm.registry.v1.RegistryService/VerifyClient"
  RoleSet roles;            // who may call it; admins always may
  // The record rule the handler applies to what it reads or writes, when one does.
  std::optional<Records> records = std::nullopt;
};

// Every row, in the table's order.
std::span<const RpcRule> RpcRules();

// The row of `method` (a full gRPC method name); nullptr when the table has none.
const RpcRule* FindRpcRule(std::string_view method);

// Whether `principal` may call the RPC of `rule`: one of its roles, or admin.
bool MayCall(const RpcRule& rule, const Principal& principal);

// "sales_manager, sales_head" (admin, always allowed, is named only when listed).
std::string RoleNames(const RoleSet& roles);

}  // namespace crm::common::auth
