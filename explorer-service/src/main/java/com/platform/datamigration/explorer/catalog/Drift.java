package com.platform.datamigration.explorer.catalog;

import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.contracts.CatalogDriftDetected.ColumnChange;
import com.platform.datamigration.contracts.CatalogDriftDetected.TableChange;
import com.platform.datamigration.contracts.CatalogDriftDetected.TableRef;
import com.platform.datamigration.contracts.CatalogDriftDetected.TableRename;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two snapshots: tables added and removed, tables renamed (one removed and one added with
 * exactly the same columns), and per table the columns added, removed or changed in type or nullability.
 */
public record Drift(List<TableRef> tablesAdded, List<TableRef> tablesRemoved, List<TableRename> tablesRenamed,
                   List<TableChange> tablesChanged) {

    public boolean isEmpty() {
        return tablesAdded.isEmpty() && tablesRemoved.isEmpty() && tablesRenamed.isEmpty() && tablesChanged.isEmpty();
    }

    public static Drift between(List<TableInfo> from, List<TableInfo> to) {
        Map<TableRef, TableInfo> before = index(from);
        Map<TableRef, TableInfo> after = index(to);
        List<TableRef> added = new ArrayList<>();
        List<TableRef> removed = new ArrayList<>();
        List<TableChange> changed = new ArrayList<>();
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(added::add);
        before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(removed::add);
        for (Map.Entry<TableRef, TableInfo> e : before.entrySet()) {
            TableInfo now = after.get(e.getKey());
            if (now != null) {
                TableChange change = compare(e.getKey(), e.getValue(), now);
                if (change != null) {
                    changed.add(change);
                }
            }
        }
        List<TableRename> renamed = new ArrayList<>();
        for (TableRef gone : List.copyOf(removed)) {
            for (TableRef fresh : List.copyOf(added)) {
                if (sameColumns(before.get(gone), after.get(fresh))) {
                    renamed.add(new TableRename(gone, fresh));
                    removed.remove(gone);
                    added.remove(fresh);
                    break;
                }
            }
        }
        return new Drift(added, removed, renamed, changed);
    }

    private static TableChange compare(TableRef ref, TableInfo from, TableInfo to) {
        List<String> columnsAdded = new ArrayList<>();
        List<String> columnsRemoved = new ArrayList<>();
        List<ColumnChange> columnsChanged = new ArrayList<>();
        for (TableInfo.ColumnInfo c : to.columns()) {
            if (from.column(c.name()) == null) {
                columnsAdded.add(c.name());
            }
        }
        for (TableInfo.ColumnInfo c : from.columns()) {
            TableInfo.ColumnInfo now = to.column(c.name());
            if (now == null) {
                columnsRemoved.add(c.name());
            } else if (!Objects.equals(c.nativeType(), now.nativeType()) || c.nullable() != now.nullable()) {
                columnsChanged.add(new ColumnChange(c.name(), c.nativeType(), now.nativeType(), c.nullable(), now.nullable()));
            }
        }
        return columnsAdded.isEmpty() && columnsRemoved.isEmpty() && columnsChanged.isEmpty() ? null
                : new TableChange(ref, columnsAdded, columnsRemoved, columnsChanged);
    }

    private static boolean sameColumns(TableInfo a, TableInfo b) {
        if (a.columns().size() != b.columns().size() || a.columns().isEmpty()) {
            return false;
        }
        for (int i = 0; i < a.columns().size(); i++) {
            TableInfo.ColumnInfo x = a.columns().get(i);
            TableInfo.ColumnInfo y = b.columns().get(i);
            if (!x.name().equals(y.name()) || !x.nativeType().equals(y.nativeType()) || x.nullable() != y.nullable()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TableRef, TableInfo> index(List<TableInfo> tables) {
        Map<TableRef, TableInfo> out = new LinkedHashMap<>();
        tables.forEach(t -> out.put(new TableRef(t.schema(), t.name()), t));
        return out;
    }
}
