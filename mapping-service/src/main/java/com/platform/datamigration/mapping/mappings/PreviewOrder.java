package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.support.catalog.TableInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order a grouped preview writes its mappings in: a mapping whose lookups name another mapping of the group comes
 * after it, so that its lookups find the rows that one wrote; among those free to go next, one whose target table
 * references another's target table waits for it where it can (the foreign key then finds the row), otherwise the
 * order given is kept. Lookups are the hard constraint: a group whose lookups form a cycle has no order.
 */
final class PreviewOrder {

    private PreviewOrder() {
    }

    /** A mapping of the group: its name, spec and target table as the catalog has it. */
    record Member(String name, MappingSpec spec, String targetSchema, String targetTable, List<TableInfo.ForeignKey> foreignKeys) {
    }

    /**
     * The outcome: the positions of the members in load order, or, when their lookups form a cycle, no order and the
     * positions (in the order given) of the mappings that could not be placed.
     */
    record Order(List<Integer> loadOrder, List<Integer> cycle) {

        boolean hasCycle() {
            return !cycle.isEmpty();
        }
    }

    static Order of(List<Member> members) {
        int n = members.size();
        List<Set<Integer>> lookups = new ArrayList<>();
        List<Set<Integer>> references = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Set<String> named = lookedUp(members.get(i).spec());
            Set<Integer> l = new HashSet<>();
            Set<Integer> r = new HashSet<>();
            for (int j = 0; j < n; j++) {
                Member b = members.get(j);
                if (i == j) {
                    continue;
                }
                if (named.contains(b.name())) {
                    l.add(j);
                }
                Member a = members.get(i);
                boolean sameTable = a.targetSchema().equals(b.targetSchema()) && a.targetTable().equals(b.targetTable());
                if (!sameTable && a.foreignKeys().stream()
                        .anyMatch(fk -> fk.referencedSchema().equals(b.targetSchema()) && fk.referencedTable().equals(b.targetTable()))) {
                    r.add(j);
                }
            }
            lookups.add(l);
            references.add(r);
        }
        List<Integer> order = new ArrayList<>();
        Set<Integer> placed = new HashSet<>();
        while (order.size() < n) {
            Integer next = null;
            Integer fallback = null;
            for (int i = 0; i < n && next == null; i++) {
                if (placed.contains(i) || !placed.containsAll(lookups.get(i))) {
                    continue;
                }
                if (fallback == null) {
                    fallback = i;
                }
                int candidate = i;
                if (references.get(i).stream().allMatch(j -> waitsFor(j, candidate, lookups, placed))) {
                    next = i;
                }
            }
            if (next == null) {
                next = fallback;
            }
            if (next == null) {
                List<Integer> cycle = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!placed.contains(i)) {
                        cycle.add(i);
                    }
                }
                return new Order(List.of(), List.copyOf(cycle));
            }
            order.add(next);
            placed.add(next);
        }
        return new Order(List.copyOf(order), List.of());
    }

    /** Whether {@code j} is no reason for {@code i} to wait: already placed, or itself waiting (through lookups) for it. */
    private static boolean waitsFor(int j, int i, List<Set<Integer>> lookups, Set<Integer> placed) {
        if (placed.contains(j)) {
            return true;
        }
        Set<Integer> seen = new HashSet<>();
        List<Integer> todo = new ArrayList<>(List.of(j));
        while (!todo.isEmpty()) {
            int k = todo.remove(todo.size() - 1);
            if (!seen.add(k)) {
                continue;
            }
            if (lookups.get(k).contains(i)) {
                return true;
            }
            todo.addAll(lookups.get(k));
        }
        return false;
    }

    /** The mappings a spec's fields look up, from their syntax; an expression that does not parse names none. */
    private static Set<String> lookedUp(MappingSpec spec) {
        Set<String> out = new HashSet<>();
        for (MappingSpec.Field f : spec.fields()) {
            try {
                out.addAll(Expression.lookedUpMappings(f.expression()));
            } catch (ExpressionException e) {
                // A saved mapping's expressions parse; one that no longer does fails when it is previewed, with its code.
            }
        }
        return out;
    }
}
