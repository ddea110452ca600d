// The outcomes yama_tree must print, derived from Yama's rules rather than
// copied from a run: the host test and the VM test compare against these.
//
//   std::vector<std::string> lines = ExpectedTree(1);   // Yama at scope 1
//   std::vector<std::string> classic = ExpectedTree(std::nullopt);  // no Yama
#ifndef CORDON_TESTS_YAMA_EXPECTED_H_
#define CORDON_TESTS_YAMA_EXPECTED_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::testing {

// ExpectedTree returns yama_tree's output lines, comment first, for Yama at
// `scope` (0..3), or for a kernel without Yama when nullopt.
std::vector<std::string> ExpectedTree(std::optional<int> scope);

// SplitLines splits `text` at newlines, dropping carriage returns (serial
// consoles add them) and a final empty line.
std::vector<std::string> SplitLines(std::string_view text);

}  // namespace cordon::testing

#endif  // CORDON_TESTS_YAMA_EXPECTED_H_
