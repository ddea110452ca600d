// Dag: the instruction graph a filter is lowered into before it becomes a
// linear program. Nodes are hash-consed (as Chromium's CodeGen does): asking
// for an instruction equal to an existing one, with the same successors,
// returns the existing node, so equal tails of the program exist once.
//
//   Dag dag;
//   NodeId allow = dag.Ret(SECCOMP_RET_ALLOW);
//   NodeId kill = dag.Ret(SECCOMP_RET_KILL_PROCESS);
//   NodeId root = dag.Load(kNrOffset, dag.Jump(kJeqK, 0, allow, kill));
//   std::vector<Insn> insns = TRY(Linearize(dag, root));
//
//   emits:   ld [0]; jeq #0 ? 2 : 3; ret ALLOW; ret KILL_PROCESS
#ifndef CORDON_COMPILE_DAG_H_
#define CORDON_COMPILE_DAG_H_

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/bpf/insn.h"

namespace cordon::compile {

using NodeId = uint32_t;
inline constexpr NodeId kNoNode = 0xffffffffu;

// Node is one instruction and its successors: `next` for straight-line
// instructions, `jt`/`jf` for conditional jumps, none for RET.
struct Node {
  bpf::Insn insn;  // jt/jf/k of jumps are filled in by Linearize
  NodeId next = kNoNode;
  NodeId jt = kNoNode;
  NodeId jf = kNoNode;
  bool operator==(const Node&) const = default;
};

// Dag owns the nodes; NodeIds index into it.
class Dag {
 public:
  NodeId Ret(uint32_t k);
  NodeId Load(uint32_t offset, NodeId next);
  NodeId And(uint32_t k, NodeId next);
  // Jump returns `t` itself when t == f: a test with one outcome is no test.
  NodeId Jump(uint16_t code, uint32_t k, NodeId t, NodeId f);
  // Add interns an arbitrary node (used by optimization passes).
  NodeId Add(const Node& node);

  const Node& node(NodeId id) const { return nodes_[id]; }
  size_t size() const { return nodes_.size(); }

 private:
  bool Overwrites(NodeId next) const;
  struct NodeHash {
    size_t operator()(const Node& n) const;
  };
  std::vector<Node> nodes_;
  std::unordered_map<Node, NodeId, NodeHash> index_;
};

// Successors lists the nodes `id` can continue to (0, 1 or 2).
std::vector<NodeId> Successors(const Dag& dag, NodeId id);

// Linearize lays out the nodes reachable from `root` as a program: every
// node after all its predecessors, the false branch of a jump right after
// it where possible, JA instructions where a straight-line successor is not
// next or a conditional jump's target is more than 255 instructions away.
// Fails with kLimit when the result exceeds bpf::kMaxInsns.
Result<std::vector<bpf::Insn>> Linearize(const Dag& dag, NodeId root);

}  // namespace cordon::compile

#endif  // CORDON_COMPILE_DAG_H_
