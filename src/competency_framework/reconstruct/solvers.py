"""The two solvers of the reconstruction, wrapped so that every published requirement carries
the id of the entry it comes from, and so that the same model gives the same answer every run.

- `CpModel`: OR-Tools CP-SAT, one worker, a fixed seed and a deterministic work limit; for
  the small assignment models (placement, occupation titles).
- `Mip`: a linear program in whole numbers written through OR-Tools' linear solver wrapper
  and solved by CP-SAT (one worker, a fixed seed, a relative gap and a deterministic work
  limit); for stage 1's two programs, whose requirements are all linear inequalities.

When the requirements cannot all hold, both name the ones that conflict (`Unsatisfiable`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: OR-Tools is an optional dependency
    from ortools.linear_solver import pywraplp
    from ortools.sat.python import cp_model

SEED = 20250
WORK_LIMIT = 30.0  # CP-SAT: deterministic time units per solve (the same stop every run)
DIAGNOSIS_SECONDS = 120.0  # wall-clock cap on naming the requirements that conflict
MIP_GAP = 0.02  # `Mip` stops within 2% of the best plausibility cost
MIP_WORK_LIMIT = 600.0  # `Mip`: deterministic time units per solve
SLACK_MAX = 100_000  # a freed slack's bound


class Unsatisfiable(ValueError):
    """The published figures cannot all hold under the model; names the requirements."""

    def __init__(self, stage: str, names: list[str]) -> None:
        self.stage, self.names = stage, names
        super().__init__(f"{stage}: these published requirements cannot hold together: "
                         + ", ".join(names))


def _log() -> bool:
    return bool(os.environ.get("RECONSTRUCT_LOG"))


class CpModel:
    """A CP-SAT model whose published requirements carry named enforcement literals.

    It is solved with every requirement on; only when that is infeasible is it solved again
    with the requirements as assumptions, to name a set of them that cannot hold together.
    """

    def __init__(self, stage: str) -> None:
        from ortools.sat.python import cp_model

        self.cp = cp_model
        self.m = cp_model.CpModel()
        self.stage = stage
        self.lits: dict[str, cp_model.IntVar] = {}

    def require(self, name: str, ct: cp_model.Constraint, *extra: cp_model.LiteralT) -> None:
        """Enforce `ct` under the literal of requirement `name` (and any `extra` literals)."""
        if name not in self.lits:
            self.lits[name] = self.m.new_bool_var(name)
        ct.OnlyEnforceIf([self.lits[name], *extra])

    def _solver(self) -> cp_model.CpSolver:
        solver = self.cp.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = SEED
        solver.parameters.max_deterministic_time = WORK_LIMIT
        solver.parameters.log_search_progress = _log()
        return solver

    def solve(self, objective: cp_model.LinearExprT | None = None) -> cp_model.CpSolver:
        """Solve with every requirement on; raise `Unsatisfiable` naming a conflicting set."""
        if objective is not None:
            self.m.minimize(objective)
        fixed = self.m.clone()
        for lit in self.lits.values():
            fixed.add(lit == 1)
        solver = self._solver()
        status = solver.Solve(fixed)
        if status in (self.cp.OPTIMAL, self.cp.FEASIBLE):
            return solver
        if status != self.cp.INFEASIBLE:
            raise RuntimeError(f"{self.stage}: no solution within the work limit "
                               f"({solver.StatusName(status)})")
        self.m.clear_objective()
        self.m.add_assumptions(list(self.lits.values()))
        diag = self._solver()
        diag.parameters.max_time_in_seconds = DIAGNOSIS_SECONDS
        if diag.Solve(self.m) == self.cp.INFEASIBLE:
            core = diag.SufficientAssumptionsForInfeasibility()
            names = sorted({self.m.get_bool_var_from_proto_index(i).name for i in core})
        else:
            names = ["(could not isolate them within the time allowed)"]
        raise Unsatisfiable(self.stage, names)


class Mip:
    """A linear program in whole numbers whose published requirements are named.

    Each requirement carries a slack held at zero; when the program is infeasible, the slacks
    are freed and their sum minimised, and the entries whose slack is used are named.
    """

    def __init__(self, stage: str) -> None:
        from ortools.linear_solver import pywraplp

        self.lp = pywraplp
        self.s = pywraplp.Solver.CreateSolver("CP_SAT")
        self.stage = stage
        self.slacks: list[tuple[str, pywraplp.Variable]] = []
        self.n = 0

    def _var(self, lo: int, hi: float) -> pywraplp.Variable:
        self.n += 1
        return self.s.IntVar(lo, hi, f"v{self.n}")

    def int_var(self, lo: int, hi: int) -> pywraplp.Variable:
        return self._var(lo, hi)

    def bool_var(self) -> pywraplp.Variable:
        return self._var(0, 1)

    def sum(self, items: Iterable[Any]) -> pywraplp.LinearExpr:
        return self.s.Sum(list(items))

    def add(self, ct: pywraplp.Constraint) -> None:
        self.s.Add(ct)

    def require(self, name: str, lhs: pywraplp.LinearExpr, sense: str,
                rhs: pywraplp.LinearExpr | int) -> None:
        """A published requirement `lhs <sense> rhs` named after its entry."""
        gap = lhs - rhs
        slack = self.s.IntVar  # a whole number held at 0
        if sense in ("==", ">="):  # room below
            up = slack(0, 0, f"{name}-below")
            self.slacks.append((name, up))
            gap = gap + up
        if sense in ("==", "<="):  # room above
            down = slack(0, 0, f"{name}-above")
            self.slacks.append((name, down))
            gap = gap - down
        self.s.Add({"==": gap == 0, "<=": gap <= 0, ">=": gap >= 0}[sense])

    def _solve(self) -> int:
        self.s.SetSolverSpecificParametersAsString(
            f"num_workers:1 random_seed:{SEED} max_deterministic_time:{MIP_WORK_LIMIT} "
            f"relative_gap_limit:{MIP_GAP} log_search_progress:{str(_log()).lower()}")
        if _log():
            self.s.EnableOutput()
        return self.s.Solve()

    def solve(self, cost: pywraplp.LinearExpr | int) -> Callable[[pywraplp.Variable], int]:
        """Minimise `cost` under every requirement; returns a function giving a variable's
        whole value. Raises `Unsatisfiable` naming the requirements that cannot hold."""
        self.s.Minimize(cost)
        status = self._solve()
        if status in (self.lp.Solver.OPTIMAL, self.lp.Solver.FEASIBLE):
            return lambda var: round(var.solution_value())
        if status != self.lp.Solver.INFEASIBLE:
            raise RuntimeError(f"{self.stage}: the solver stopped with status {status}")
        for _, slack in self.slacks:
            slack.SetUb(SLACK_MAX)
        self.s.Minimize(self.sum(slack for _, slack in self.slacks))
        self.s.SetTimeLimit(int(DIAGNOSIS_SECONDS * 1000))
        self._solve()
        names = sorted({name for name, slack in self.slacks if slack.solution_value() > 0.5})
        raise Unsatisfiable(self.stage, names or ["(could not isolate them in the time allowed)"])
