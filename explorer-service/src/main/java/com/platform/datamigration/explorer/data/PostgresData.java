package com.platform.datamigration.explorer.data;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.support.catalog.TableInfo;
import org.springframework.stereotype.Component;

@Component
class PostgresData implements DataDialect {

    @Override
    public boolean supports(DatabaseType type) {
        return type == DatabaseType.POSTGRESQL;
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String lengthExpression(TableInfo.ColumnInfo column, String quoted) {
        return switch (column.normalizedType()) {
            case "STRING", "JSON", "ENUM" -> "length(" + quoted + "::text)";
            case "BYTES" -> "octet_length(" + quoted + ")";
            default -> null;
        };
    }

    @Override
    public String truncated(TableInfo.ColumnInfo column, String quoted, int limit) {
        return switch (column.normalizedType()) {
            case "STRING", "JSON" -> "left(" + quoted + "::text, " + limit + ")";
            case "BYTES" -> "substring(" + quoted + " from 1 for " + limit + ")";
            default -> quoted;
        };
    }

    @Override
    public String asText(String quoted) {
        return quoted + "::text";
    }
}
