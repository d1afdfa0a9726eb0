package com.platform.datamigration.run.runs;

import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.runtime.target.TargetTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order a run loads its mappings in: a mapping whose lookups name another mapping of the run (found in the parsed
 * expressions, however the call is spelled), or whose target table references another's target table, runs in a
 * later stage than that one. A cycle is cut at the number of mappings.
 */
public final class RunStages {

    private RunStages() {
    }

    /** The stage of each mapping, in the order given. */
    public static List<Integer> of(List<Pinned> pinned) {
        int n = pinned.size();
        List<Set<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Set<Integer> d = new HashSet<>();
            Pinned a = pinned.get(i);
            Set<String> lookedUp = new HashSet<>();
            a.spec().fields().forEach(f -> lookedUp.addAll(Expression.lookedUpMappings(f.expression())));
            for (int j = 0; j < n; j++) {
                Pinned b = pinned.get(j);
                if (i == j) {
                    continue;
                }
                boolean lookup = lookedUp.contains(b.spec().name());
                boolean fk = a.target().referencedTables().contains(new TargetTable.TableRef(b.target().schema(), b.target().name()))
                        && !(a.target().schema().equals(b.target().schema()) && a.target().name().equals(b.target().name()));
                if (lookup || fk) {
                    d.add(j);
                }
            }
            deps.add(d);
        }
        Integer[] stage = new Integer[n];
        for (int round = 0; round <= n; round++) {
            for (int i = 0; i < n; i++) {
                int s = 0;
                for (int j : deps.get(i)) {
                    s = Math.max(s, (stage[j] == null ? 0 : stage[j]) + 1);
                }
                stage[i] = Math.min(s, n);
            }
        }
        return List.of(stage);
    }
}
