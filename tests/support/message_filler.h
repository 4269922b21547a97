#pragma once

// Random protobuf messages for tests that compare two encoders of the same message.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <iterator>
#include <limits>
#include <random>
#include <string>

namespace crm::testing {

// Fills a message with random values through reflection: every scalar kind with its extremes,
// strings mixing ASCII, Cyrillic, characters JSON or the converter escapes and ones beyond the
// Basic Multilingual Plane, enum numbers without a name, times in and out of range.
class MessageFiller {
 public:
  explicit MessageFiller(unsigned seed) : random_(seed) {}

  void Fill(google::protobuf::Message& message, int depth) {
    const google::protobuf::Descriptor* d = message.GetDescriptor();
    const auto* r = message.GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
      const google::protobuf::FieldDescriptor* f = d->field(i);
      if (Pick(3) == 0) {
        continue;
      }
      if (f->is_map()) {
        for (int n = Pick(3); n > 0; --n) {
          google::protobuf::Message* entry = r->AddMessage(&message, f);
          Fill(*entry, depth + 1);
        }
        continue;
      }
      const int count = f->is_repeated() ? Pick(4) : 1;
      for (int n = 0; n < count; ++n) {
        Set(message, f, depth);
      }
    }
  }

 private:
  int Pick(int below) { return static_cast<int>(random_() % static_cast<unsigned>(below)); }

  template <class T>
  T Number() {
    switch (Pick(5)) {
      case 0:
        return 0;
      case 1:
        return std::numeric_limits<T>::max();
      case 2:
        return std::numeric_limits<T>::min();
      case 3:
        return static_cast<T>(1);
      default:
        return static_cast<T>(random_());
    }
  }

  std::string Text() {
    static const char* pieces[] = {
        "Предложить стенд", "abc",        " ",        "<b>",  "&amp;",    "\"q\"",
        "back\\slash",      "\n\t\r\b\f", "\x01\x1f", "\x7f", "\xc2\xad",  // soft hyphen
        "\xe2\x80\xa8",                                                    // line separator
        "\xef\xbb\xbf",                                                    // byte order mark
        "\xf0\x9f\x98\x80",                                                // an emoji
        "\xf3\xa0\x80\xa0",  // a tag character (escaped)
        "€ № «ёлка»",       "/path?x=1"};
    std::string text;
    for (int n = Pick(4); n > 0; --n) {
      text += pieces[Pick(std::size(pieces))];
    }
    return text;
  }

  void Set(google::protobuf::Message& message, const google::protobuf::FieldDescriptor* f,
           int depth) {
    const auto* r = message.GetReflection();
    const bool repeated = f->is_repeated();
    switch (f->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_INT32: {
        auto v = Number<int32_t>();
        repeated ? r->AddInt32(&message, f, v) : r->SetInt32(&message, f, v);
        return;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_INT64: {
        auto v = Number<int64_t>();
        repeated ? r->AddInt64(&message, f, v) : r->SetInt64(&message, f, v);
        return;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_UINT32: {
        auto v = Number<uint32_t>();
        repeated ? r->AddUInt32(&message, f, v) : r->SetUInt32(&message, f, v);
        return;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_UINT64: {
        auto v = Number<uint64_t>();
        repeated ? r->AddUInt64(&message, f, v) : r->SetUInt64(&message, f, v);
        return;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_DOUBLE: {
        double v = Pick(2) == 0 ? 0.1 * Pick(1000) : 1e300;
        repeated ? r->AddDouble(&message, f, v) : r->SetDouble(&message, f, v);
        return;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_FLOAT: {
        float v = 0.25F * static_cast<float>(Pick(100));
        repeated ? r->AddFloat(&message, f, v) : r->SetFloat(&message, f, v);
        return;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_BOOL: {
        bool v = Pick(2) == 0;
        repeated ? r->AddBool(&message, f, v) : r->SetBool(&message, f, v);
        return;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_ENUM: {
        const auto* e = f->enum_type();
        int v = Pick(10) == 0 ? 1000 + Pick(10) : e->value(Pick(e->value_count()))->number();
        if (f->file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO3 ||
            e->FindValueByNumber(v) != nullptr) {
          repeated ? r->AddEnumValue(&message, f, v) : r->SetEnumValue(&message, f, v);
        }
        return;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_STRING: {
        std::string v = Text();
        if (f->type() == google::protobuf::FieldDescriptor::TYPE_BYTES) {
          v.clear();
          for (int n = Pick(8); n > 0; --n) {
            v.push_back(static_cast<char>(random_()));
          }
        }
        repeated ? r->AddString(&message, f, v) : r->SetString(&message, f, v);
        return;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE: {
        const std::string& type = f->message_type()->full_name();
        if (type == "google.protobuf.Any" || type == "google.protobuf.Struct" ||
            type == "google.protobuf.Value" || type == "google.protobuf.ListValue" ||
            (depth > 3 && !f->message_type()->full_name().starts_with("google.protobuf."))) {
          return;  // an Any needs a resolvable type; deep recursion adds nothing
        }
        google::protobuf::Message* sub =
            repeated ? r->AddMessage(&message, f) : r->MutableMessage(&message, f);
        if (type == "google.protobuf.Timestamp" || type == "google.protobuf.Duration") {
          SetTime(*sub, type == "google.protobuf.Duration");
        } else {
          Fill(*sub, depth + 1);
        }
        return;
      }
    }
  }

  void SetTime(google::protobuf::Message& time, bool duration) {
    const auto* d = time.GetDescriptor();
    const auto* r = time.GetReflection();
    int64_t seconds = 0;
    int32_t nanos = 0;
    switch (Pick(6)) {
      case 0:
        break;
      case 1:
        seconds = duration ? 315576000000 : 253402300799;
        nanos = 999999999;
        break;
      case 2:
        seconds = duration ? -315576000000 : -62135596800;
        nanos = duration ? -5000000 : 0;
        break;
      case 3:
        seconds = static_cast<int64_t>(random_() % 4000000000ULL);
        nanos = static_cast<int32_t>(Pick(1000)) * (Pick(2) == 0 ? 1000000 : 1000);
        break;
      case 4:
        seconds = duration ? -static_cast<int64_t>(Pick(100000)) : 1803880800 + Pick(100000);
        nanos = static_cast<int32_t>(random_() % 1000000000) * (duration && seconds < 0 ? -1 : 1);
        break;
      default:  // out of range or inconsistent: the converter refuses it
        seconds = duration ? 400000000000 : 253402300800;
        nanos = -1;
    }
    r->SetInt64(&time, d->FindFieldByName("seconds"), seconds);
    r->SetInt32(&time, d->FindFieldByName("nanos"), nanos);
  }

  std::mt19937_64 random_;
};

}  // namespace crm::testing
