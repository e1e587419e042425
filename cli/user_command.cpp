#include "cli/user_command.hpp"

#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <string>

#include "cli/clinic_cli_support.hpp"
#include "server/account_store.hpp"
#include "server/accounts.hpp"

namespace bfr::cli {

namespace {

// One line from stdin; on a terminal, asked for and not echoed.
std::string read_password() {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    fmt::print(stderr, "Password: ");
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  const bool read = static_cast<bool>(std::getline(std::cin, password));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    fmt::print(stderr, "\n");
  }
  if (!read) throw UsageError("no password on standard input");
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

std::unique_ptr<server::AccountStore> open_accounts(const std::string& database) {
  const std::string url = database.empty() ? clinic::default_database_path() : database;
  // The clinic store resolves the URL (and creates the clinic tables when new).
  const auto repository = clinic::open_repository(url);
  return server::open_account_store(url, repository->location());
}

}  // namespace

CLI::App* add_user_command(CLI::App& app, UserOptions& o) {
  auto* user = app.add_subcommand("user", "Accounts of the web app (bfr serve)");
  user->require_subcommand(1);
  o.add = user->add_subcommand(
      "add", "Add an account; the password (10-128 characters) is read from standard input");
  o.add->add_option("name", o.name, "Account name (letters, digits, '.', '_', '-')")->required();
  o.add->add_option("--role", o.role, "admin or clinician")
      ->required()
      ->check(CLI::IsMember({"admin", "clinician"}));
  o.list = user->add_subcommand("list", "List the accounts");
  for (CLI::App* command : {o.add, o.list}) add_database_option(*command, o.database);
  return user;
}

int run_user(const UserOptions& o) {
  return with_usage_errors([&] {
    if (*o.list) {
      const auto accounts = open_accounts(o.database);
      for (const server::Account& account : accounts->list_accounts()) {
        fmt::print("{:>4}  {:<24} {}\n", account.id, account.name, server::role_name(account.role));
      }
      return 0;
    }
    // Checked before the store is opened and before the password is asked.
    if (const std::string problem = server::account_name_problem(o.name); !problem.empty()) {
      throw UsageError(problem);
    }
    const std::string password = read_password();
    const auto accounts = open_accounts(o.database);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    try {
      const server::Account account =
          server::create_account(*accounts, o.name, *server::parse_role(o.role), password, now);
      fmt::print("Added account {} ({})\n", account.name, server::role_name(account.role));
    } catch (const server::AccountError& e) {
      throw UsageError(e.what());
    }
    return 0;
  });
}

}  // namespace bfr::cli
