#include "clinic/postgres_handle.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <exception>
#include <system_error>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "clinic/repository.hpp"

namespace bfr::clinic::postgres {

namespace {

// libpq messages span lines ("ERROR:  ...\nDETAIL:  ...", or a reason with
// tab-indented hints). Server errors keep their first line, which states the
// problem without echoing the row's data; other messages keep every line.
std::string one_line(std::string_view message, bool first_line_only) {
  std::string line;
  bool pending_space = false;
  for (const char c : message) {
    if (c == '\n' && first_line_only && !line.empty()) break;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !line.empty();
      continue;
    }
    if (pending_space) line += ' ';
    pending_space = false;
    line += c;
  }
  constexpr std::string_view kSeverity = "ERROR: ";
  if (line.starts_with(kSeverity)) line.erase(0, kSeverity.size());
  return line;
}

// Call only from a catch block: turns the exception in flight into a
// StorageError that names `location`.
[[noreturn]] void rethrow_as_storage_error(std::string_view context, const std::string& location) {
  try {
    throw;
  } catch (const StorageError&) {
    throw;
  } catch (const pqxx::broken_connection& error) {
    throw StorageError(fmt::format("lost the connection to database {}: {}", location,
                                   one_line(error.what(), false)));
  } catch (const pqxx::sql_error& error) {
    throw StorageError(
        fmt::format("{}: {} (database {})", context, one_line(error.what(), true), location));
  } catch (const std::exception& error) {
    throw StorageError(
        fmt::format("{}: {} (database {})", context, one_line(error.what(), false), location));
  }
}

Rows copy_rows(const pqxx::result& result) {
  Rows rows;
  rows.reserve(result.size());
  const pqxx::row_size_type columns = result.columns();
  for (pqxx::result::size_type r = 0; r < result.size(); ++r) {
    const pqxx::row row = result[r];
    std::vector<Value> fields;
    fields.reserve(columns);
    for (pqxx::row_size_type c = 0; c < columns; ++c) {
      const pqxx::field field = row[c];
      if (field.is_null()) {
        fields.emplace_back(std::nullopt);
      } else {
        fields.emplace_back(std::string(field.c_str(), field.size()));
      }
    }
    rows.emplace_back(std::move(fields));
  }
  return rows;
}

Rows run_query(pqxx::transaction_base& transaction, std::string_view sql,
               std::span<const Value> parameters) {
  const Value* const begin = parameters.data();
  return copy_rows(transaction.exec_params(
      std::string(sql), pqxx::prepare::make_dynamic_params(begin, begin + parameters.size())));
}

template <typename Number>
Number parse_number(const std::string& text) {
  Number value{};
  const char* const end = text.data() + text.size();
  const std::from_chars_result parsed = std::from_chars(text.data(), end, value);
  if (parsed.ec != std::errc{} || parsed.ptr != end) {
    throw StorageError(fmt::format("database returned '{}' where a number was expected", text));
  }
  return value;
}

}  // namespace

std::string without_password(std::string_view url) {
  std::string result(url);
  // postgresql://user:secret@host/...: the userinfo ends at the last '@'
  // before the path or query.
  if (const std::size_t scheme_end = result.find("://"); scheme_end != std::string::npos) {
    const std::size_t authority_begin = scheme_end + 3;
    std::size_t authority_end = result.find_first_of("/?", authority_begin);
    if (authority_end == std::string::npos) authority_end = result.size();
    const std::size_t at = result.rfind('@', authority_end);
    if (at != std::string::npos && at >= authority_begin) {
      const std::size_t colon = result.find(':', authority_begin);
      if (colon < at) result.erase(colon, at - colon);
    }
  }
  // ...?sslmode=require&password=secret: drop the password parameter.
  if (const std::size_t query_begin = result.find('?'); query_begin != std::string::npos) {
    std::string kept;
    std::size_t begin = query_begin + 1;
    while (begin <= result.size()) {
      std::size_t end = result.find('&', begin);
      if (end == std::string::npos) end = result.size();
      const std::string_view parameter = std::string_view(result).substr(begin, end - begin);
      if (!parameter.empty() && !parameter.starts_with("password=") && parameter != "password") {
        if (!kept.empty()) kept += '&';
        kept += parameter;
      }
      begin = end + 1;
    }
    result.erase(kept.empty() ? query_begin : query_begin + 1);
    result += kept;
  }
  return result;
}

Value to_value(std::int64_t value) {
  return fmt::format("{}", value);
}

Value to_value(int value) {
  return fmt::format("{}", value);
}

Value to_value(double value) {
  // PostgreSQL's spellings; fmt would write "nan" and "inf".
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", value);
}

Value to_value(std::string_view value) {
  return std::string(value);
}

Value to_value(std::nullopt_t) {
  return std::nullopt;
}

const Value& Row::field(int column) const {
  if (column < 0 || column >= column_count()) {
    throw StorageError(
        fmt::format("internal error: no column {} in a row of {} columns", column, column_count()));
  }
  return fields_[static_cast<std::size_t>(column)];
}

bool Row::is_null(int column) const {
  return !field(column).has_value();
}

std::int64_t Row::int64(int column) const {
  return optional_int64(column).value_or(0);
}

int Row::int32(int column) const {
  const Value& value = field(column);
  return value ? parse_number<int>(*value) : 0;
}

double Row::real(int column) const {
  return optional_real(column).value_or(0.0);
}

std::string Row::text(int column) const {
  return field(column).value_or(std::string{});
}

std::optional<std::int64_t> Row::optional_int64(int column) const {
  const Value& value = field(column);
  if (!value) return std::nullopt;
  return parse_number<std::int64_t>(*value);
}

std::optional<double> Row::optional_real(int column) const {
  const Value& value = field(column);
  if (!value) return std::nullopt;
  // The connection asks for extra_float_digits = 3, so this text is the
  // shortest one that reads back exactly.
  return parse_number<double>(*value);
}

struct Connection::Impl {
  explicit Impl(const std::string& url) : connection(url) {}
  pqxx::connection connection;
};

Connection::Connection(const std::string& url) : location_(without_password(url)) {
  try {
    impl_ = std::make_unique<Impl>(url);
  } catch (const std::exception& error) {
    throw StorageError(
        fmt::format("cannot connect to database {}: {}", location_, one_line(error.what(), false)));
  }
  // UTF-8 because records hold UTF-8 strings; extra_float_digits > 0 makes
  // the server print doubles exactly (whatever the server's default); NOTICEs
  // such as "relation already exists, skipping" would only clutter stderr.
  execute(
      "SET client_encoding = 'UTF8'; SET extra_float_digits = 3; "
      "SET client_min_messages = warning");
}

Connection::~Connection() = default;

void Connection::execute(std::string_view sql) {
  try {
    pqxx::nontransaction autocommit(impl_->connection);
    autocommit.exec(std::string(sql));
  } catch (...) {
    rethrow_as_storage_error("database error", location_);
  }
}

Rows Connection::query_with(std::string_view sql, std::span<const Value> parameters) {
  try {
    pqxx::nontransaction autocommit(impl_->connection);
    return run_query(autocommit, sql, parameters);
  } catch (...) {
    rethrow_as_storage_error("database error", location_);
  }
}

int Connection::server_version() const {
  return impl_->connection.server_version();
}

struct Transaction::Impl {
  std::unique_ptr<pqxx::transaction_base> transaction;
};

Transaction::Transaction(Connection& connection, Mode mode)
    : connection_(connection), impl_(std::make_unique<Impl>()) {
  pqxx::connection& raw = connection_.impl_->connection;
  try {
    if (mode == Mode::kRead) {
      impl_->transaction =
          std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(raw);
    } else {
      impl_->transaction = std::make_unique<pqxx::work>(raw);
    }
  } catch (...) {
    rethrow_as_storage_error("cannot begin a transaction", connection_.location());
  }
}

// pqxx rolls back an uncommitted transaction when it is destroyed, and keeps
// any error from that to itself.
Transaction::~Transaction() = default;

void Transaction::execute(std::string_view sql) {
  try {
    impl_->transaction->exec(std::string(sql));
  } catch (...) {
    rethrow_as_storage_error("database error", connection_.location());
  }
}

Rows Transaction::query_with(std::string_view sql, std::span<const Value> parameters) {
  try {
    return run_query(*impl_->transaction, sql, parameters);
  } catch (...) {
    rethrow_as_storage_error("database error", connection_.location());
  }
}

void Transaction::commit() {
  try {
    impl_->transaction->commit();
  } catch (...) {
    rethrow_as_storage_error("cannot commit", connection_.location());
  }
}

void require_row(Transaction& transaction, std::string_view table, std::string_view what,
                 std::int64_t id, std::string_view lock) {
  const Rows found =
      transaction.query(fmt::format("SELECT 1 FROM {} WHERE id = $1{}", table, lock), id);
  if (found.empty()) throw StorageError(fmt::format("unknown {} id {}", what, id));
}

std::int64_t inserted_id(const Rows& returning) {
  return returning.at(0).int64(0);
}

}  // namespace bfr::clinic::postgres
