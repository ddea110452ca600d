// The subcommands of the `cordon` binary. Each lives in its own file
// (compile_cmd.cc, run_cmd.cc, ...) and is listed once in main.cc's table.
// A subcommand receives its own argv (argv[0] is the subcommand name) and
// returns the process exit status; the cli is the only layer that prints to
// the user and maps Status to exit codes (exit_codes.h).
#ifndef CORDON_CLI_COMMANDS_H_
#define CORDON_CLI_COMMANDS_H_

namespace cordon::cli {

int CompileMain(int argc, char** argv);
int DisasmMain(int argc, char** argv);
int SimMain(int argc, char** argv);
int LintMain(int argc, char** argv);
int AuditMain(int argc, char** argv);
int YamaMain(int argc, char** argv);
int RunMain(int argc, char** argv);

}  // namespace cordon::cli

#endif  // CORDON_CLI_COMMANDS_H_
