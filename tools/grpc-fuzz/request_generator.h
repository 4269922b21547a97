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
  // A name of `collection` ("clients"); any name when there is none of it; "" when empty.
  std::string Pick(std::mt19937_64& random, const std::string& collection) const;
  std::size_t size() const { return all_.size(); }

 private:
  static constexpr std::size_t kPerCollection = 48;
  std::map<std::string, std::vector<std::string>> by_collection_;
  std::vector<std::string> all_;
};

// The collection a field or method names: "contact_person" -> "contactPersons",
// "GetEdition" -> "editions", "manager" -> "employees".
std::string CollectionOfField(std::string_view field_name);
std::string CollectionOfMethod(std::string_view method_name);

class RequestGenerator {
 public:
  RequestGenerator(std::mt19937_64& random, const NamePool& names);

  // Fills an empty request; `collection` is the method's own (CollectionOfMethod).
  void Fill(google::protobuf::Message& request, const std::string& collection);
  // Changes one to three fields of a request that looked valid: a hostile value, a cleared field,
  // a repeated field grown long.
  void Mutate(google::protobuf::Message& request, const std::string& collection);

  // A random version-4 UUID from this generator's random source (runs repeat with the seed).
  std::string Uuid();

 private:
  bool Chance(double p);
  int Between(int low, int high);
  template <class T>
  const T& OneOf(const std::vector<T>& values) {
    return values[static_cast<std::size_t>(Between(0, static_cast<int>(values.size()) - 1))];
  }

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
  std::string Hostile();
  std::string Bytes();
  int64_t Integer(bool is_signed);
  double Double();

  std::mt19937_64& random_;
  const NamePool& names_;
  std::string collection_;
};

}  // namespace crm::tools::grpc_fuzz
