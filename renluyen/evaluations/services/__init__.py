"""The evaluation workflow (IV.1 Step 3) as service functions, one module per part:

- `reading`: a member's criteria, maxima and totals as every screen shows them, and
  where the branch stands (reads only);
- `locks`: when the member and the branch may change scores, and the row locks;
- `scores`: the member's self-evaluation and the branch's scores, comment and maxima
  for one member, with the stored result they give;
- `branch`: the branch's sub-branches or groups, its meeting and finalizing;
- `results`: whose turn it is above the branch, and the federation's and the base
  Union's steps (forward, return, recognize, reopen).

Each write is keyword-only, runs in one transaction with the rows it changes locked,
refuses with a Vietnamese DomainError when it is not possible now, writes an audit event
on the enrollment (or the branch) and keeps the member's stored result current. Who may
call which step is the policy's; `may_act` adds which level holds the results now.
Callers use this package's names (`services.collective_set`); the modules are where a
reader finds them.
"""

from renluyen.evaluations.services.branch import (
    EarlyMeeting,
    Unfinished,
    branch_finalize,
    group_create,
    groups_assign,
    meeting_save,
    store_results,
    unfinished,
)
from renluyen.evaluations.services.locks import (
    branch_lock_problem,
    collective_problem,
    lock_for,
    locked_branch,
    self_evaluation_problem,
)
from renluyen.evaluations.services.reading import (
    LARGE_BRANCH,
    Row,
    acted_on,
    branch_evaluation,
    branch_url,
    confirmed_items,
    differs,
    evaluation_for_reading,
    evaluation_of,
    evaluation_started,
    federation_of,
    is_confirmed,
    is_large,
    results_url,
    rows_from_scores,
    rows_of,
    totals,
)
from renluyen.evaluations.services.results import (
    BranchSkipped,
    branch_forward,
    branch_recognize,
    branch_reopen,
    branch_return,
    branch_withdraw,
    branches_recognize_many,
    holder,
    level_counts,
    may_act,
)
from renluyen.evaluations.services.scores import (
    REASON_MAX_LENGTH,
    SelfEntry,
    collective_set,
    comment_set,
    group_comment_add,
    maxima_set,
    member_accept,
    reason_set,
    refresh_result,
    self_save,
)

__all__ = [
    "EarlyMeeting",
    "branch_lock_problem",
    "lock_for",
    "locked_branch",
    "acted_on",
    "differs",
    "REASON_MAX_LENGTH",
    "member_accept",
    "reason_set",
    "LARGE_BRANCH",
    "BranchSkipped",
    "Row",
    "SelfEntry",
    "Unfinished",
    "branch_evaluation",
    "branch_finalize",
    "branch_forward",
    "branch_recognize",
    "branch_reopen",
    "branch_return",
    "branch_url",
    "branch_withdraw",
    "branches_recognize_many",
    "collective_problem",
    "collective_set",
    "comment_set",
    "confirmed_items",
    "evaluation_for_reading",
    "evaluation_of",
    "evaluation_started",
    "federation_of",
    "group_comment_add",
    "group_create",
    "groups_assign",
    "holder",
    "is_confirmed",
    "is_large",
    "level_counts",
    "maxima_set",
    "may_act",
    "meeting_save",
    "refresh_result",
    "results_url",
    "rows_from_scores",
    "rows_of",
    "self_evaluation_problem",
    "self_save",
    "store_results",
    "totals",
    "unfinished",
]
