package com.platform.datamigration.mapping.target;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's own database that migrations write into ({@code dm.mapping.target.*}), and which of its tables
 * mappings may target.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${PLATFORM_DB}} by default
 * @param schemas  schemas whose tables are targets
 * @param excluded {@code schema.table} names never offered as targets
 */
@ConfigurationProperties("dm.mapping.target")
public record TargetProperties(
        String jdbcUrl,
        String username,
        String password,
        @DefaultValue("public") List<String> schemas,
        @DefaultValue List<String> excluded) {
}
