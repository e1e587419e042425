#pragma once
// `bfr user add NAME --role admin|clinician`: an account of the web app,
// with the password read from standard input (one line; not echoed on a
// terminal), so it never appears in the shell history or the process list.
// `bfr user list`: the accounts and their roles.

#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

struct UserOptions {
  std::string database;
  std::string name;
  std::string role;
  CLI::App* add = nullptr;
  CLI::App* list = nullptr;
};

CLI::App* add_user_command(CLI::App& app, UserOptions& options);
int run_user(const UserOptions& options);

}  // namespace bfr::cli
