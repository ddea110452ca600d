#include "cordon/compile/dag.h"

#include <algorithm>

namespace cordon::compile {

size_t Dag::NodeHash::operator()(const Node& n) const {
  uint64_t h = n.insn.code;
  h = h * 0x9e3779b97f4a7c15ull + n.insn.k;
  h = h * 0x9e3779b97f4a7c15ull + n.next;
  h = h * 0x9e3779b97f4a7c15ull + n.jt;
  h = h * 0x9e3779b97f4a7c15ull + n.jf;
  return static_cast<size_t>(h ^ (h >> 29));
}

NodeId Dag::Add(const Node& node) {
  auto [it, inserted] = index_.try_emplace(node, static_cast<NodeId>(nodes_.size()));
  if (inserted) nodes_.push_back(node);
  return it->second;
}

NodeId Dag::Ret(uint32_t k) { return Add(Node{bpf::Insn::Stmt(bpf::kRetK, k)}); }

// A load or AND whose result nobody reads is dropped: RET K and another
// load do not read the accumulator.
bool Dag::Overwrites(NodeId next) const {
  uint16_t code = nodes_[next].insn.code;
  return code == bpf::kRetK || code == bpf::kLdAbsW;
}

NodeId Dag::Load(uint32_t offset, NodeId next) {
  if (Overwrites(next)) return next;
  return Add(Node{bpf::Insn::Stmt(bpf::kLdAbsW, offset), next});
}

NodeId Dag::And(uint32_t k, NodeId next) {
  if (Overwrites(next)) return next;
  return Add(Node{bpf::Insn::Stmt(bpf::kAndK, k), next});
}

NodeId Dag::Jump(uint16_t code, uint32_t k, NodeId t, NodeId f) {
  if (t == f) return t;
  return Add(Node{bpf::Insn::Jump(code, k, 0, 0), kNoNode, t, f});
}

std::vector<NodeId> Successors(const Dag& dag, NodeId id) {
  const Node& n = dag.node(id);
  if (n.jt != kNoNode) return {n.jt, n.jf};
  if (n.next != kNoNode) return {n.next};
  return {};
}

namespace {

// PostOrder lists the nodes reachable from `root`, each after all of its
// successors; a jump's true branch is finished before its false branch so
// that, laid out in reverse, the false branch follows the jump.
std::vector<NodeId> PostOrder(const Dag& dag, NodeId root) {
  std::vector<NodeId> order;
  std::vector<uint8_t> state(dag.size(), 0);  // 0 new, 1 open, 2 done
  std::vector<std::pair<NodeId, size_t>> stack = {{root, 0}};
  state[root] = 1;
  while (!stack.empty()) {
    auto& [id, child] = stack.back();
    std::vector<NodeId> succ = Successors(dag, id);
    if (child < succ.size()) {
      NodeId next = succ[child++];
      if (state[next] == 0) {
        state[next] = 1;
        stack.push_back({next, 0});
      }
      continue;
    }
    state[id] = 2;
    order.push_back(id);
    stack.pop_back();
  }
  return order;
}

}  // namespace

Result<std::vector<bpf::Insn>> Linearize(const Dag& dag, NodeId root) {
  // Build the program backwards: `rev` holds instructions from the last one
  // to the first; pos[n] is node n's index in `rev`. A node at rev index r
  // jumping to rev index t has the forward offset r - t - 1.
  std::vector<bpf::Insn> rev;
  std::vector<size_t> pos(dag.size(), SIZE_MAX);
  auto too_big = [&]() {
    return rev.size() > bpf::kMaxInsns;
  };
  // Emit a JA to `target`, returning its rev index.
  auto emit_ja = [&](NodeId target) {
    rev.push_back(bpf::Insn::Stmt(bpf::kJa, static_cast<uint32_t>(rev.size() - pos[target] - 1)));
    return rev.size() - 1;
  };
  for (NodeId id : PostOrder(dag, root)) {
    const Node& n = dag.node(id);
    if (n.jt != kNoNode) {
      // Conditional jump: each target within 255, else through a JA.
      size_t t = pos[n.jt];
      size_t f = pos[n.jf];
      if (rev.size() - t - 1 > 255) t = emit_ja(n.jt);
      if (rev.size() - f - 1 > 255) {
        f = emit_ja(n.jf);
        if (rev.size() - t - 1 > 255) t = emit_ja(n.jt);
      }
      bpf::Insn insn = n.insn;
      insn.jt = static_cast<uint8_t>(rev.size() - t - 1);
      insn.jf = static_cast<uint8_t>(rev.size() - f - 1);
      rev.push_back(insn);
    } else if (n.next != kNoNode) {
      if (pos[n.next] != rev.size() - 1) emit_ja(n.next);
      rev.push_back(n.insn);
    } else {
      rev.push_back(n.insn);
    }
    pos[id] = rev.size() - 1;
    if (too_big()) break;
  }
  if (too_big()) {
    return LimitExceeded("the filter needs more than " + std::to_string(bpf::kMaxInsns) +
                         " BPF instructions, the kernel's limit for one program; "
                         "split the policy or merge rules");
  }
  std::reverse(rev.begin(), rev.end());
  return rev;
}

}  // namespace cordon::compile
