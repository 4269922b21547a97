#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

// Requests built from the descriptors alone: every field type gets random values, hostile ones
// most of the time (long strings, control characters, SQL metacharacters, resource names of other
// collections, extreme and negative numbers, NaN, impossible dates, field masks with unknown paths,
// garbage page tokens), and plausible ones the rest (resource names seen in earlier answers,
// well-formed requisites), so a call sometimes gets past validation into the handler.
namespace crm::tools::grpc_fuzz {

// Resource names ("clients/{id}", "clients/{id}/contactPersons/{id}") seen in answers, by the
// collection of their last id.
class NamePool {
 public:
  void Add(const std::string& name);
  // Every string of `message` (recursively) that has the shape of a resource name.
  void Harvest(const google::protobuf::Message& message);
  // A name of `collection` ("clients"); "" when none was seen.
  std::string Pick(std::mt19937_64& random, const std::string& collection) const;
  // Any name seen; "" when none was.
  std::string PickAny(std::mt19937_64& random) const;
  std::size_t size() const { return all_.size(); }
  // The etag an answer gave with the resource `name`; "" when none was seen.
  std::string EtagOf(const std::string& name) const;

 private:
  static constexpr std::size_t kPerCollection = 48;
  std::map<std::string, std::vector<std::string>> by_collection_;
  std::vector<std::string> all_;
  std::map<std::string, std::string> etags_;
};

// The collection a field names: "contact_person" -> "contactPersons", "manager" -> "employees".
std::string CollectionOfField(std::string_view field_name);

class RequestGenerator {
 public:
  RequestGenerator(std::mt19937_64& random, const NamePool& names);

  // Fills an empty request of the method `method_name` (GetClient: its `name` is a client's).
  void Fill(google::protobuf::Message& request, const std::string& method_name);
  // Changes one to three fields of a request that looked valid: a hostile value, a cleared field,
  // a repeated field grown long.
  void Mutate(google::protobuf::Message& request, const std::string& method_name);

  // A random version-4 UUID from this generator's random source (runs repeat with the seed).
  std::string Uuid();

 private:
  bool Chance(double p);
  int Between(int low, int high);
  template <class T>
  const T& OneOf(const std::vector<T>& values) {
    return values[static_cast<std::size_t>(Between(0, static_cast<int>(values.size()) - 1))];
  }

  // Sets each field with `set_probability`; a plausible fill (no hostile values) sets every
  // REQUIRED field, no OUTPUT_ONLY one, and the etag last seen with the message's name.
  void FillMessage(google::protobuf::Message& message, int depth, double set_probability);
  void SetField(google::protobuf::Message& message, const google::protobuf::FieldDescriptor* field,
                int depth, bool hostile);
  void AddOrSet(google::protobuf::Message& message, const google::protobuf::FieldDescriptor* field,
                int depth, bool hostile);
  // Well-known and common messages with a shape of their own; false for any other message.
  bool FillSpecial(google::protobuf::Message& message, bool hostile);
  void FillFieldMask(google::protobuf::Message& mask, const google::protobuf::Message& parent);

  std::string String(const google::protobuf::FieldDescriptor& field, bool hostile);
  std::string Plausible(const google::protobuf::FieldDescriptor& field);
  // A name seen of `collection`, else a well-formed one nobody has (or, for the method's own
  // name, a singleton under a known edition or employee: ".../budget").
  std::string NameOf(const std::string& collection, bool own);
  void ForMethod(const std::string& method_name);
  std::string Hostile();
  std::string Bytes();
  int64_t Integer(bool is_signed, bool hostile);
  double Double(bool hostile);

  std::mt19937_64& random_;
  const NamePool& names_;
  std::string collection_;  // of the method's resource: "clients"
  std::string noun_;        // the same in the singular: "client"
  double hostile_rate_ = 0.45;
};

}  // namespace crm::tools::grpc_fuzz
