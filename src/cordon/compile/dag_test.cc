#include "cordon/compile/dag.h"

#include <gtest/gtest.h>

#include "cordon/bpf/action.h"
#include "cordon/bpf/interpreter.h"
#include "cordon/bpf/program.h"

namespace cordon::compile {
namespace {

TEST(DagTest, EqualNodesAreShared) {
  Dag dag;
  NodeId a = dag.Ret(bpf::kRetAllow);
  EXPECT_EQ(dag.Ret(bpf::kRetAllow), a);
  NodeId k = dag.Ret(bpf::kRetKillProcess);
  NodeId j1 = dag.Jump(bpf::kJeqK, 1, a, k);
  EXPECT_EQ(dag.Jump(bpf::kJeqK, 1, a, k), j1);
  EXPECT_NE(dag.Jump(bpf::kJeqK, 2, a, k), j1);
  EXPECT_EQ(dag.Jump(bpf::kJeqK, 3, a, a), a);  // one outcome: no test
  // A load nobody reads is dropped.
  EXPECT_EQ(dag.Load(bpf::kNrOffset, a), a);
  EXPECT_EQ(dag.Load(bpf::kNrOffset, dag.Load(bpf::kArchOffset, j1)), dag.Load(bpf::kArchOffset, j1));
}

TEST(DagTest, LinearizePutsFalseBranchNext) {
  Dag dag;
  NodeId root = dag.Load(bpf::kNrOffset,
                         dag.Jump(bpf::kJeqK, 0, dag.Ret(bpf::kRetAllow), dag.Ret(bpf::kRetKillProcess)));
  Result<std::vector<bpf::Insn>> insns = Linearize(dag, root);
  ASSERT_TRUE(insns.ok());
  ASSERT_EQ(insns->size(), 4u);
  EXPECT_EQ((*insns)[1].jf, 0);
  EXPECT_EQ((*insns)[1].jt, 1);
  EXPECT_EQ((*insns)[2].k, bpf::kRetKillProcess);
}

TEST(DagTest, FarJumpsGoThroughJa) {
  Dag dag;
  NodeId allow = dag.Ret(bpf::kRetAllow);
  // 300 increments of A, then RET A: the result counts the path taken.
  NodeId chain = dag.Add(Node{bpf::Insn::Stmt(bpf::kRetA, 0)});
  for (uint32_t i = 0; i < 300; ++i) {
    chain = dag.Add(Node{bpf::Insn::Stmt(BPF_ALU | BPF_ADD | BPF_K, 1 + (i & 1)), chain});
  }
  NodeId inner = dag.Jump(bpf::kJeqK, 0, allow, chain);
  NodeId root = dag.Load(bpf::kNrOffset, dag.Jump(bpf::kJeqK, 1, allow, inner));
  Result<std::vector<bpf::Insn>> insns = Linearize(dag, root);
  ASSERT_TRUE(insns.ok()) << insns.status().message();
  Result<bpf::Program> p = bpf::Program::Create(*insns);
  ASSERT_TRUE(p.ok()) << p.status().message();
  int ja = 0;
  for (const bpf::Insn& i : p->insns()) ja += i.code == bpf::kJa;
  EXPECT_GE(ja, 1);
  seccomp_data d{};
  d.nr = 1;
  EXPECT_EQ(bpf::Run(p->insns(), d), bpf::kRetAllow);
  d.nr = 0;
  EXPECT_EQ(bpf::Run(p->insns(), d), bpf::kRetAllow);
  d.nr = 2;
  EXPECT_EQ(bpf::Run(p->insns(), d), 2u + 450u);
}

TEST(DagTest, TooLargeIsAClearError) {
  Dag dag;
  NodeId chain = dag.Add(Node{bpf::Insn::Stmt(bpf::kRetA, 0)});
  for (uint32_t i = 0; i < 5000; ++i) chain = dag.And(0x80000000u | i, chain);
  Result<std::vector<bpf::Insn>> insns = Linearize(dag, chain);
  ASSERT_FALSE(insns.ok());
  EXPECT_EQ(insns.status().code(), Code::kLimit);
  EXPECT_NE(insns.status().message().find("4096"), std::string::npos);
}

}  // namespace
}  // namespace cordon::compile
