package com.platform.datamigration.mapping.mappings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.platform.datamigration.contracts.MappingSaved;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * What an admin saves: a source table, a target table, the key that makes writes idempotent, the conflict policy,
 * an optional row filter, and one expression per target field.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record MappingSpec(
        @NotBlank @Size(max = 100) String name,
        @NotNull @Valid Source source,
        @NotNull @Valid Target target,
        @NotEmpty @Size(max = 16) List<@NotBlank String> key,
        @NotNull MappingSaved.OnConflict onConflict,
        @Size(max = 4000) String filter,
        @NotEmpty @Size(max = 500) List<@Valid Field> fields) {

    public record Source(@NotNull UUID connectionId, @NotBlank @Size(max = 255) String schema, @NotBlank @Size(max = 255) String table) {
    }

    public record Target(@NotBlank @Size(max = 255) String schema, @NotBlank @Size(max = 255) String table) {
    }

    public record Field(@NotBlank @Size(max = 255) String target, @NotBlank @Size(max = 4000) String expression) {
    }
}
