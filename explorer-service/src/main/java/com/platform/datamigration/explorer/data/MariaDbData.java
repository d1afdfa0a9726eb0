package com.platform.datamigration.explorer.data;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.support.catalog.TableInfo;
import org.springframework.stereotype.Component;

@Component
class MariaDbData implements DataDialect {

    @Override
    public boolean supports(DatabaseType type) {
        return type == DatabaseType.MYSQL || type == DatabaseType.MARIADB;
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String lengthExpression(TableInfo.ColumnInfo column, String quoted) {
        return switch (column.normalizedType()) {
            case "STRING", "JSON", "ENUM", "SET" -> "CHAR_LENGTH(" + quoted + ")";
            case "BYTES" -> "LENGTH(" + quoted + ")";
            default -> null;
        };
    }

    @Override
    public String truncated(TableInfo.ColumnInfo column, String quoted, int limit) {
        return switch (column.normalizedType()) {
            case "STRING", "JSON" -> "LEFT(" + quoted + ", " + limit + ")";
            case "BYTES" -> "SUBSTRING(" + quoted + ", 1, " + limit + ")";
            default -> quoted;
        };
    }

    @Override
    public String asText(String quoted) {
        return "CAST(" + quoted + " AS CHAR)";
    }
}
