// open_repository() and default_database_path(): the backend-independent
// entry points of the clinic store, which pick the backend by URL scheme.

#include "clinic/repository.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "clinic/postgres_repository.hpp"
#include "clinic/sqlite_repository.hpp"

namespace bfr::clinic {

namespace {

constexpr std::string_view kSqlitePrefix = "sqlite://";
// The two spellings libpq accepts; the whole URL goes to libpq as it is.
constexpr std::array<std::string_view, 2> kPostgresPrefixes{"postgresql://", "postgres://"};

bool is_postgres_url(std::string_view url) {
  return std::ranges::any_of(kPostgresPrefixes,
                             [url](std::string_view prefix) { return url.starts_with(prefix); });
}

// "scheme://..." per RFC 3986: a letter, then letters, digits, '+', '-', '.'.
std::string_view url_scheme(std::string_view url) {
  const std::size_t separator = url.find("://");
  if (separator == std::string_view::npos || separator == 0) return {};
  const std::string_view scheme = url.substr(0, separator);
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!is_letter(scheme.front())) return {};
  for (const char c : scheme) {
    const bool allowed = is_letter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!allowed) return {};
  }
  return scheme;
}

std::filesystem::path sqlite_file_of(const std::string& url) {
  std::string_view path = url;
  if (path.starts_with(kSqlitePrefix)) {
    // "sqlite:///abs/file.db" keeps its leading slash; "sqlite://file.db" is
    // relative to the working directory.
    path.remove_prefix(kSqlitePrefix.size());
  } else if (const std::string_view scheme = url_scheme(url); !scheme.empty()) {
    throw StorageError(
        fmt::format("database URL scheme '{}' is not supported; use sqlite:///path/to.db, "
                    "postgresql://user@host/database or a file path",
                    scheme));
  }
  if (path.empty()) throw StorageError(fmt::format("no database file named in '{}'", url));
  return std::filesystem::absolute(std::filesystem::path(path)).lexically_normal();
}

void create_parent_directories(const std::filesystem::path& file) {
  std::error_code error;
  std::filesystem::create_directories(file.parent_path(), error);
  if (error) {
    throw StorageError(fmt::format("cannot create directory {} for the database: {}",
                                   file.parent_path().string(), error.message()));
  }
}

std::string_view environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string_view{} : std::string_view{value};
}

}  // namespace

std::unique_ptr<Repository> open_repository(const std::string& url) {
  if (url.empty()) throw StorageError("no database URL or path given");
  if (is_postgres_url(url)) return std::make_unique<PostgresRepository>(url);
  const std::filesystem::path file = sqlite_file_of(url);
  create_parent_directories(file);
  return std::make_unique<SqliteRepository>(file);
}

std::unique_ptr<Repository> open_existing_repository(const std::string& url) {
  if (url.empty()) throw StorageError("no database URL or path given");
  if (is_postgres_url(url)) {
    return std::make_unique<PostgresRepository>(url, PostgresRepository::Open::kExistingOnly);
  }
  const std::filesystem::path file = sqlite_file_of(url);
  if (!std::filesystem::exists(file)) {
    throw StorageError(fmt::format("no database at {}", file.string()));
  }
  return std::make_unique<SqliteRepository>(file);
}

std::string default_database_path() {
  std::filesystem::path data_home;
  // The XDG base directory spec says to ignore relative values.
  if (const std::string_view xdg = environment("XDG_DATA_HOME");
      !xdg.empty() && std::filesystem::path(xdg).is_absolute()) {
    data_home = xdg;
  } else if (const std::string_view home = environment("HOME"); !home.empty()) {
    data_home = std::filesystem::path(home) / ".local" / "share";
  } else {
    throw StorageError(
        "cannot choose a database location: neither XDG_DATA_HOME nor HOME is set; "
        "pass a database path explicitly");
  }
  return (data_home / "openbfr" / "openbfr.db").string();
}

}  // namespace bfr::clinic
